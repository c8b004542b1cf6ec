// PNG container parsing: signature, chunk framing with CRC checks, IHDR/PLTE/tRNS validation,
// IDAT concatenation and zlib inflation to exactly the size IHDR implies. Pixel reconstruction
// (unfiltering, Adam7, sample expansion) is in PngPixels.cs. Every failure is an
// InvalidDataException "PNG: ..." naming the problem and the offending value.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using Mnemos.Formats;

namespace Mnemos.Imaging;

/// <summary>Validated IHDR fields. BitsPerPixel = samples per pixel × bit depth.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    public int SamplesPerPixel => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
    public int BitsPerPixel => SamplesPerPixel * BitDepth;
    /// <summary>The filter byte distance: bytes per complete pixel, at least 1.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);
    public long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;
}

/// <summary>Ancillary colour information: PLTE entries (RGB triples), tRNS alpha or key colour.</summary>
internal sealed class PngColorInfo
{
    public byte[]? Palette;
    public byte[]? PaletteAlpha;
    public ushort[]? TransparentKey;
}

internal static class PngDecoder
{
    const string Format = "PNG";
    static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Decodes a PNG of at most <paramref name="maxPixels"/> pixels; IHDR is checked against it before IDAT is inflated.</summary>
    public static Image Decode(ReadOnlySpan<byte> data, long maxPixels)
    {
        if (data.Length < Signature.Length || !data[..Signature.Length].SequenceEqual(Signature))
            Fail($"wrong signature {Hex(data[..Math.Min(8, data.Length)])}, expected 89 50 4E 47 0D 0A 1A 0A");

        PngHeader header = default;
        var colors = new PngColorInfo();
        using var compressed = new MemoryStream();
        int position = Signature.Length;
        for (int chunkIndex = 0; ; chunkIndex++)
        {
            int left = data.Length - position;
            if (left == 0) Fail("file ends before the IEND chunk (truncated?)");
            if (left < 12) Fail($"chunk at offset {position} is truncated: {left} bytes left, a chunk needs at least 12");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            string type = ChunkType(data.Slice(position + 4, 4), position);
            if (length > left - 12)
                Fail($"chunk '{type}' at offset {position} declares {length} data bytes but only {left - 12} remain (truncated?)");
            var body = data.Slice(position + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]);
            uint computed = Crc32.Compute(data.Slice(position + 4, 4 + (int)length));
            if (stored != computed)
                Fail($"bad CRC in chunk '{type}' at offset {position}: stored 0x{stored:X8}, computed 0x{computed:X8}");
            if (chunkIndex == 0 && type != "IHDR") Fail($"first chunk is '{type}', expected 'IHDR'");

            switch (type)
            {
                case "IHDR":
                    if (chunkIndex != 0) Fail($"second IHDR chunk at offset {position}");
                    header = ParseHeader(body, maxPixels);
                    break;
                case "PLTE":
                    if (compressed.Length > 0) Fail($"PLTE chunk at offset {position} comes after IDAT");
                    ParsePalette(body, header, colors);
                    break;
                case "tRNS":
                    ParseTransparency(body, header, colors);
                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    return Finish(header, colors, compressed);
                default:
                    if (char.IsUpper(type[0])) Fail($"unknown critical chunk '{type}' at offset {position}");
                    break; // ancillary chunks (text, gamma, ...) are skipped
            }
            position += 12 + (int)length;
        }
    }

    static Image Finish(PngHeader header, PngColorInfo colors, MemoryStream compressed)
    {
        if (header.ColorType == 3 && colors.Palette is null) Fail("colour type 3 (palette) but no PLTE chunk");
        if (compressed.Length == 0) Fail("no IDAT chunk");
        long expected = PngPixels.RawSize(header);
        byte[] raw = Inflate(compressed, expected, header);
        return PngPixels.Build(header, colors, raw);
    }

    static PngHeader ParseHeader(ReadOnlySpan<byte> body, long maxPixels)
    {
        if (body.Length != 13) Fail($"IHDR has {body.Length} data bytes, expected 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8], colorType = body[9], compression = body[10], filter = body[11], interlace = body[12];
        if (width == 0 || width > int.MaxValue) Fail($"IHDR width {width} must be between 1 and 2^31-1");
        if (height == 0 || height > int.MaxValue) Fail($"IHDR height {height} must be between 1 and 2^31-1");
        if ((long)width * height > maxPixels)
            Fail($"image {width}x{height} has {(long)width * height} pixels, more than the limit {maxPixels}");
        int[]? allowed = colorType switch
        {
            0 => [1, 2, 4, 8, 16],
            2 or 4 or 6 => [8, 16],
            3 => [1, 2, 4, 8],
            _ => null,
        };
        if (allowed is null) Fail($"IHDR colour type {colorType} is not one of 0, 2, 3, 4, 6");
        if (Array.IndexOf(allowed, depth) < 0)
            Fail($"IHDR bit depth {depth} is not allowed for colour type {colorType} (allowed: {string.Join(", ", allowed)})");
        if (compression != 0) Fail($"IHDR compression method {compression}, expected 0 (deflate)");
        if (filter != 0) Fail($"IHDR filter method {filter}, expected 0 (adaptive)");
        if (interlace > 1) Fail($"IHDR interlace method {interlace}, expected 0 (none) or 1 (Adam7)");
        return new PngHeader((int)width, (int)height, depth, colorType, interlace == 1);
    }

    static void ParsePalette(ReadOnlySpan<byte> body, PngHeader header, PngColorInfo colors)
    {
        if (colors.Palette is not null) Fail("second PLTE chunk");
        if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 768)
            Fail($"PLTE has {body.Length} data bytes, expected a multiple of 3 between 3 and 768");
        if (header.ColorType is 0 or 4) return; // not allowed there; harmless, so ignored
        colors.Palette = body.ToArray();
    }

    static void ParseTransparency(ReadOnlySpan<byte> body, PngHeader header, PngColorInfo colors)
    {
        switch (header.ColorType)
        {
            case 0:
                if (body.Length != 2) Fail($"tRNS has {body.Length} data bytes, expected 2 for colour type 0");
                colors.TransparentKey = [BinaryPrimitives.ReadUInt16BigEndian(body)];
                break;
            case 2:
                if (body.Length != 6) Fail($"tRNS has {body.Length} data bytes, expected 6 for colour type 2");
                colors.TransparentKey =
                [
                    BinaryPrimitives.ReadUInt16BigEndian(body),
                    BinaryPrimitives.ReadUInt16BigEndian(body[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(body[4..]),
                ];
                break;
            case 3:
                if (colors.Palette is null) Fail("tRNS chunk comes before PLTE");
                int entries = colors.Palette.Length / 3;
                if (body.Length > entries) Fail($"tRNS has {body.Length} alpha values but the palette has only {entries} entries");
                colors.PaletteAlpha = body.ToArray();
                break;
            default:
                break; // colour types 4 and 6 carry full alpha; a stray tRNS is ignored
        }
    }

    /// <summary>
    /// Inflates into a buffer that grows with the data actually produced, never beyond
    /// <paramref name="expected"/> bytes: a small file that claims a huge image fails before any
    /// large allocation, and one byte of surplus output is an error.
    /// </summary>
    static byte[] Inflate(MemoryStream compressed, long expected, PngHeader header)
    {
        compressed.Position = 0;
        var buffer = new byte[Math.Min(expected, 1 << 16)];
        int filled = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled == expected)
                    {
                        Span<byte> probe = stackalloc byte[1];
                        if (zlib.Read(probe) > 0)
                            Fail($"image data inflates to more than the {expected} bytes a {Describe(header)} image needs");
                        break;
                    }
                    Array.Resize(ref buffer, (int)Math.Min(expected, 2L * buffer.Length));
                }
                int read = zlib.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) break;
                filled += read;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !e.Message.StartsWith(Format + ":", StringComparison.Ordinal))
        {
            // zlib reports bad data as InvalidDataException, some stream states as ZLibException (an IOException).
            Fail($"corrupt zlib data in IDAT after {filled} bytes were inflated ({e.Message})");
        }
        if (filled < expected)
            Fail($"image data inflates to {filled} bytes but a {Describe(header)} image needs {expected} (truncated IDAT?)");
        return buffer;
    }

    static string Describe(PngHeader h) =>
        $"{h.Width}x{h.Height} colour type {h.ColorType} depth {h.BitDepth}{(h.Interlaced ? " interlaced" : "")}";

    static string ChunkType(ReadOnlySpan<byte> bytes, int position)
    {
        foreach (byte b in bytes)
        {
            if (!char.IsAsciiLetter((char)b)) Fail($"chunk type bytes {Hex(bytes)} at offset {position} are not ASCII letters");
        }
        return string.Create(4, bytes.ToArray(), (span, b) =>
        {
            for (int i = 0; i < 4; i++) span[i] = (char)b[i];
        });
    }

    static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 0 ? "(empty)" : string.Join(" ", bytes.ToArray().Select(b => b.ToString("X2")));

    [DoesNotReturn]
    static void Fail(string message) => ImageFile.Fail(Format, message);
}
