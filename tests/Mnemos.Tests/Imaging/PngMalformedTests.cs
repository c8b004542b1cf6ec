// Malformed PNG input: every failure is an InvalidDataException whose one-line message names the
// problem and the offending value, and a tiny file claiming a huge image allocates little.
using Mnemos.Imaging;

namespace Mnemos.Tests.Imaging;

public class PngMalformedTests
{
    static InvalidDataException Rejects(byte[] file, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => Png.Decode(file));
        Assert.StartsWith("PNG: ", e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    /// <summary>3 × 2 gray 8-bit, filter None, samples 1..6.</summary>
    static byte[] Gray3x2(params byte[][] extraBeforeIdat) => PngBytes.File(
        [PngBytes.Ihdr(3, 2, 8, 0), .. extraBeforeIdat, PngBytes.Idat([0, 1, 2, 3, 0, 4, 5, 6]), PngBytes.Iend()]);

    [Fact]
    public void Hand_built_reference_file_decodes()
    {
        Assert.Equal([1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f, 5 / 255f, 6 / 255f], Png.Decode(Gray3x2()).Pixels);
    }

    [Fact]
    public void Wrong_signature_is_rejected_showing_the_bytes()
    {
        byte[] file = Gray3x2();
        file[1] = (byte)'Q';
        Rejects(file, "wrong signature 89 51 4E 47");
        Rejects([], "wrong signature (empty)");
        Rejects("GIF89a"u8.ToArray(), "wrong signature 47 49 46 38 39 61");
    }

    [Fact]
    public void Truncation_at_every_offset_is_rejected()
    {
        byte[] file = Png.Encode(ImagingGolden.RandomLevels(3, 4, 3, seed: 3));
        for (int length = 0; length < file.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => Png.Decode(file.AsSpan(0, length)));
            Assert.StartsWith("PNG: ", e.Message);
        }
        Rejects(file[..^12], "file ends before the IEND chunk");
        Rejects(file[..^3], "truncated: 9 bytes left");
        Rejects(file[..50], "declares");
    }

    [Fact]
    public void Bad_crc_is_rejected_naming_the_chunk_and_both_values()
    {
        byte[] file = Gray3x2();
        file[^17] ^= 0xFF; // last byte of IDAT data (then its CRC, then IEND)
        Rejects(file, "bad CRC in chunk 'IDAT' at offset 33: stored 0x");
    }

    [Theory]
    [InlineData(0u, 2u, "IHDR width 0 must be between 1 and 2^31-1")]
    [InlineData(3u, 0u, "IHDR height 0 must be between 1 and 2^31-1")]
    [InlineData(0x80000000u, 1u, "IHDR width 2147483648")]
    [InlineData(100000u, 100000u, "image 100000x100000 has 10000000000 pixels, more than the limit 67108864")]
    [InlineData(2147483647u, 1u, "image 2147483647x1 has 2147483647 pixels")]
    public void Zero_or_absurd_dimensions_are_rejected(uint width, uint height, string message)
    {
        Rejects(PngBytes.File(PngBytes.Ihdr(width, height, 8, 0), PngBytes.Idat([0, 1]), PngBytes.Iend()), message);
    }

    [Theory]
    [InlineData(8, 5, 0, 0, 0, "IHDR colour type 5 is not one of 0, 2, 3, 4, 6")]
    [InlineData(4, 2, 0, 0, 0, "IHDR bit depth 4 is not allowed for colour type 2 (allowed: 8, 16)")]
    [InlineData(16, 3, 0, 0, 0, "IHDR bit depth 16 is not allowed for colour type 3")]
    [InlineData(3, 0, 0, 0, 0, "IHDR bit depth 3 is not allowed for colour type 0")]
    [InlineData(8, 0, 1, 0, 0, "IHDR compression method 1, expected 0")]
    [InlineData(8, 0, 0, 1, 0, "IHDR filter method 1, expected 0")]
    [InlineData(8, 0, 0, 0, 2, "IHDR interlace method 2, expected 0 (none) or 1 (Adam7)")]
    public void Invalid_ihdr_fields_are_rejected(int depth, int colorType, int compression, int filter, int interlace, string message)
    {
        var ihdr = PngBytes.Ihdr(3, 2, depth, colorType, interlace, compression, filter);
        Rejects(PngBytes.File(ihdr, PngBytes.Idat(new byte[16]), PngBytes.Iend()), message);
    }

    [Fact]
    public void Chunk_order_and_framing_errors_are_rejected()
    {
        Rejects(PngBytes.File(PngBytes.Chunk("IHDR", new byte[12]), PngBytes.Iend()), "IHDR has 12 data bytes, expected 13");
        Rejects(PngBytes.File(PngBytes.Idat([0, 1]), PngBytes.Iend()), "first chunk is 'IDAT', expected 'IHDR'");
        Rejects(PngBytes.File(PngBytes.Ihdr(3, 2, 8, 0), PngBytes.Iend()), "no IDAT chunk");
        Rejects(Gray3x2(PngBytes.Chunk("ABCD", [1])), "unknown critical chunk 'ABCD'");
        Rejects(Gray3x2(PngBytes.Ihdr(3, 2, 8, 0)), "second IHDR chunk");
        Rejects(Gray3x2(PngBytes.Chunk("tR1S", [])), "chunk type bytes 74 52 31 53 at offset 33 are not ASCII letters");
        byte[] huge = Gray3x2();
        huge[33] = 0x7F; // IDAT length byte: claims ~2 GB
        Rejects(huge, "chunk 'IDAT' at offset 33 declares");
        // Unknown ancillary chunks are skipped.
        Assert.Equal(6, Png.Decode(Gray3x2(PngBytes.Chunk("abCd", [1, 2, 3]))).Pixels.Length);
    }

