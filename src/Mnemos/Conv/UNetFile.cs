// U-Net model files: safetensors whose tensors are the PyTorch module's state_dict (names, shapes,
// float32, C order), so torch's load_state_dict takes them as they are, and whose metadata holds
// the format, its version and the spec. Written atomically.
using System.Globalization;
using Mnemos.Formats;
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>Saves and loads a <see cref="UNet"/> as <c>mnemos.unet</c> safetensors.</summary>
internal static class UNetFile
{
    public const string Format = "mnemos.unet";
    public const int FormatVersion = 1;

    const string FormatKey = "format", VersionKey = "format_version", ChannelsKey = "image_channels", HeightKey = "height",
        WidthKey = "width", DepthKey = "depth", BaseKey = "base_channels", KernelKey = "kernel", ActivationKey = "activation";

    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the file could not be used).</exception>
    public static void Save(string path, UNet net)
    {
        CheckFinite(net);
        Safetensors.Write(path, new SafetensorsFile(Metadata(net), Tensors(net)));
    }

    /// <summary>The metadata keys of the format and the spec (<see cref="Metadata"/> writes them all).</summary>
    internal static IReadOnlySet<string> MetadataKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
        { FormatKey, VersionKey, ChannelsKey, HeightKey, WidthKey, DepthKey, BaseKey, KernelKey, ActivationKey };

    /// <exception cref="ArgumentException">A parameter is NaN or infinite, named by its index.</exception>
    internal static void CheckFinite(UNet net)
    {
        ArgumentNullException.ThrowIfNull(net);
        for (int i = 0; i < net.Parameters.Length; i++)
            if (!float.IsFinite(net.Parameters[i]))
                throw new ArgumentException($"parameter {i} is {net.Parameters[i]}: a model with non-finite parameters is not saved");
    }

    internal static Dictionary<string, string> Metadata(UNet net)
    {
        var s = net.Spec;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = Format,
            [VersionKey] = Text(FormatVersion),
            [ChannelsKey] = Text(s.ImageChannels),
            [HeightKey] = Text(s.Height),
            [WidthKey] = Text(s.Width),
            [DepthKey] = Text(s.Depth),
            [BaseKey] = Text(s.BaseChannels),
            [KernelKey] = Text(s.Kernel),
            [ActivationKey] = s.Activation.Name(),
        };
    }

    internal static Dictionary<string, TensorEntry> Tensors(UNet net) => net.ParameterTensors.ToDictionary(t => t.Name,
        t => TensorEntry.F32(t.Shape, net.Parameters.AsSpan(t.Offset, t.Length).ToArray()), StringComparer.Ordinal);

    /// <summary>Reads a model; a wrong format, version, spec, missing or extra tensor or wrong shape throws <see cref="InvalidDataException"/> naming it.</summary>
    public static UNet Load(string path) => FromFile(Safetensors.Read(path), path, extraPrefix: null);

    /// <summary>The network in <paramref name="file"/>; tensors starting with <paramref name="extraPrefix"/> are left to the caller.</summary>
    internal static UNet FromFile(SafetensorsFile file, string path, string? extraPrefix)
    {
        var m = file.Metadata;
        string format = m.TryGetValue(FormatKey, out var f) ? f : "(none)";
        if (format != Format)
            throw new InvalidDataException($"{path}: format '{format}', expected '{Format}' (a U-Net model file written by Mnemos)");
        int version = Int(m, VersionKey, path);
        if (version != FormatVersion)
            throw new InvalidDataException($"{path}: {Format} version {version}, this Mnemos reads version {FormatVersion}: use a matching Mnemos to convert it");
        string activationText = m.TryGetValue(ActivationKey, out var a) ? a : "(none)";
        if (!Activations.TryParse(activationText, out var activation))
            throw new InvalidDataException($"{path}: activation '{activationText}' is unknown; expected one of {string.Join(", ", Activations.Names)}");
        UNetSpec spec = new(Int(m, ChannelsKey, path), Int(m, HeightKey, path), Int(m, WidthKey, path), Int(m, DepthKey, path),
            Int(m, BaseKey, path), activation, Int(m, KernelKey, path));
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        var net = new UNet(spec);
        foreach (var t in net.ParameterTensors)
        {
            if (!file.Tensors.TryGetValue(t.Name, out var entry))
                throw new InvalidDataException($"{path}: tensor '{t.Name}' is missing");
            if (!entry.Shape.SequenceEqual(t.Shape))
                throw new InvalidDataException(
                    $"{path}: tensor '{t.Name}' has shape {Safetensors.FormatShape(entry.Shape)}, expected {Safetensors.FormatShape(t.Shape)}");
            entry.Data.CopyTo(net.Parameters, t.Offset);
        }
        foreach (string name in file.Tensors.Keys)
            if (!(extraPrefix is not null && name.StartsWith(extraPrefix, StringComparison.Ordinal)) && !net.ParameterTensors.Any(t => t.Name == name))
                throw new InvalidDataException($"{path}: tensor '{name}' is not a parameter of this U-Net");
        return net;
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    static int Int(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        if (!metadata.TryGetValue(key, out var text))
            throw new InvalidDataException($"{path}: metadata '{key}' is missing");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw new InvalidDataException($"{path}: metadata '{key}' is '{text}', expected an integer");
        return value;
    }
}
