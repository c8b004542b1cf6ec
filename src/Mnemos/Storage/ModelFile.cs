// Mnemos model files: an Mlp saved as safetensors with PyTorch parameter names (layers.{l}.weight
// [out, in], layers.{l}.bias [out]), the architecture and format version in __metadata__, and
// optional extra float tensors (e.g. memory.examples). Format described in docs/model-format.md.
using System.Globalization;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Storage;

/// <summary>A loaded model file: the network, its metadata and any extra tensors saved with it.</summary>
internal sealed record SavedModel(Mlp Model, ModelMetadata Metadata, IReadOnlyDictionary<string, TensorEntry> Extras);

/// <summary>Saves and loads <see cref="Mlp"/> networks; load failures throw <see cref="InvalidDataException"/> naming the problem.</summary>
internal static class ModelFile
{
    public const string Format = "mnemos.mlp";
    public const int FormatVersion = 1;

    /// <summary>Tensor names starting with this belong to the network; every other tensor is an extra.</summary>
    public const string ParameterPrefix = "layers.";

    const string FormatKey = "format", VersionKey = "format_version", InputKey = "input_size", OutputKey = "output_size",
        DepthKey = "depth", WidthKey = "width", ActivationKey = "activation", BiasKey = "bias";

    /// <summary>Metadata keys the format defines; <see cref="ModelMetadata.Extra"/> may use any other.</summary>
    public static IReadOnlySet<string> ReservedKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FormatKey, VersionKey, InputKey, OutputKey, DepthKey, WidthKey, ActivationKey, BiasKey,
        ModelMetadataCodec.Training, ModelMetadataCodec.DataSha256, ModelMetadataCodec.DataShape, ModelMetadataCodec.LossHistory,
    };

    /// <summary>
    /// Writes the model atomically. Throws <see cref="ArgumentException"/> for non-finite
    /// parameters (the file could not be loaded), extras named "layers.*" or reserved metadata keys.
    /// </summary>
    public static void Save(string path, Mlp model, ModelMetadata? metadata = null, IReadOnlyDictionary<string, TensorEntry>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var spec = model.Spec;
        var entries = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = Format,
            [VersionKey] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [InputKey] = spec.InputSize.ToString(CultureInfo.InvariantCulture),
            [OutputKey] = spec.OutputSize.ToString(CultureInfo.InvariantCulture),
            [DepthKey] = spec.Depth.ToString(CultureInfo.InvariantCulture),
            [WidthKey] = spec.Width.ToString(CultureInfo.InvariantCulture),
            [ActivationKey] = spec.Activation.Name(),
            [BiasKey] = spec.Bias ? "true" : "false",
        };
        ModelMetadataCodec.Encode(metadata ?? new ModelMetadata(), entries);

        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var info in model.ParameterInfos)
        {
            var values = model.Parameters.AsSpan(info.Offset, info.Length);
            if (FirstNonFinite(values) is { } bad)
                throw new ArgumentException($"{info.Name}{Index(info.Shape, bad)} is {values[bad]}: a model with non-finite parameters cannot be saved");
            tensors.Add(info.Name, TensorEntry.F32(info.Shape, values.ToArray()));
        }
        foreach (var (name, entry) in extras ?? new Dictionary<string, TensorEntry>())
        {
            if (name.StartsWith(ParameterPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"extra tensor '{name}': names starting with '{ParameterPrefix}' belong to the network");
            tensors.Add(name, entry);
        }
        Safetensors.Write(path, new SafetensorsFile(entries, tensors));
    }

    public static SavedModel Load(string path)
    {
        SafetensorsFile file;
        try
        {
            file = Safetensors.Read(path);
        }
        catch (InvalidDataException ex) when (ex.InnerException is InvalidDataException inner)
        {
            throw new InvalidDataException($"{path}: not a valid safetensors file: {inner.Message}", ex);
        }
        return Safetensors.WithPath(path, () => Printable(() => FromFile(file)));
    }

    // Keys, names and values in the messages come from the file: control characters (a newline, an
    // escape sequence) become '?' so the error stays one harmless line.
    static T Printable<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) when (e.Message.Any(char.IsControl))
        {
            throw new InvalidDataException(new string(e.Message.Select(c => char.IsControl(c) ? '?' : c).ToArray()), e);
        }
    }

    /// <summary>Reads the architecture and metadata without loading parameters.</summary>
    public static (MlpSpec Spec, ModelMetadata Metadata) Inspect(string path)
    {
        var header = Safetensors.ReadHeader(path);
        return Safetensors.WithPath(path, () => Printable(() => (ReadSpec(header.Metadata, header.Tensors.Count), ModelMetadataCodec.Decode(header.Metadata))));
    }

    internal static SavedModel FromFile(SafetensorsFile file)
    {
        var spec = ReadSpec(file.Metadata, file.Tensors.Count);
        var metadata = ModelMetadataCodec.Decode(file.Metadata);
        string architecture = $"depth {spec.Depth} width {spec.Width} (input size {spec.InputSize}, output size {spec.OutputSize}, bias {(spec.Bias ? "true" : "false")})";
        // Check every tensor against the spec before building the Mlp, so the metadata cannot
        // make it allocate more than the file really holds.
        foreach (var (name, shape) in ExpectedParameters(spec))
        {
            if (!file.Tensors.TryGetValue(name, out var entry))
                throw new InvalidDataException($"tensor {name} is missing: {architecture} needs it");
            if (!entry.Shape.AsSpan().SequenceEqual(shape))
                throw new InvalidDataException($"{name} has shape {Safetensors.FormatShape(entry.Shape)}, expected {Safetensors.FormatShape(shape)} for {architecture}");
            if (FirstNonFinite(entry.Data) is { } bad)
                throw new InvalidDataException($"{name}{Index(shape, bad)} is {entry.Data[bad]}: the file holds a diverged or damaged model");
        }
        var model = new Mlp(spec);
        foreach (var info in model.ParameterInfos)
            file.Tensors[info.Name].Data.CopyTo(model.Parameters, info.Offset);
        var parameterNames = model.ParameterInfos.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var extras = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var (name, entry) in file.Tensors)
        {
            if (parameterNames.Contains(name)) continue;
            if (name.StartsWith(ParameterPrefix, StringComparison.Ordinal))
                throw new InvalidDataException($"unexpected tensor {name}: a network of {architecture} has no such parameter");
            extras.Add(name, entry);
        }
        return new SavedModel(model, metadata, extras);
    }

    static MlpSpec ReadSpec(IReadOnlyDictionary<string, string> entries, int tensorCount)
    {
        if (!entries.TryGetValue(FormatKey, out var format))
            throw new InvalidDataException($"metadata has no '{FormatKey}' key: expected format {Format} (a safetensors file, but not a Mnemos model)");
        if (format != Format) throw new InvalidDataException($"expected format {Format}, found '{format}'");
        long version = Integer(entries, VersionKey);
        if (version > FormatVersion) throw new InvalidDataException($"file has format_version {version}; this Mnemos reads {FormatVersion}: upgrade Mnemos");
        if (version < 1) throw new InvalidDataException($"format_version {version} is not a valid version; this Mnemos reads {FormatVersion}");
        string activationName = Required(entries, ActivationKey);
        // Exact names only (no aliases or case folding), so every reader agrees on the file.
        if (!Activations.TryParse(activationName, out var activation) || activation.Name() != activationName)
            throw new InvalidDataException($"metadata activation '{activationName}' is unknown: expected one of {string.Join(", ", Activations.Names)}");
        string biasText = Required(entries, BiasKey);
        if (biasText is not ("true" or "false")) throw new InvalidDataException($"metadata bias '{biasText}': expected true or false");
        int depth = SizeOf(entries, DepthKey);
        // Each layer has a weight tensor; bounding depth by the tensor count keeps Validate's
        // per-layer loop as short as the file.
        if (depth >= tensorCount)
            throw new InvalidDataException($"metadata depth {depth} needs {(long)depth + 1} weight tensors but the file holds {tensorCount} tensors");
        var spec = new MlpSpec(SizeOf(entries, InputKey), SizeOf(entries, OutputKey), depth, SizeOf(entries, WidthKey), activation, biasText == "true");
        try
        {
            spec.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"metadata describes an invalid network: {ex.Message}", ex);
        }
        return spec;
    }

    /// <summary>Names and shapes of the parameters, in the order and naming of <see cref="Mlp.ParameterInfos"/>.</summary>
    static IEnumerable<(string Name, int[] Shape)> ExpectedParameters(MlpSpec spec)
    {
        for (int l = 0; l < spec.LayerCount; l++)
        {
            yield return ($"layers.{l}.weight", [spec.LayerOutputs(l), spec.LayerInputs(l)]);
            if (spec.Bias) yield return ($"layers.{l}.bias", [spec.LayerOutputs(l)]);
        }
    }

    static string Required(IReadOnlyDictionary<string, string> entries, string key) =>
        entries.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"metadata has no '{key}' key");

    static long Integer(IReadOnlyDictionary<string, string> entries, string key)
    {
        string text = Required(entries, key);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"metadata {key} '{text}' is not an integer");
    }

    static int SizeOf(IReadOnlyDictionary<string, string> entries, string key)
    {
        long value = Integer(entries, key);
        return value is >= 0 and <= int.MaxValue ? (int)value : throw new InvalidDataException($"metadata {key} {value}: must be between 0 and {int.MaxValue}");
    }

    static int? FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return null;
    }

    /// <summary>"[r, c]" for a flat index into a [rows, cols] weight, "[i]" for a bias.</summary>
    static string Index(int[] shape, int flat) => shape.Length == 2 ? $"[{flat / shape[1]}, {flat % shape[1]}]" : $"[{flat}]";
}
