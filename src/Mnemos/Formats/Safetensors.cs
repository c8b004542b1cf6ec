// Reading and writing the safetensors format: u64 little-endian header length N, N bytes of UTF-8
// JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}
// padded with spaces to a multiple of 8, then the data buffer the offsets index. Mnemos writes
// F32 only and reads every numeric dtype it can convert to float32. Header checks live in
// SafetensorsHeader.cs.
using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mnemos.Formats;

/// <summary>The contents of a safetensors file: string metadata and named tensors.</summary>
internal sealed record SafetensorsFile(IReadOnlyDictionary<string, string> Metadata, IReadOnlyDictionary<string, TensorEntry> Tensors);

/// <summary>Safetensors reader and writer. Malformed input throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
internal static class Safetensors
{
    /// <summary>Largest header accepted, as in the reference implementation: larger claims mean a damaged or foreign file.</summary>
    public const long MaxHeaderLength = 100_000_000;

    public static SafetensorsFile Read(string path) => WithPath(path, () =>
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    });

    /// <summary>Reads from the stream's current position to its end.</summary>
    public static SafetensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = ElementTypes.Seekable(stream);
        long start = source.Position;
        var header = ReadHeaderAt(source);
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var (name, info) in header.Tensors)
        {
            SafetensorsDTypes.TryGet(info.DType, out _, out var type);
            if (type is not { } elementType)
                throw new InvalidDataException($"tensor {FileText.Quote(name)} has dtype {info.DType}, which Mnemos cannot convert to float32: it reads {SafetensorsDTypes.Convertible}");
            // Header validation bounded End by the file length, so this allocation is backed by real bytes.
            var data = new float[info.ElementCount];
            source.Position = start + header.DataStart + info.Begin;
            ElementTypes.Read(source, elementType, data);
            tensors.Add(name, new TensorEntry(info.DType, info.Shape, data));
        }
        return new SafetensorsFile(header.Metadata, tensors);
    }

    /// <summary>Reads and validates only the header (metadata, dtypes, shapes, offsets).</summary>
    public static SafetensorsHeader ReadHeader(string path) => WithPath(path, () =>
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream);
    });

    /// <summary>Reads the header; <see cref="SafetensorsHeader.DataStart"/> is relative to the stream's position on entry.</summary>
    public static SafetensorsHeader ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadHeaderAt(ElementTypes.Seekable(stream));
    }

    static SafetensorsHeader ReadHeaderAt(Stream stream)
    {
        long available = stream.Length - stream.Position;
        if (available < 8)
            throw new InvalidDataException($"file has {available} bytes: a safetensors file starts with an 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw new InvalidDataException($"header length {headerLength} bytes is over the {MaxHeaderLength}-byte limit: not a safetensors file, or a damaged one");
        if ((long)headerLength > available - 8)
            throw new InvalidDataException($"header length {headerLength} bytes but only {available - 8} bytes follow the length prefix: truncated file or not a safetensors file");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)headerLength;
        return SafetensorsHeaderParser.Parse(json, dataStart, available - dataStart);
    }

    public static void Write(string path, SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] header = BuildHeader(file);
        AtomicFile.Write(path, stream => WriteWithHeader(stream, header, file));
    }

    /// <summary>
    /// Writes every tensor as F32 (whatever its <see cref="TensorEntry.DType"/>), sorted by name
    /// (ordinal) and contiguous; metadata keys sorted too, so equal content gives equal bytes.
    /// </summary>
    public static void Write(Stream stream, SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        WriteWithHeader(stream, BuildHeader(file), file);
    }

    static void WriteWithHeader(Stream stream, byte[] header, SafetensorsFile file)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var name in SortedNames(file.Tensors))
            ElementTypes.WriteF32(stream, file.Tensors[name].Data);
    }

    /// <summary>The JSON header, space-padded to a multiple of 8 bytes.</summary>
    internal static byte[] BuildHeader(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file.Metadata, nameof(file.Metadata));
        ArgumentNullException.ThrowIfNull(file.Tensors, nameof(file.Tensors));
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps metadata that holds JSON readable ("\"" rather than "\u0022").
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (file.Metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsHeaderParser.MetadataKey);
                foreach (var key in file.Metadata.Keys.Order(StringComparer.Ordinal))
                    json.WriteString(key, file.Metadata[key] ?? throw new ArgumentException($"metadata value of '{key}' is null"));
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in SortedNames(file.Tensors))
            {
                var entry = file.Tensors[name] ?? throw new ArgumentException($"tensor '{name}' is null");
                entry.Validate(name);
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in entry.Shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * entry.Data.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    static IEnumerable<string> SortedNames(IReadOnlyDictionary<string, TensorEntry> tensors)
    {
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            if (name.Length == 0) throw new ArgumentException("tensor name is empty");
            if (name == SafetensorsHeaderParser.MetadataKey) throw new ArgumentException($"tensor name '{name}' is reserved for metadata");
            yield return name;
        }
    }

    /// <summary>Shape as "[2, 3]".</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>Runs a read and prefixes format errors with the file path.</summary>
    internal static T WithPath<T>(string path, Func<T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return read();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: file ended early (changed while reading?)", ex);
        }
    }
}
