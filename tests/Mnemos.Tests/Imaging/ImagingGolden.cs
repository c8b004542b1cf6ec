// Loads the golden PNG/GIF cases written by golden/make_golden.py (an independent encoder) and
// small byte-level builders for hand-made malformed files.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Mnemos.Formats;
using Mnemos.Imaging;

namespace Mnemos.Tests.Imaging;

sealed record PngCase(string File, int Width, int Height, int Channels, int Max, int[] Samples);

sealed record GifCaseFrame(int Delay, string Rgb);

sealed record GifCase(string File, int Width, int Height, int LoopCount, GifCaseFrame[] Frames);

static class ImagingGolden
{
    static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Imaging", "golden", relative);

    public static PngCase[] PngCases() => Load<PngCase[]>("png_cases.json");

    public static GifCase[] GifCases() => Load<GifCase[]>("gif_cases.json");

    static T Load<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(PathOf(name)), Options) ?? throw new InvalidOperationException($"{name} is empty");

    /// <summary>Image whose samples are k/255 for random k: exactly representable by an 8-bit encoder.</summary>
    public static Image RandomLevels(int width, int height, int channels, ulong seed)
    {
        var rng = new Mnemos.Tensors.Rng(seed);
        var image = new Image(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = rng.NextInt(256) / 255f;
        return image;
    }
}

/// <summary>Assembles PNG files chunk by chunk (CRCs computed), for malformed-input tests.</summary>
static class PngBytes
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        for (int i = 0; i < 4; i++) chunk[4 + i] = (byte)type[i];
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    public static byte[] Ihdr(uint width, uint height, int depth, int colorType, int interlace = 0, int compression = 0, int filter = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = (byte)depth;
        data[9] = (byte)colorType;
        data[10] = (byte)compression;
        data[11] = (byte)filter;
        data[12] = (byte)interlace;
        return Chunk("IHDR", data);
    }

    public static byte[] Idat(byte[] raw) => Chunk("IDAT", Zlib(raw));

    public static byte[] Iend() => Chunk("IEND", []);

    public static byte[] Zlib(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
        return buffer.ToArray();
    }

    public static byte[] File(params byte[][] chunks) => [.. Signature, .. chunks.SelectMany(c => c)];
}
