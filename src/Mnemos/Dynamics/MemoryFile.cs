// A memory saved as a model file: the network's tensors plus "memory.examples" (the stored xᵢ),
// "memory.anchors" (the located fixed points x̂ᵢ) and, for sequence memories, the cycles in the
// metadata ("memory.cycles" = "0,1,2;3,4,5"), and for certified autoencoders ρ(J_f(x̂ᵢ)) per example
// ("memory.spectral_radii", round-trip decimal), which strict recall matching uses, and whether
// each example (or cycle) is stored ("memory.stored", 1 or 0 per unit: recall matches stored rows
// only). Certify and recall need nothing else. The network is a fully connected model file
// (ModelFile, format mnemos.mlp) or a U-Net model file (UNetFile, format mnemos.unet).
using System.Globalization;
using Mnemos.Conv;
using Mnemos.Formats;
using Mnemos.Storage;

namespace Mnemos.Dynamics;

/// <summary>Saves and loads <see cref="AssociativeMemory"/> with its model (atomically).</summary>
internal static class MemoryFile
{
    public const string ExamplesTensor = "memory.examples", AnchorsTensor = "memory.anchors", CyclesKey = "memory.cycles",
        RadiiKey = "memory.spectral_radii", StoredKey = "memory.stored";

    /// <summary>Every tensor and metadata key of the memory (as opposed to the network) starts with this.</summary>
    const string MemoryPrefix = "memory.";

