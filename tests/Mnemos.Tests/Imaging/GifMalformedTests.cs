// Malformed GIF input: every failure is an InvalidDataException "GIF: ..." naming the problem and
// the offending value; tiny files that claim huge frames fail before large allocations.
using Mnemos.Imaging;

namespace Mnemos.Tests.Imaging;

public class GifMalformedTests
{
    static InvalidDataException Rejects(byte[] file, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => Gif.Decode(file));
        Assert.StartsWith("GIF: ", e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    static byte[] U16(int v) => [(byte)v, (byte)(v >> 8)];

    /// <summary>
    /// GIF89a with a screen of width × height, a 2-entry global table (unless omitted), and one
    /// frame at (0, 0) of frameWidth × frameHeight whose LZW data encodes <paramref name="indices"/>.
    /// </summary>
    static byte[] Build(int width, int height, int frameWidth, int frameHeight, byte[] indices,
        bool globalTable = true, int minCodeSize = 2, byte[]? magic = null, byte[]? beforeImage = null)
    {
        var b = new List<byte>();
        b.AddRange(magic ?? "GIF89a"u8.ToArray());
        b.AddRange(U16(width));
        b.AddRange(U16(height));
        b.AddRange([(byte)(globalTable ? 0x80 : 0), 0, 0]);
        if (globalTable) b.AddRange([0, 0, 0, 255, 255, 255]);
        b.AddRange(beforeImage ?? []);
        b.Add(0x2C);
        b.AddRange([.. U16(0), .. U16(0), .. U16(frameWidth), .. U16(frameHeight), 0]);
        b.Add((byte)minCodeSize);
        byte[] data = GifLzw.Encode(indices, Math.Clamp(minCodeSize, 2, 8));
        for (int i = 0; i < data.Length; i += 255)
        {
            int n = Math.Min(255, data.Length - i);
            b.Add((byte)n);
            b.AddRange(data.AsSpan(i, n).ToArray());
        }
        b.Add(0);
        b.Add(0x3B);
        return [.. b];
    }

    [Fact]
    public void Hand_built_reference_file_decodes()
    {
        var gif = Gif.Decode(Build(3, 1, 3, 1, [1, 0, 1]));
        Assert.Equal([1f, 1, 1, 0, 0, 0, 1, 1, 1], gif.Frames.Single().Image.Pixels);
        Assert.Equal(-1, gif.LoopCount);
    }

    [Fact]
    public void Wrong_magic_is_rejected_showing_it()
    {
        Rejects(Build(3, 1, 3, 1, [1, 0, 1], magic: "GIF88a"u8.ToArray()), "wrong magic 'GIF88a', expected 'GIF87a' or 'GIF89a'");
        Rejects(Png.Encode(new Image(1, 1, 1)), @"wrong magic '\x89PNG\r\n'");
        Rejects([], "file ends inside the header at offset 0: needs 6 bytes, 0 left");
    }

    [Fact]
    public void Truncation_at_every_offset_is_rejected()
    {
        var frames = Gif.Frames([ImagingGolden.RandomLevels(6, 5, 3, 1), ImagingGolden.RandomLevels(6, 5, 3, 2)]);
        byte[] file = Gif.Encode(frames);
        for (int length = 0; length < file.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => Gif.Decode(file.AsSpan(0, length)));
            Assert.StartsWith("GIF: ", e.Message);
        }
        Rejects(file[..^1], "file ends inside the block introducer (file truncated before the 0x3B trailer?)");
    }

    [Theory]
    [InlineData(0, 5, "logical screen 0x5 has a zero dimension")]
    [InlineData(65535, 65535, "logical screen 65535x65535 has 4294836225 pixels, more than the limit 16777216")]
    public void Zero_or_absurd_screen_sizes_are_rejected(int width, int height, string message)
    {
        Rejects(Build(width, height, 1, 1, [0]), message);
    }

    [Fact]
    public void Frame_problems_are_rejected_naming_the_frame()
    {
        Rejects(Build(3, 1, 0, 1, [0]), "frame 0 is 0x1, a zero dimension");
        Rejects(Build(3, 1, 3, 1, [0, 0, 0], globalTable: false), "frame 0 has no colour table (neither local nor global)");
        Rejects(Build(3, 1, 3, 1, [0, 0, 0], minCodeSize: 9), "frame 0 LZW minimum code size 9, expected 2-8");
        Rejects(Build(3, 1, 3, 1, [0, 0, 0], minCodeSize: 1), "minimum code size 1");
        Rejects(Build(3, 1, 3, 1, [0, 3, 0]), "frame 0: palette index 3 at (1, 0) is outside the 2-entry colour table");
        Rejects(Build(3, 1, 3, 1, [0, 1]), "frame 0: LZW data ends after 2 of 3 pixels (3x1)");
        Rejects(Build(3, 1, 3, 1, [0, 1, 1, 1]), "LZW data decodes to more than the 3 pixels of the frame");
        Rejects(Build(3, 1, 3, 1, [0, 0, 0], beforeImage: [0x99]), "unknown block introducer 0x99 at offset 19");
        Rejects(Build(3, 1, 3, 1, [0, 0, 0], beforeImage: [0x21, 0xF9, 2, 0, 0, 0]), "graphic control extension block has 2 bytes, expected 4");
    }

    [Fact]
    public void A_file_without_images_is_rejected()
    {
        byte[] file = [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0, 0, 0, 0x3B];
        Rejects(file, "no image block before the trailer");
    }

    [Fact]
    public void Unknown_extensions_are_skipped_and_the_loop_count_is_read()
    {
        byte[] comment = [0x21, 0xFE, 3, (byte)'a', (byte)'b', (byte)'c', 0];
        byte[] loop = [0x21, 0xFF, 11, .. "NETSCAPE2.0"u8.ToArray(), 3, 1, 5, 0, 0];
        var gif = Gif.Decode(Build(3, 1, 3, 1, [1, 0, 1], beforeImage: [.. comment, .. loop]));
        Assert.Equal(5, gif.LoopCount);
        Assert.Equal(1f, gif.Frames[0].Image.Pixels[0]);
    }

    [Fact]
    public void A_tiny_file_claiming_a_huge_frame_fails_without_a_large_allocation()
    {
        // A 4096 x 4096 screen and frame (at the pixel limit) with three pixels of LZW data.
        byte[] file = Build(4096, 4096, 4096, 4096, [0, 1, 0]);
        Gif.Decode(Build(3, 1, 3, 1, [1, 0, 1])); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects(file, "frame 0: LZW data ends after 3 of 16777216 pixels (4096x4096)");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"decoder allocated {allocated} bytes");
    }

    [Fact]
    public void Read_prefixes_format_errors_with_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemos-bad-{Guid.NewGuid():N}.gif");
        File.WriteAllBytes(path, "GIF89a"u8.ToArray());
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Gif.Read(path));
            Assert.Equal($"{path}: GIF: file ends inside the logical screen descriptor at offset 6: needs 7 bytes, 0 left (truncated?)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
