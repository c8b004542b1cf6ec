// What the fuzz properties run against: per format, valid seed files (numpy-, PIL- and
// Python-written golden files where the repository has them, hand-built bytes where the layout is
// a few fixed fields), the reader call, where the payload lies with an independent decode of it,
// the size fields worth lying about, and the allocation each read may cost.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Mnemos.Data;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Fuzz;

/// <summary>A size or count field: byte offset, width 1/2/4/8, byte order.</summary>
internal readonly record struct Field(int Offset, int Width, bool BigEndian = false);

/// <summary>A text header at <paramref name="Start"/> whose byte length sits in a little-endian prefix.</summary>
internal sealed record TextHeader(int Start, int PrefixOffset, int PrefixWidth)
{
    public int ReadLength(byte[] b) => b.Length < PrefixOffset + PrefixWidth ? 0 : PrefixWidth switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(PrefixOffset)),
        4 => (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(PrefixOffset)), int.MaxValue),
        _ => (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(PrefixOffset)), int.MaxValue),
    };

    public void WriteLength(byte[] b, int length)
    {
        if (PrefixWidth == 2) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(PrefixOffset), (ushort)length);
        else if (PrefixWidth == 4) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(PrefixOffset), (uint)length);
        else BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(PrefixOffset), (ulong)length);
    }
}

/// <summary>
/// A valid file and what is known about it. Reference: decodes the payload of a file whose header
/// is this seed's, independently of the reader (null when the payload is compressed).
/// </summary>
internal sealed record SeedFile(string Name, byte[] Bytes, Field[] Fields, int PayloadStart = 0, int PayloadLength = 0, int ElementSize = 4,
    Func<byte[], float[]>? Reference = null, TextHeader? Text = null, Func<byte[], Random, byte[]>? Inert = null);

/// <summary>
/// One format: its seeds and the read under test, flattened to (shape text, values). A read may
/// allocate at most <see cref="BaseBytes"/> + <see cref="BytesPerInputByte"/> × input length.
/// <see cref="PayloadEditRefused"/>: a changed payload must be refused (a checksum covers it).
/// </summary>
internal sealed record FuzzTarget(string Format, IReadOnlyList<SeedFile> Seeds, Func<byte[], (string Shape, float[] Values)> Read,
    long BaseBytes, long BytesPerInputByte, bool HasChunkCrcs = false, bool PayloadEditRefused = false);

internal static class FuzzTargets
{
    public static readonly string[] Names = ["npy", "npz", "safetensors", "png", "gif", "wav", "idx", "cifar10", "skia"];

    public static FuzzTarget Get(string format) => format switch
    {
        "npy" => NpyTarget(),
        "npz" => NpzTarget(),
        "safetensors" => SafetensorsTarget(),
        "png" => PngTarget(),
        "gif" => GifTarget(),
        "wav" => WavTarget(),
        "idx" => IdxTarget(),
        "cifar10" => CifarTarget(),
        "skia" => SkiaTarget(),
        _ => throw new ArgumentException(format),
    };

    static float[] F32(byte[] b, int start, int length)
    {
        var values = new float[length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(start + 4 * i));
        return values;
    }

    static FuzzTarget NpyTarget()
    {
        // numpy 1.24 np.save of a 2x3 '<f4' array (scripts/make_npy_golden.py): v1 header, data last.
        byte[] bytes = File.ReadAllBytes(Golden.File("Formats", "f4_2x3.npy"));
        int data = bytes.Length - 24;
        var seed = new SeedFile("f4_2x3.npy", bytes, [new(8, 2)], data, 24, 4, b => F32(b, data, 24),
            new TextHeader(10, 8, 2), Inert: (b, rng) => WhitespaceInHeader(b, new TextHeader(10, 8, 2), rng, atEnd: true));
        // More numpy-written layouts, without a payload reference: 3-D Fortran order, big-endian
        // f8 Fortran, u1, and a version 3.0 header (u32 length prefix).
        var others = new[] { ("f4_fortran_2x3x4.npy", 2), ("f8_bigendian_fortran_2x3.npy", 2), ("u1_3x4.npy", 2), ("f4_2x3_v3.npy", 4) }.Select(f =>
        {
            var text = new TextHeader(8 + f.Item2, 8, f.Item2);
            return new SeedFile(f.Item1, File.ReadAllBytes(Golden.File("Formats", f.Item1)), [new(8, f.Item2)], Text: text,
                Inert: (b, rng) => WhitespaceInHeader(b, text, rng, atEnd: true));
        });
        return new("npy", [seed, .. others], b => Matrix(Npy.Read(new MemoryStream(b))), 64 << 10, 16);
    }