    public static void Save(string path, AssociativeMemory memory, ModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        metadata ??= new ModelMetadata();
        var extra = new Dictionary<string, string>(metadata.Extra, StringComparer.Ordinal);
        if (memory.IsSequence)
            extra[CyclesKey] = string.Join(";", memory.Cycles.Select(c => string.Join(",", c.Select(i => i.ToString(CultureInfo.InvariantCulture)))));
        if (memory.StoredRows is { } rows)
            extra[StoredKey] = string.Join(",", UnitFlags(memory, rows).Select(s => s ? "1" : "0"));
        if (memory.SpectralRadii is { } radii)
            extra[RadiiKey] = string.Join(",", radii.Select(r => r.ToString("R", CultureInfo.InvariantCulture)));
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal)
        {
            [ExamplesTensor] = TensorEntry.FromMatrix(memory.Examples),
            [AnchorsTensor] = TensorEntry.FromMatrix(memory.Anchors),
        };
        if (memory.Map is UNetMap unet) SaveUNet(path, unet.Net, metadata with { Extra = extra }, tensors);
        else ModelFile.Save(path, memory.Model, metadata with { Extra = extra }, tensors);
    }

    // A U-Net memory: the U-Net model file (UNetFile: format mnemos.unet, PyTorch names) plus the
    // memory.* tensors and the same memory and training metadata as a fully connected one.
    static void SaveUNet(string path, UNet net, ModelMetadata metadata, Dictionary<string, TensorEntry> memoryTensors)
    {
        UNetFile.CheckFinite(net);
        var entries = UNetFile.Metadata(net);
        ModelMetadataCodec.Encode(metadata with { Extra = metadata.Extra.Where(e => !UNetFile.MetadataKeys.Contains(e.Key)).ToDictionary() }, entries);
        var tensors = UNetFile.Tensors(net);
        foreach (var (name, tensor) in memoryTensors) tensors.Add(name, tensor);
        Safetensors.Write(path, new SafetensorsFile(entries, tensors));
    }

    /// <summary>
    /// Loads a memory, fully connected or U-Net as the file's format metadata says; a plain model
    /// file without stored examples is refused with a message saying so.
    /// </summary>
    public static (AssociativeMemory Memory, ModelMetadata Metadata) Load(string path)
    {
        var saved = IsUNet(path) ? LoadUNet(path) : LoadMlp(path);
        if (!saved.Extras.TryGetValue(ExamplesTensor, out var examples))
            throw new InvalidDataException($"'{path}' holds a model but no stored examples (tensor '{ExamplesTensor}'): make it with 'mnemos store'");
        var examplesMatrix = ToFiniteMatrix(path, ExamplesTensor, examples);
        var anchors = saved.Extras.TryGetValue(AnchorsTensor, out var a) ? ToFiniteMatrix(path, AnchorsTensor, a) : null;
        IReadOnlyList<int[]>? cycles = null;
        if (saved.Metadata.Extra.TryGetValue(CyclesKey, out var text))
        {
            try
            {
                cycles = text.Split(';').Select(c => c.Split(',').Select(i => int.Parse(i, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InvalidDataException($"'{path}': metadata {CyclesKey} '{Shorten(text)}' is not a list of cycles like 0,1,2;3,4,5 (row indices below {int.MaxValue})");
            }
        }
        double[]? radii = null;
        if (saved.Metadata.Extra.TryGetValue(RadiiKey, out var list))
        {
            try
            {
                radii = list.Split(',').Select(r => double.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InvalidDataException($"'{path}': metadata {RadiiKey} '{Shorten(list)}' is not a list of numbers");
            }
        }
        string? storedText = saved.Metadata.Extra.TryGetValue(StoredKey, out var flags) ? flags : null;
        try
        {
            var memory = new AssociativeMemory(saved.Map, examplesMatrix, cycles, anchors);
            if (radii is not null) memory = memory.WithSpectralRadii(radii);
            if (storedText is not null) memory = memory.WithStoredRows(RowFlags(memory, ParseFlags(path, storedText)));
            return (memory, saved.Metadata);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    sealed record Saved(IMemoryMap Map, ModelMetadata Metadata, IReadOnlyDictionary<string, TensorEntry> Extras);

    static Saved LoadMlp(string path)
    {
        var saved = ModelFile.Load(path);
        return new Saved(new MlpMap(saved.Model), saved.Metadata, saved.Extras);
    }

    static Saved LoadUNet(string path)
    {
        var file = Safetensors.Read(path);
        var net = UNetFile.FromFile(file, path, MemoryPrefix);
        var metadata = Safetensors.WithPath(path, () => ModelMetadataCodec.Decode(file.Metadata));
        metadata = metadata with { Extra = metadata.Extra.Where(e => !UNetFile.MetadataKeys.Contains(e.Key)).ToDictionary() };
        var extras = file.Tensors.Where(t => t.Key.StartsWith(MemoryPrefix, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);
        return new Saved(new UNetMap(net), metadata, extras);
    }

    // The format key alone decides; a file whose header cannot be read goes to ModelFile, whose
    // messages say what is wrong with it.
    static bool IsUNet(string path)
    {
        try
        {
            return Safetensors.ReadHeader(path).Metadata.TryGetValue("format", out var format) && format == UNetFile.Format;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // One flag per unit: per example, or per cycle (every row of a cycle shares its cycle's flag).
    static bool[] UnitFlags(AssociativeMemory memory, IReadOnlyList<bool> rows) =>
        memory.IsSequence ? memory.Cycles.Select(c => rows[c[0]]).ToArray() : rows.ToArray();

    static bool[] RowFlags(AssociativeMemory memory, bool[] units)
    {
        int expected = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        if (units.Length != expected)
            throw new ArgumentException($"metadata {StoredKey} has {units.Length} flags for {expected} stored {(memory.IsSequence ? "cycles" : "examples")}");
        if (!memory.IsSequence) return units;
        var rows = new bool[memory.Count];
        for (int c = 0; c < memory.Cycles.Count; c++)
            foreach (int row in memory.Cycles[c]) rows[row] = units[c];
        return rows;
    }

    static bool[] ParseFlags(string path, string text) => text.Split(',').Select(f => f switch
    {
        "1" => true,
        "0" => false,
        _ => throw new InvalidDataException($"'{path}': metadata {StoredKey} '{Shorten(text)}' is not a list of 1 and 0"),
    }).ToArray();

    // A [rows, cols] float tensor of finite values: NaN or ±∞ in a stored example would match nothing
    // (or everything) in recall, so the file is refused, naming the first bad entry.
    static Tensors.Matrix ToFiniteMatrix(string path, string name, TensorEntry tensor)
    {
        if (tensor.Shape.Length != 2 || tensor.Shape[0] == 0 || tensor.Shape[1] == 0)
            throw new InvalidDataException($"'{path}': tensor {name} has shape [{string.Join(", ", tensor.Shape)}], expected [examples, dimension] with both at least 1");
        Tensors.Matrix matrix;
        try { matrix = tensor.ToMatrix(); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"'{path}': tensor {name} of shape [{string.Join(", ", tensor.Shape)}] is not a float matrix: {Shorten(e.Message)}", e);
        }
        var values = matrix.Span;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new InvalidDataException(FormattableString.Invariant(
                    $"'{path}': tensor {name} [{i / matrix.Cols}, {i % matrix.Cols}] is {values[i]}: stored examples and fixed points must be finite"));
        return matrix;
    }

    // Metadata values come from the file: cut them short and keep them on one line.
    static string Shorten(string text)
    {
        string line = new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= 40 ? line : line + "…";
    }
}
