// The JSON header of a safetensors file: parsing and every structural check (names, dtypes,
// shapes, offsets). Nothing here reads tensor data; Safetensors.cs does that once this passes.
using System.Text.Json;
using System.Text.Unicode;

namespace Mnemos.Formats;

/// <summary>Name, on-disk dtype, shape and byte range (relative to the data buffer) of one tensor.</summary>
internal sealed record TensorInfo(string DType, int[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => Safetensors.FormatShape(Shape);
}

/// <summary>What a safetensors header declares; <see cref="DataStart"/> is the data buffer's file offset.</summary>
internal sealed record SafetensorsHeader(
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, TensorInfo> Tensors,
    long DataStart,
    long DataLength);

internal static class SafetensorsDTypes
{
    // Name, bytes per element, and the conversion Mnemos has for it (null: known but refused).
    static readonly (string Name, int Size, ElementType? Type)[] table =
    [
        ("F64", 8, ElementType.F64), ("F32", 4, ElementType.F32), ("F16", 2, ElementType.F16),
        ("BF16", 2, ElementType.BF16), ("I64", 8, ElementType.I64), ("I32", 4, ElementType.I32),
        ("I16", 2, ElementType.I16), ("I8", 1, ElementType.I8), ("U64", 8, ElementType.U64),
        ("U32", 4, ElementType.U32), ("U16", 2, ElementType.U16), ("U8", 1, ElementType.U8),
        ("BOOL", 1, ElementType.Bool), ("F8_E5M2", 1, null), ("F8_E4M3", 1, null),
        ("F8_E8M0", 1, null), ("C64", 8, null),
    ];

    public static string Known => string.Join(", ", table.Select(t => t.Name));

    public static string Convertible => string.Join(", ", table.Where(t => t.Type != null).Select(t => t.Name));

    public static bool TryGet(string name, out int size, out ElementType? type)
    {
        foreach (var t in table)
        {
            if (t.Name == name)
            {
                (size, type) = (t.Size, t.Type);
                return true;
            }
        }
        (size, type) = (0, null);
        return false;
    }
}

internal static class SafetensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Parses and validates the header bytes against a data buffer of dataLength bytes.</summary>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json, long dataStart, long dataLength)
    {
        if (!Utf8.IsValid(json)) throw Bad("header is not valid UTF-8: not a safetensors file, or a damaged one");
        if (json.Length == 0 || json[0] != (byte)'{')
            throw Bad($"header starts with {(json.Length == 0 ? "nothing" : $"byte 0x{json[0]:X2}")} instead of '{{': not a safetensors file");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw Bad($"header is not valid JSON: {FileText.Escape(ex.Message)}");
        }
        using (document)
            return FromJson(document.RootElement, dataStart, dataLength);
    }

    static SafetensorsHeader FromJson(JsonElement root, long dataStart, long dataLength)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Bad($"header is a JSON {root.ValueKind}, expected an object");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw Bad($"name {Q(property.Name)} appears twice in the header");
            if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata);
            else tensors.Add(property.Name, ReadTensor(property.Name, property.Value, dataLength));
        }
        CheckCoverage(tensors, dataLength);
        var sorted = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal)) sorted.Add(name, tensors[name]);
        return new SafetensorsHeader(metadata, sorted, dataStart, dataLength);
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad($"{MetadataKey} is a JSON {value.ValueKind}, expected an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Bad($"{MetadataKey} value of {Q(entry.Name)} is a JSON {entry.Value.ValueKind}, expected a string");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!)) throw Bad($"{MetadataKey} key {Q(entry.Name)} appears twice");
        }
    }

    static TensorInfo ReadTensor(string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad($"tensor {Q(name)} is a JSON {value.ValueKind}, expected an object with dtype, shape and data_offsets");
        JsonElement? dtypeJson = null, shapeJson = null, offsetsJson = null;
        foreach (var field in value.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeJson;
            if (field.Name == "dtype") slot = ref dtypeJson;
            else if (field.Name == "shape") slot = ref shapeJson;
            else if (field.Name == "data_offsets") slot = ref offsetsJson;
            else throw Bad($"tensor {Q(name)} has unknown field {Q(field.Name)}: expected dtype, shape and data_offsets");
            if (slot != null) throw Bad($"tensor {Q(name)} has field {Q(field.Name)} twice");
            slot = field.Value;
        }
        if (dtypeJson is not { } dtype) throw Bad($"tensor {Q(name)} has no dtype");
        if (shapeJson is not { } shape) throw Bad($"tensor {Q(name)} has no shape");
        if (offsetsJson is not { } offsets) throw Bad($"tensor {Q(name)} has no data_offsets");

        if (dtype.ValueKind != JsonValueKind.String) throw Bad($"tensor {Q(name)} dtype {Raw(dtype)} is not a string");
        string dtypeName = dtype.GetString()!;
        if (!SafetensorsDTypes.TryGet(dtypeName, out int size, out _))
            throw Bad($"tensor {Q(name)} has unknown dtype {Q(dtypeName)}: expected one of {SafetensorsDTypes.Known}");

        int[] dims = ReadShape(name, shape);
        var (begin, end) = ReadOffsets(name, offsets);
        string offsetText = $"[{begin}, {end}]";
        if (end < begin) throw Bad($"tensor {Q(name)} data_offsets {offsetText} end before they begin");
        if (end > dataLength) throw Bad($"tensor {Q(name)} data_offsets {offsetText} run past the end of the {dataLength}-byte data buffer");
        long? count = ElementTypes.ElementCount(dims.Select(d => (long)d).ToArray());
        long? bytes = count is { } c && c <= long.MaxValue / size ? c * size : null;
        if (bytes != end - begin)
        {
            string need = bytes is { } b ? $"{b} bytes" : $"more than {long.MaxValue} bytes";
            throw Bad($"tensor {Q(name)} of shape {Safetensors.FormatShape(dims)} and dtype {dtypeName} needs {need} but data_offsets {offsetText} hold {end - begin}");
        }
        if (count > Array.MaxLength) throw Bad($"tensor {Q(name)} has {count} elements: more than one array holds ({Array.MaxLength})");
        return new TensorInfo(dtypeName, dims, begin, end);
    }

    static int[] ReadShape(string name, JsonElement shape)
    {
        if (shape.ValueKind != JsonValueKind.Array) throw Bad($"tensor {Q(name)} shape {Raw(shape)} is not an array of integers");
        var dims = new int[shape.GetArrayLength()];
        int i = 0;
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long value))
                throw Bad($"tensor {Q(name)} shape {Raw(shape)} has dimension {Raw(dim)}: expected a non-negative integer");
            if (value < 0) throw Bad($"tensor {Q(name)} shape {Raw(shape)} has negative dimension {value}");
            if (value > int.MaxValue) throw Bad($"tensor {Q(name)} shape {Raw(shape)} has dimension {value}: Mnemos supports at most {int.MaxValue}");
            dims[i++] = (int)value;
        }
        return dims;
    }

    static (long Begin, long End) ReadOffsets(string name, JsonElement offsets)
    {
        string problem = $"tensor {Q(name)} data_offsets {Raw(offsets)}: expected two non-negative integers [begin, end]";
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2) throw Bad(problem);
        // Offsets beyond long.MaxValue cannot lie inside any file; report them as out of range.
        ulong begin = ReadOffset(offsets[0], problem), end = ReadOffset(offsets[1], problem);
        return ((long)Math.Min(begin, long.MaxValue), (long)Math.Min(end, long.MaxValue));
    }

    static ulong ReadOffset(JsonElement value, string problem) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong v) ? v : throw Bad(problem);

    /// <summary>The spec requires tensors to tile the data buffer exactly: no overlaps, holes or tail.</summary>
    static void CheckCoverage(Dictionary<string, TensorInfo> tensors, long dataLength)
    {
        long position = 0;
        string previous = "";
        foreach (var (name, info) in tensors.OrderBy(t => t.Value.Begin).ThenBy(t => t.Value.End))
        {
            if (info.Begin < position)
                throw Bad($"tensors {Q(previous)} [{tensors[previous].Begin}, {tensors[previous].End}] and {Q(name)} [{info.Begin}, {info.End}] overlap");
            if (info.Begin > position)
                throw Bad($"bytes [{position}, {info.Begin}) of the data buffer, before tensor {Q(name)}, belong to no tensor");
            position = info.End;
            previous = name;
        }
        if (position != dataLength)
            throw Bad($"data buffer has {dataLength} bytes but the tensors end at byte {position}: {dataLength - position} trailing bytes belong to no tensor");
    }

    static string Q(string text) => FileText.Quote(text);

    /// <summary>A JSON value as written in the file: plain when short and printable, else quoted and cut.</summary>
    static string Raw(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= FileText.MaxShown && raw.All(c => c is >= ' ' and <= '~' and not '\'' and not '\\') ? raw : Q(raw);
    }

    static InvalidDataException Bad(string message) => new(message);
}