    static FuzzTarget NpzTarget()
    {
        // numpy np.savez (stored, not deflated) of a (2x3 '<f4') and b (1x4 '<i8').
        byte[] bytes = File.ReadAllBytes(Golden.File("Formats", "pair.npz"));
        byte[] aData = [.. new[] { -0.5f, -0.375f, -0.25f, -0.125f, 0f, 0.125f }.SelectMany(BitConverter.GetBytes)];
        int data = bytes.AsSpan().IndexOf(aData);
        var seed = new SeedFile("pair.npz", bytes, ZipFields(bytes), data, aData.Length, 4, b => F32(b, data, aData.Length));
        // np.savez_compressed of the same arrays: deflated members.
        byte[] deflated = File.ReadAllBytes(Golden.File("Formats", "pair_compressed.npz"));
        var compressed = new SeedFile("pair_compressed.npz", deflated, ZipFields(deflated));
        return new("npz", [seed, compressed], ReadNpz, 512 << 10, 64, PayloadEditRefused: true);
    }

    static (string, float[]) ReadNpz(byte[] b)
    {
        // In memory, as Npz.Read(path, name) reads a file: list, then each array by name.
        string path = Path.Combine(Path.GetTempPath(), $"mnemos-fuzz-{Environment.CurrentManagedThreadId}.npz");
        File.WriteAllBytes(path, b);
        try
        {
            var names = Npz.List(path);
            var arrays = names.Select(n => Npz.Read(path, n)).ToArray();
            return (string.Join(";", arrays.Select(m => $"{m.Rows}x{m.Cols}")), arrays.SelectMany(m => m.Data).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Sizes, counts and offsets in the zip local headers, central directory and end record.</summary>
    static Field[] ZipFields(byte[] b)
    {
        var fields = new List<Field>();
        for (int i = 0; i + 4 <= b.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i));
            if (signature == 0x04034B50) fields.AddRange([new(i + 18, 4), new(i + 22, 4), new(i + 26, 2), new(i + 28, 2)]);
            else if (signature == 0x02014B50) fields.AddRange([new(i + 20, 4), new(i + 24, 4), new(i + 28, 2), new(i + 30, 2), new(i + 42, 4)]);
            else if (signature == 0x06054B50) fields.AddRange([new(i + 8, 2), new(i + 10, 2), new(i + 12, 4), new(i + 16, 4)]);
        }
        return [.. fields];
    }

    static FuzzTarget SafetensorsTarget()
    {
        // Written by the Python safetensors package for the model-file golden tests: several F32 tensors.
        byte[] bytes = File.ReadAllBytes(Golden.File("Storage", "mlp_selu.safetensors"));
        int start = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var text = new TextHeader(8, 0, 8);
        // Reference: each tensor's bytes as little-endian floats, in name order as the reader returns them.
        var header = Safetensors.ReadHeader(new MemoryStream(bytes));
        var seed = new SeedFile("mlp_selu.safetensors", bytes, [new(0, 8)], start, bytes.Length - start, 4,
            b => [.. header.Tensors.Values.SelectMany(t => F32(b, start + (int)t.Begin, (int)(t.End - t.Begin)))],
            text, (b, rng) => WhitespaceInHeader(b, text, rng, atEnd: false));
        // A second model file from the same script: bias-free layers, another header layout.
        byte[] other = File.ReadAllBytes(Golden.File("Storage", "mlp_cosid_nobias.safetensors"));
        var second = new SeedFile("mlp_cosid_nobias.safetensors", other, [new(0, 8)], Text: text, Inert: (b, rng) => WhitespaceInHeader(b, text, rng, atEnd: false));
        return new("safetensors", [seed, second], b =>
        {
            var file = Safetensors.Read(new MemoryStream(b));
            return (string.Join(";", file.Tensors.Select(t => $"{t.Key}{Safetensors.FormatShape(t.Value.Shape)}")), file.Tensors.Values.SelectMany(t => t.Data).ToArray());
        }, 256 << 10, 48);
    }

    /// <summary>Spaces, tabs or newlines inserted where the format ignores them; the length prefix follows.</summary>
    static byte[] WhitespaceInHeader(byte[] b, TextHeader text, Random rng, bool atEnd)
    {
        int length = text.ReadLength(b);
        if ((long)text.Start + length > b.Length || length < 2) return b;
        byte[] spaces = [.. Enumerable.Range(0, 1 + rng.Next(8)).Select(_ => " \t\n\r"u8[rng.Next(atEnd ? 1 : 4)])];
        // npy: before the final '\n' (numpy pads there); JSON: after the opening '{'.
        var edited = Mutations.Splice(b, atEnd ? text.Start + length - 1 : text.Start + 1, 0, spaces);
        text.WriteLength(edited, length + spaces.Length);
        return edited;
    }

    static FuzzTarget PngTarget()
    {
        // PIL-written (tests/Mnemos.Tests/Imaging/golden/make_golden.py): palette with tRNS, Adam7 RGB, 16-bit gray.
        string[] names = ["palette4_trns.png", "adam7_rgb8.png", "gray16.png"];
        var seeds = names.Select(n =>
        {
            byte[] b = File.ReadAllBytes(Golden.File("Imaging", Path.Combine("png", n)));
            return new SeedFile(n, b, PngFields(b), Inert: AncillaryChunk);
        }).ToArray();
        // The caller's limit, as the bundled loaders pass one: four times the largest seed.
        long maxPixels = 4 * seeds.Max(s => (long)BinaryPrimitives.ReadUInt32BigEndian(s.Bytes.AsSpan(16)) * BinaryPrimitives.ReadUInt32BigEndian(s.Bytes.AsSpan(20)));
        // Bound: raw samples (at most 8 bytes a pixel) and float pixels (4 channels x 4 bytes) of an
        // image within the limit, plus the IDAT copy.
        return new("png", seeds, b => Image(Png.Decode(b, maxPixels)), (64 << 10) + 48 * maxPixels, 8, HasChunkCrcs: true);
    }

    static Field[] PngFields(byte[] b)
    {
        var fields = new List<Field> { new(16, 4, true), new(20, 4, true), new(24, 1), new(25, 1), new(28, 1) };
        for (int p = 8; p + 8 <= b.Length; p += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p)))
            fields.Add(new(p, 4, true));
        return [.. fields];
    }

    /// <summary>A 'tEXt' chunk with random content and a right CRC, inserted after IHDR: decoders skip it.</summary>
    static byte[] AncillaryChunk(byte[] b, Random rng)
    {
        byte[] body = [.. "Comment\0"u8, .. Mutations.RandomBytes(rng, rng.Next(40))];
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)body.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32.Compute(chunk.AsSpan(4, 4 + body.Length)));
        return Mutations.Splice(b, Math.Min(33, b.Length), 0, chunk);
    }

    /// <summary>Rewrites the CRC of every chunk whose declared length still fits in the file.</summary>
    public static void RepairPngCrcs(byte[] png)
    {
        for (int p = 8; p + 12 <= png.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p));
            if (p + 12 + length > png.Length) return;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(p + 8 + (int)length), Crc32.Compute(png.AsSpan(p + 4, 4 + (int)length)));
            p += 12 + (int)length;
        }
    }

    static (string, float[]) Image(Mnemos.Imaging.Image image) => ($"{image.Width}x{image.Height}x{image.Channels}", image.Pixels);

    static FuzzTarget SkiaTarget()
    {
        // SkiaSharp's native decoders behind --data for BMP, JPEG and WebP. The BMP is hand-built
        // (24-bit, bottom-up, padded rows) and has an independent decode of its payload; the JPEG
        // (gray) and the lossless WebP are written by SkiaSharp's encoders from the same levels.
        const int w = 5, h = 3;
        var rgba = new byte[w * h * 4];
        for (int i = 0; i < rgba.Length; i++) rgba[i] = (i % 4 == 3) ? (byte)255 : (byte)(i * 37 % 256);
        byte[] bmp = Cli.DataFilesCliTests.Bmp24(w, h, rgba);
        int stride = (w * 3 + 3) & ~3;
        float[] BmpReference(byte[] b)
        {
            var values = new float[w * h * 3];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++) values[3 * (y * w + x) + c] = b[54 + (h - 1 - y) * stride + 3 * x + (2 - c)] / 255f;
            return values;
        }
        Field[] bmpFields = [new(2, 4), new(10, 4), new(14, 4), new(18, 4), new(22, 4), new(26, 2), new(28, 2), new(30, 4), new(34, 4), new(46, 4)];
        byte[] jpeg = SkiaEncoded(w, h, rgba, SkiaSharp.SKColorType.Gray8, webp: false);
        byte[] webp = SkiaEncoded(w, h, rgba, SkiaSharp.SKColorType.Rgba8888, webp: true);
        SeedFile[] seeds =
        [
            new("bmp24", bmp, bmpFields, 54, stride * h, 1, BmpReference),
            new("gray.jpg", jpeg, JpegFields(jpeg), 20, jpeg.Length - 22, 1),
            new("lossless.webp", webp, [new(4, 4), new(16, 4)], 21, webp.Length - 21, 1),
        ];
        long maxPixels = 64 * w * h;
        // Bound: the RGBA bytes and float pixels (at most 4 channels) of an image within the limit, plus the input copy.
        return new("skia", seeds, b => Image(SkiaDecoder.Decode(b, maxPixels)), (64 << 10) + 24 * maxPixels, 2);
    }

    static byte[] SkiaEncoded(int width, int height, byte[] rgba, SkiaSharp.SKColorType type, bool webp)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, type, SkiaSharp.SKAlphaType.Opaque));
        byte[] pixels = type == SkiaSharp.SKColorType.Gray8 ? rgba.Where((_, i) => i % 4 == 0).ToArray() : rgba;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = webp
            ? bitmap.PeekPixels().Encode(new SkiaSharp.SKWebpEncoderOptions(SkiaSharp.SKWebpEncoderCompression.Lossless, 100))!
            : bitmap.PeekPixels().Encode(new SkiaSharp.SKJpegEncoderOptions(90, SkiaSharp.SKJpegEncoderDownsample.Downsample444, SkiaSharp.SKJpegEncoderAlphaOption.Ignore))!;
        return data.ToArray();
    }

    // Segment lengths and the frame header's height and width (big-endian) of a baseline JPEG.
    static Field[] JpegFields(byte[] b)
    {
        var fields = new List<Field>();
        for (int p = 2; p + 4 <= b.Length && b[p] == 0xFF && b[p + 1] != 0xDA; p += 2 + BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(p + 2)))
        {
            fields.Add(new(p + 2, 2, true));
            if (b[p + 1] == 0xC0) fields.AddRange([new(p + 5, 2, true), new(p + 7, 2, true)]);
        }
        return [.. fields];
    }

    static FuzzTarget GifTarget()
    {
        // PIL-written: three frames with disposal modes, and an interlaced frame.
        string[] names = ["animation_disposal.gif", "interlaced.gif"];
        var seeds = names.Select(n =>
        {
            byte[] b = File.ReadAllBytes(Golden.File("Imaging", Path.Combine("gif", n)));
            return new SeedFile(n, b, GifFields(b), Inert: CommentBeforeTrailer);
        }).ToArray();
        long maxPixels = 4 * seeds.Max(s => (long)BinaryPrimitives.ReadUInt16LittleEndian(s.Bytes.AsSpan(6)) * BinaryPrimitives.ReadUInt16LittleEndian(s.Bytes.AsSpan(8)));
        return new("gif", seeds, b =>
        {
            var gif = Gif.Decode(b, maxPixels);
            return ($"{gif.Width}x{gif.Height}x{gif.Frames.Count} loop {gif.LoopCount}", gif.Frames.SelectMany(f => f.Image.Pixels.Append(f.DelayCentiseconds)).ToArray());
        }, (256 << 10) + 24 * maxPixels, 2 * maxPixels);
        // Bound: each frame is a canvas copy (3 floats a pixel) plus a saved one for disposal 3, and
        // an image block takes at least 13 input bytes: 24 bytes x maxPixels per 13 input bytes.
    }

    static Field[] GifFields(byte[] b)
    {
        var fields = new List<Field> { new(6, 2), new(8, 2), new(10, 1) };
        int gct = (b[10] & 0x80) != 0 ? 3 * (2 << (b[10] & 7)) : 0;
        int image = Array.IndexOf(b, (byte)0x2C, 13 + gct);
        if (image > 0) fields.AddRange([new(image + 1, 2), new(image + 3, 2), new(image + 5, 2), new(image + 7, 2), new(image + 9, 1), new(image + 10, 1)]);
        return [.. fields];
    }

    /// <summary>A comment extension (0x21 0xFE, sub-blocks, 0) just before the trailer: decoders skip it.</summary>
    static byte[] CommentBeforeTrailer(byte[] b, Random rng)
    {
        int n = 1 + rng.Next(60);
        byte[] comment = [0x21, 0xFE, (byte)n, .. Mutations.RandomBytes(rng, n), 0];
        return Mutations.Splice(b, Math.Max(0, b.Length - 1), 0, comment);
    }

    static FuzzTarget WavTarget()
    {
        // Python wave/struct-written (Data/golden/wav/make_golden_wav.py): mono float32, and 16-bit PCM with odd-sized chunks.
        var seeds = new[] { "f32_mono.wav", "s16_odd_chunks.wav" }.Select(n =>
        {
            byte[] b = File.ReadAllBytes(Golden.File("Data", Path.Combine("wav", n)));
            var fields = new List<Field> { new(4, 4) };
            int data = 0, dataLength = 0;
            for (int p = 12; p + 8 <= b.Length; p += 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p + 4)) + (b[p + 4] & 1))
            {
                fields.Add(new(p + 4, 4));
                if (b.AsSpan(p, 4).SequenceEqual("fmt "u8)) fields.AddRange([new(p + 8, 2), new(p + 10, 2), new(p + 12, 4), new(p + 16, 4), new(p + 20, 2), new(p + 22, 2)]);
                if (b.AsSpan(p, 4).SequenceEqual("data"u8)) (data, dataLength) = (p + 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p + 4)));
            }
            bool f32 = n.StartsWith("f32", StringComparison.Ordinal);
            // Mono is the mean over channels computed in double, (0.0 + x) / 1, so -0 reads as +0.
            return new SeedFile(n, b, [.. fields], f32 ? data : 0, f32 ? dataLength : 0, 4,
                f32 ? x => [.. F32(x, data, dataLength).Select(v => (float)((0.0 + v) / 1))] : null, Inert: UnknownChunk);
        }).ToArray();
        return new("wav", seeds, b =>
        {
            var audio = Wav.Read(new MemoryStream(b));
            return ($"{audio.SampleRate} Hz {audio.Channels} ch {audio.BitsPerSample} bit {audio.Format}", audio.Samples);
        }, 64 << 10, 16);
    }

    /// <summary>An unknown 'junk' chunk (odd size, so with its pad byte) after the RIFF header: readers skip it.</summary>
    static byte[] UnknownChunk(byte[] b, Random rng)
    {
        int n = rng.Next(33);
        byte[] chunk = [.. "junk"u8, (byte)n, 0, 0, 0, .. Mutations.RandomBytes(rng, n + (n & 1))];
        return Mutations.Splice(b, Math.Min(12, b.Length), 0, chunk);
    }

    static FuzzTarget IdxTarget()
    {
        // Hand-built: the IDX layout is four big-endian u32 fields, then bytes (yann.lecun.com/exdb/mnist).
        var rng = new Random(1);
        byte[] pixels = Mutations.RandomBytes(rng, 3 * 4 * 5);
        byte[] raw = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(raw, Idx.ImageMagic);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), 3);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(12), 5);
        pixels.CopyTo(raw, 16);
        Field[] fields = [new(0, 4, true), new(4, 4, true), new(8, 4, true), new(12, 4, true)];
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) zip.Write(raw);
        byte[] gzip = gz.ToArray();
        var seeds = new[]
        {
            new SeedFile("images-3x4x5-idx3-ubyte", raw, fields, 16, pixels.Length, 1, b => [.. b.AsSpan(16, 60).ToArray().Select(v => v / 255f)]),
            new SeedFile("images-3x4x5-idx3-ubyte.gz", gzip, [new(gzip.Length - 4, 4), new(gzip.Length - 8, 4)]),
        };
        return new("idx", seeds, b =>
        {
            var m = Idx.ReadImages(new MemoryStream(b));
            return ($"{m.Rows}x{m.Cols}", m.Data);
        }, 3 << 20, 64);
    }

    static FuzzTarget CifarTarget()
    {
        // Hand-built: records of 1 label byte + 3072 pixel bytes (cs.toronto.edu/~kriz/cifar.html).
        var rng = new Random(2);
        byte[] bytes = Mutations.RandomBytes(rng, 2 * Cifar10.RecordBytes);
        bytes[0] = 3;
        bytes[Cifar10.RecordBytes] = 9;
        // Payload: the first record's pixels; planar output keeps the file's order, byte/255.
        var seed = new SeedFile("two-records.bin", bytes, [new(0, 1), new(Cifar10.RecordBytes, 1)], 1, 3 * Cifar10.PlaneBytes, 1,
            b => [.. b.AsSpan(1, 3072).ToArray().Concat(b.AsSpan(Cifar10.RecordBytes + 1, 3072).ToArray()).Select(v => v / 255f), b[0], b[Cifar10.RecordBytes]]);
        return new("cifar10", [seed], b =>
        {
            var set = Cifar10.ReadBatch(new MemoryStream(b), CifarColor.RgbPlanar);
            return ($"{set.Count}x{set.Images.Cols}", [.. set.Images.Data, .. set.Labels.Select(l => (float)l)]);
        }, 64 << 10, 16);
    }

    static (string, float[]) Matrix(Mnemos.Tensors.Matrix m) => ($"{m.Rows}x{m.Cols}", m.Data);
}