    [Fact]
    public void Palette_problems_are_rejected()
    {
        byte[] ihdr = PngBytes.Ihdr(2, 1, 8, 3);
        byte[] idat = PngBytes.Idat([0, 1, 5]);
        Rejects(PngBytes.File(ihdr, idat, PngBytes.Iend()), "colour type 3 (palette) but no PLTE chunk");
        Rejects(PngBytes.File(ihdr, PngBytes.Chunk("PLTE", [1, 2, 3, 4]), idat, PngBytes.Iend()), "PLTE has 4 data bytes");
        var plte = PngBytes.Chunk("PLTE", [1, 2, 3, 4, 5, 6]);
        Rejects(PngBytes.File(ihdr, plte, idat, PngBytes.Iend()), "palette index 5 at pixel (1, 0) is outside the 2-entry palette");
        Rejects(PngBytes.File(ihdr, plte, PngBytes.Chunk("tRNS", [1, 2, 3]), idat, PngBytes.Iend()), "tRNS has 3 alpha values but the palette has only 2 entries");
        Rejects(PngBytes.File(ihdr, PngBytes.Chunk("tRNS", [1]), plte, idat, PngBytes.Iend()), "tRNS chunk comes before PLTE");
        Rejects(PngBytes.File(ihdr, idat, plte, PngBytes.Iend()), "PLTE chunk at offset");
        Rejects(PngBytes.File(PngBytes.Ihdr(2, 1, 8, 2), PngBytes.Chunk("tRNS", [0, 1]), PngBytes.Idat(new byte[7]), PngBytes.Iend()),
            "tRNS has 2 data bytes, expected 6 for colour type 2");
    }

    [Fact]
    public void Inflated_size_other_than_the_header_implies_is_rejected()
    {
        byte[] ihdr = PngBytes.Ihdr(3, 2, 8, 0);
        Rejects(PngBytes.File(ihdr, PngBytes.Idat(new byte[9]), PngBytes.Iend()), "image data inflates to more than the 8 bytes a 3x2 colour type 0 depth 8 image needs");
        Rejects(PngBytes.File(ihdr, PngBytes.Idat(new byte[7]), PngBytes.Iend()), "image data inflates to 7 bytes but a 3x2 colour type 0 depth 8 image needs 8");
        Rejects(PngBytes.File(ihdr, PngBytes.Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF]), PngBytes.Iend()), "corrupt zlib data in IDAT");
        byte[] zlib = PngBytes.Zlib([0, 1, 2, 3, 0, 4, 5, 6]);
        zlib[^1] ^= 1; // Adler-32 checksum
        Rejects(PngBytes.File(ihdr, PngBytes.Chunk("IDAT", zlib), PngBytes.Iend()), "corrupt zlib data");
    }

    [Fact]
    public void Zlib_stream_errors_raised_as_io_exceptions_become_invalid_data()
    {
        // Regression: a fuzzed file whose zlib header is damaged (78 20) made ZLibStream throw
        // ZLibException, an IOException, which escaped the decoder.
        byte[] file = Convert.FromHexString(
            "89504E470D0A1A0A0000000D4948445200000007000000050200000000E641B1A50000001749444154782063BC65C4746C" +
            "0573AB000BFF17865A0600279E049AE24DF8260000000049454E44AE426082");
        Rejects(file, "corrupt zlib data in IDAT");
    }

    [Fact]
    public void Filter_type_above_four_is_rejected_naming_the_row()
    {
        Rejects(PngBytes.File(PngBytes.Ihdr(3, 2, 8, 0), PngBytes.Idat([0, 1, 2, 3, 7, 4, 5, 6]), PngBytes.Iend()), "row 1 has filter type 7, expected 0-4");
        var interlaced = PngBytes.Ihdr(1, 1, 8, 0, interlace: 1);
        Rejects(PngBytes.File(interlaced, PngBytes.Idat([9, 1]), PngBytes.Iend()), "row 0 of Adam7 pass 1 has filter type 9");
    }

    [Fact]
    public void A_tiny_file_claiming_a_huge_image_fails_without_a_large_allocation()
    {
        // 8000 x 8000 gray is under the pixel limit and would need 64 MB raw; the IDAT holds 10 bytes.
        byte[] file = PngBytes.File(PngBytes.Ihdr(8000, 8000, 8, 0), PngBytes.Idat(new byte[10]), PngBytes.Iend());
        Png.Decode(Gray3x2()); // warm up type initialisation outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects(file, "image data inflates to 10 bytes but a 8000x8000 colour type 0 depth 8 image needs 64008000");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"decoder allocated {allocated} bytes");
    }

    [Fact]
    public void Read_prefixes_format_errors_with_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemos-bad-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Png.Read(path));
            Assert.Equal($"{path}: PNG: wrong signature 01 02 03, expected 89 50 4E 47 0D 0A 1A 0A", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
