// IDX files (MNIST, Fashion-MNIST): u8 images and u8 labels, raw or gzip-compressed (detected by
// the 1f 8b magic, not the extension). Reads only; big-endian headers; streams up to `limit` items.
using System.Buffers.Binary;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Shape of an IDX image file as its header declares it.</summary>
internal readonly record struct IdxImageHeader(int Count, int Rows, int Cols);

/// <summary>
/// Reader for IDX files: images (magic 0x00000803: u8, count×rows×cols) and labels
/// (magic 0x00000801: u8, count). Malformed input throws <see cref="InvalidDataException"/> with a
/// one-line message naming the source, the problem and the offending value.
/// </summary>
internal static class Idx
{
    public const int ImageMagic = 0x00000803;
    public const int LabelMagic = 0x00000801;

    /// <summary>b → b / 255f, correctly rounded, for every byte b.</summary>
    internal static readonly float[] ByteToUnit = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    /// <summary>Largest item count a header may declare.</summary>
    public const int MaxCount = 100_000_000;

    /// <summary>Largest payload (count·rows·cols bytes) a header may declare: one .NET array.</summary>
    public static long MaxPayloadBytes => Array.MaxLength;

    /// <summary>
    /// Reads up to <paramref name="limit"/> images as a count×(rows·cols) matrix, row-major pixels
    /// per image. Values are byte/255 (as float, correctly rounded) in [0, 1], or the raw 0..255 when
    /// <paramref name="scaleToUnit"/> is false.
    /// </summary>
    public static Matrix ReadImages(string path, int limit = int.MaxValue, bool scaleToUnit = true)
    {
        using var file = File.OpenRead(path);
        return ReadImages(file, limit, scaleToUnit, path);
    }

    /// <inheritdoc cref="ReadImages(string, int, bool)"/>
    public static Matrix ReadImages(Stream stream, int limit = int.MaxValue, bool scaleToUnit = true, string source = "IDX stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return IdxStreams.Wrap(source, () =>
        {
            using var data = IdxStreams.OpenMaybeGzip(stream);
            var header = ReadImageHeaderFrom(data, source);
            int take = Math.Min(header.Count, limit);
            int pixels = header.Rows * header.Cols;
            long needed = (long)take * pixels;
            byte[] bytes = IdxStreams.ReadExactlyGrowing(data, needed, got =>
                $"{source}: IDX images truncated: {take} images of {header.Rows}x{header.Cols} need {needed} bytes after the 16-byte header, got {got}");
            var result = new Matrix(take, pixels);
            var values = result.Span;
            if (scaleToUnit) for (int i = 0; i < bytes.Length; i++) values[i] = ByteToUnit[bytes[i]];
            else for (int i = 0; i < bytes.Length; i++) values[i] = bytes[i];
            return result;
        });
    }

    /// <summary>Reads and validates just the header of an IDX image file.</summary>
    public static IdxImageHeader ReadImageHeader(string path)
    {
        using var file = File.OpenRead(path);
        return IdxStreams.Wrap(path, () =>
        {
            using var data = IdxStreams.OpenMaybeGzip(file);
            return ReadImageHeaderFrom(data, path);
        });
    }

    /// <summary>Reads up to <paramref name="limit"/> labels (0..255 each; 0..9 for MNIST).</summary>
    public static int[] ReadLabels(string path, int limit = int.MaxValue)
    {
        using var file = File.OpenRead(path);
        return ReadLabels(file, limit, path);
    }

    /// <inheritdoc cref="ReadLabels(string, int)"/>
    public static int[] ReadLabels(Stream stream, int limit = int.MaxValue, string source = "IDX stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return IdxStreams.Wrap(source, () =>
        {
            using var data = IdxStreams.OpenMaybeGzip(stream);
            Span<byte> header = stackalloc byte[8];
            ReadHeaderBytes(data, header, source, "labels");
            CheckMagic(BinaryPrimitives.ReadInt32BigEndian(header), LabelMagic, source, "labels");
            int count = CheckCount(BinaryPrimitives.ReadUInt32BigEndian(header[4..]), source, "labels");
            int take = Math.Min(count, limit);
            byte[] bytes = IdxStreams.ReadExactlyGrowing(data, take, got =>
                $"{source}: IDX labels truncated: {take} labels need {take} bytes after the 8-byte header, got {got}");
            var labels = new int[take];
            for (int i = 0; i < take; i++) labels[i] = bytes[i];
            return labels;
        });
    }

    static IdxImageHeader ReadImageHeaderFrom(Stream data, string source)
    {
        Span<byte> header = stackalloc byte[16];
        ReadHeaderBytes(data, header, source, "images");
        CheckMagic(BinaryPrimitives.ReadInt32BigEndian(header), ImageMagic, source, "images");
        int count = CheckCount(BinaryPrimitives.ReadUInt32BigEndian(header[4..]), source, "images");
        uint rows = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        uint cols = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        if (rows == 0 || cols == 0 || rows > MaxCount || cols > MaxCount)
            throw new InvalidDataException($"{source}: IDX images: image size {rows}x{cols} is not plausible (each side 1..{MaxCount})");
        Int128 payload = (Int128)count * rows * cols;
        if (payload > MaxPayloadBytes || (long)rows * cols > MaxPayloadBytes)
            throw new InvalidDataException($"{source}: IDX images: {count} images of {rows}x{cols} declare {payload} bytes, more than {MaxPayloadBytes}");
        return new IdxImageHeader(count, (int)rows, (int)cols);
    }

    static void ReadHeaderBytes(Stream data, Span<byte> header, string source, string kind)
    {
        int got = IdxStreams.ReadAtMost(data, header);
        if (got < header.Length)
            throw new InvalidDataException($"{source}: IDX {kind} truncated: header needs {header.Length} bytes, got {got}");
    }

    static void CheckMagic(int magic, int expected, string source, string kind)
    {
        if (magic == expected) return;
        string hint = magic == ImageMagic ? " (an IDX image file)"
            : magic == LabelMagic ? " (an IDX label file)"
            : (magic >> 16) != 0 ? " (not an IDX file)" : "";
        throw new InvalidDataException($"{source}: IDX {kind}: magic 0x{magic:X8}{hint}, expected 0x{expected:X8}");
    }

    static int CheckCount(uint count, string source, string kind)
    {
        if (count > MaxCount)
            throw new InvalidDataException($"{source}: IDX {kind}: count {count} is more than {MaxCount}");
        return (int)count;
    }
}
