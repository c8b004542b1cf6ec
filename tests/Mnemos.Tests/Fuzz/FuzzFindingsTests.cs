// Regression tests for what fuzzing the readers found: each test names the bug it pins. The fuzz
// properties themselves are in ReaderFuzzTests.cs.
using System.Buffers.Binary;
using System.Text;
using Mnemos.Data;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Tensors;
using Mnemos.Tests.Imaging;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Fuzz;

public class FuzzFindingsTests
{
    /// <summary>A message fit for a terminal: one line, printable ASCII, not a page long.</summary>
    internal static void AssertSanitised(string message)
    {
        Assert.True(message.All(c => c is >= ' ' and <= '~'), $"message has a character outside printable ASCII: {FileText.Escape(message, 400)}");
        Assert.True(message.Length <= 600, $"message has {message.Length} characters");
    }

    [Fact]
    public void Bug_npz_member_with_a_wrong_crc_was_accepted_and_its_changed_bytes_trained_on()
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.npz");
        var x = new Matrix(1, 4, [1f, 2f, 3f, 4f]);
        Npz.Write(path, new Dictionary<string, Matrix> { ["x"] = x }, compress: false);
        byte[] bytes = File.ReadAllBytes(path);
        // Stored (not deflated): the float 3f appears verbatim; change it to 5f, as bit rot would.
        int at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(3f));
        BitConverter.GetBytes(5f).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => Npz.Read(path, "x"));
        int central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        uint recorded = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(central + 16));
        int local = bytes.AsSpan().IndexOf("PK\u0003\u0004"u8);
        int dataStart = local + 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(local + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(local + 28));
        uint actual = Crc32.Compute(bytes.AsSpan(dataStart, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(central + 24))));
        Assert.NotEqual(recorded, actual);
        Assert.Equal($"{path}: array 'x' has CRC-32 0x{actual:x8} but its entry records 0x{recorded:x8}: damaged archive", ex.Message);
    }

    [Fact]
    public void Bug_a_second_wav_fmt_chunk_overrode_the_first()
    {
        // 'fmt ' mono 16-bit 8000 Hz, then a second 'fmt ' saying 8-bit 44100 Hz, then 4 data bytes.
        static byte[] Fmt(uint rate, ushort bits)
        {
            var f = new byte[24];
            Encoding.ASCII.GetBytes("fmt ").CopyTo(f, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), 16);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(8), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(10), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(12), rate);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(16), rate * bits / 8);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(20), (ushort)(bits / 8));
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(22), bits);
            return f;
        }
        byte[] data = [.. "data"u8, 4, 0, 0, 0, 1, 2, 3, 4];
        byte[] body = [.. "WAVE"u8, .. Fmt(8000, 16), .. Fmt(44100, 8), .. data];
        byte[] file = [.. "RIFF"u8, .. BitConverter.GetBytes((uint)body.Length), .. body];

        var ex = Assert.Throws<InvalidDataException>(() => Wav.Read(new MemoryStream(file), "x.wav"));
        Assert.Equal("x.wav: WAV second 'fmt ' chunk at offset 36: a file has exactly one", ex.Message);
        // Without the second chunk the same file reads as 2 frames at 8000 Hz: the builder is right.
        byte[] single = [.. "RIFF"u8, .. BitConverter.GetBytes((uint)(body.Length - 24)), .. "WAVE"u8, .. Fmt(8000, 16), .. data];
        Assert.Equal((2, 8000), (Wav.Read(new MemoryStream(single)).Samples.Length, Wav.Read(new MemoryStream(single)).SampleRate));
    }

    [Fact]
    public void Bug_a_small_png_declaring_8192_squared_was_inflated_before_the_size_check()
    {
        // 8192 × 8192 gray: 64 MiB of zero rows deflate to ~65 KB; the caller needs 64 × 64.
        const int side = 8192;
        byte[] file = PngBytes.File([PngBytes.Ihdr(side, side, 8, 0), PngBytes.Idat(new byte[(side + 1) * side]), PngBytes.Iend()]);
        Assert.True(file.Length < 200_000, $"{file.Length} bytes");
        long allocated = Allocation.Measure(() => Png.Decode(file, maxPixels: 64 * 64));
        var ex = Assert.Throws<InvalidDataException>(() => Png.Decode(file, maxPixels: 64 * 64));
        Assert.Equal("PNG: image 8192x8192 has 67108864 pixels, more than the limit 4096", ex.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Bug_a_small_gif_declaring_a_4096_squared_screen_made_a_200_mb_canvas()
    {
        // Screen 4096 × 4096, no global table, one 1 × 1 frame with a local 2-entry table.
        byte[] file =
        [
            .. "GIF89a"u8, 0, 16, 0, 16, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x80, 0, 0, 0, 255, 255, 255,
            2, 2, 0x44, 0x01, 0, 0x3B,
        ];
        Assert.Equal((4096, 1), (Gif.Decode(file).Width, Gif.Decode(file).Frames.Count)); // the file is valid
        long allocated = Allocation.Measure(() => Gif.Decode(file, maxCanvasPixels: 64 * 64));
        var ex = Assert.Throws<InvalidDataException>(() => Gif.Decode(file, maxCanvasPixels: 64 * 64));
        Assert.Equal("GIF: logical screen 4096x4096 has 16777216 pixels, more than the limit 4096", ex.Message);
        Assert.True(allocated < 1 << 16, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Bug_a_6_kb_cifar_batch_started_with_a_1_mib_read_buffer()
    {
        var bytes = new byte[2 * Cifar10.RecordBytes]; // two all-zero records: label 0, black pixels
        long allocated = Allocation.Measure(() => Cifar10.ReadBatch(new MemoryStream(bytes), CifarColor.RgbPlanar));
        Assert.Equal(2, Cifar10.ReadBatch(new MemoryStream(bytes)).Count);
        // The bytes once (6 KB) and the floats (24 KB), not the former 1 MiB first step.
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Image_limits_above_the_format_caps_are_refused_as_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.Decode(new byte[8], Png.MaxPixels + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.Decode(new byte[8], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gif.Decode(new byte[8], Gif.MaxCanvasPixels + 1));
    }

    /// <summary>Readers that once echoed raw header bytes: each poisoned input and the escaped text its message must show.</summary>
    public static TheoryData<string, string> Poisoned => new()
    {
        { "npy descr", @"dtype '<f4\n\x1B[2J' is not supported" },
        { "npy key", @"header has unexpected key 'k\r\nnext line': expected" },
        { "npy not a dict", @"header ""['\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0B\x0C\r\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F']"" is not a Python dict" },
        { "safetensors name", @"tensor 'x\ny' has no dtype" },
        { "safetensors field", @"has unknown field 'a\u2028b'" },
        { "wav magic", @"magic 'R\x00\n\xFF' (52000AFF), expected 'RIFF'" },
        { "gif magic", @"wrong magic 'GIF\x1B\n\x7F', expected" },
    };

    [Theory]
    [MemberData(nameof(Poisoned))]
    public void Bug_error_messages_echoed_raw_header_bytes_to_the_terminal(string reader, string expected)
    {
        Action read = reader switch
        {
            "npy descr" => () => Npy.Read(new MemoryStream(NpyFile("{'descr': '<f4\n\u001b[2J', 'fortran_order': False, 'shape': (1,), }"))),
            "npy key" => () => Npy.Read(new MemoryStream(NpyFile("{'k\r\nnext line': 1}"))),
            "npy not a dict" => () => Npy.Read(new MemoryStream(NpyFile("['" + new string(Enumerable.Range(0, 32).Select(i => (char)i).ToArray()) + "']"))),
            "safetensors name" => () => Safetensors.Read(new MemoryStream(SafetensorsFile("""{"x\ny":{}}"""))),
            "safetensors field" => () => Safetensors.Read(new MemoryStream(SafetensorsFile("""{"x":{"a\u2028b":1}}"""))),
            "wav magic" => () => Wav.Read(new MemoryStream([(byte)'R', 0, (byte)'\n', 0xFF, 4, 0, 0, 0, .. "WAVE"u8])),
            "gif magic" => () => Gif.Decode([.. "GIF"u8, 0x1B, (byte)'\n', 0x7F, .. new byte[16]]),
            _ => throw new ArgumentException(reader),
        };
        var ex = Assert.Throws<InvalidDataException>(read);
        AssertSanitised(ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    static byte[] NpyFile(string header)
    {
        byte[] text = Encoding.Latin1.GetBytes(header);
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, (byte)(text.Length >> 8), .. text, 0, 0, 0, 0];
    }

    static byte[] SafetensorsFile(string json)
    {
        byte[] text = Encoding.UTF8.GetBytes(json);
        return [.. BitConverter.GetBytes((ulong)text.Length), .. text];
    }
}
