// GIF LZW: a hand-derived code stream, round trips for every minimum code size, growth to 12-bit
// codes with clear codes when the table fills, and rejection of undefined codes.
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Tests.Imaging;

public class GifLzwTests
{
    [Fact]
    public void Six_equal_pixels_encode_to_the_hand_derived_code_stream()
    {
        // Minimum code size 2: clear = 4, end = 5, first free code 6, codes 3 bits wide.
        // Input 1 1 1 1 1 1 -> clear(4), 1 (adds 6 = "11"), 6 (adds 7 = "111"), 7. Reading that 7 the
        // decoder assigns 7 and its next free code reaches 8 = 2^3, so the end code is 4 bits wide.
        // LSB-first packing: 4 | 1<<3 | 6<<6 | 7<<9 | 5<<12 = 0x5F8C.
        byte[] code = GifLzw.Encode([1, 1, 1, 1, 1, 1], 2);
        Assert.Equal([0x8C, 0x5F], code);
        var decoded = GifLzw.Decode(code, 2, 6, out var stats);
        Assert.Equal([1, 1, 1, 1, 1, 1], decoded);
        Assert.Equal(new LzwStats(6, 1, 4, true), stats);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Every_length_up_to_300_round_trips_with_a_readable_end_code(int minCodeSize)
    {
        // Sweeps past every width change, where the end code's width is easiest to get wrong.
        var rng = new Rng(31 + (ulong)minCodeSize);
        for (int length = 1; length <= 300; length++)
        {
            var indices = new byte[length];
            for (int i = 0; i < length; i++) indices[i] = (byte)rng.NextInt(i % 7 == 0 ? 1 << minCodeSize : 2);
            var decoded = GifLzw.Decode(GifLzw.Encode(indices, minCodeSize), minCodeSize, length, out var stats);
            Assert.True(stats.SawEndCode, $"length {length}: end code not found");
            Assert.Equal(indices, decoded.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 1000)]
    [InlineData(3, 777)]
    [InlineData(4, 5000)]
    [InlineData(5, 64)]
    [InlineData(6, 3000)]
    [InlineData(7, 12345)]
    [InlineData(8, 1)]
    [InlineData(8, 20000)]
    public void Random_indices_round_trip_for_every_minimum_code_size(int minCodeSize, int length)
    {
        var rng = new Rng((ulong)(minCodeSize * 100000 + length));
        var indices = new byte[length];
        int symbols = 1 << minCodeSize;
        for (int i = 0; i < length; i++) indices[i] = (byte)rng.NextInt(symbols);
        var decoded = GifLzw.Decode(GifLzw.Encode(indices, minCodeSize), minCodeSize, length, out var stats);
        Assert.Equal(length, stats.Pixels);
        Assert.True(stats.SawEndCode);
        Assert.Equal(indices, decoded.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void Codes_grow_to_12_bits_and_a_full_table_is_cleared()
    {
        // 20000 random bytes add about one table entry per 1.1 pixels: the 3838 free codes of a
        // size-8 table fill several times, each time followed by a clear code.
        var rng = new Rng(12);
        var indices = new byte[20000];
        for (int i = 0; i < indices.Length; i++) indices[i] = (byte)rng.NextInt(256);
        GifLzw.Decode(GifLzw.Encode(indices, 8), 8, indices.Length, out var stats);
        Assert.Equal(12, stats.MaxCodeSize);
        Assert.True(stats.ClearCodes >= 4, $"{stats.ClearCodes} clear codes");

        // A constant run needs only ~sqrt(2n) codes: 5000 pixels never fill the table.
        GifLzw.Decode(GifLzw.Encode(new byte[5000], 2), 2, 5000, out var runStats);
        Assert.Equal(1, runStats.ClearCodes);
        Assert.True(runStats.MaxCodeSize < 12);
    }

    static byte[] Pack(params (int Code, int Width)[] codes)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var (code, width) in codes)
        {
            buffer |= code << bits;
            bits += width;
            for (; bits >= 8; bits -= 8, buffer >>= 8) bytes.Add((byte)buffer);
        }
        if (bits > 0) bytes.Add((byte)buffer);
        return [.. bytes];
    }

    [Fact]
    public void Undefined_codes_and_overlong_output_are_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => GifLzw.Decode(Pack((4, 3), (1, 3), (7, 3)), 2, 10, out _));
        Assert.Equal("GIF: LZW code 7 is not defined yet (next free code is 6)", e.Message);
        e = Assert.Throws<InvalidDataException>(() => GifLzw.Decode(Pack((4, 3), (6, 3)), 2, 10, out _));
        Assert.Equal("GIF: LZW code 6 starts a table but only literals below 4 can", e.Message);
        e = Assert.Throws<InvalidDataException>(() => GifLzw.Decode(GifLzw.Encode(new byte[10], 2), 2, 5, out _));
        Assert.Equal("GIF: LZW data decodes to more than the 5 pixels of the frame", e.Message);
    }

    [Fact]
    public void Missing_end_code_and_data_after_it_are_tolerated()
    {
        var noEnd = GifLzw.Decode(Pack((4, 3), (1, 3), (2, 3)), 2, 2, out var stats);
        Assert.Equal([1, 2], noEnd.AsSpan(0, 2).ToArray());
        Assert.False(stats.SawEndCode);
        var trailing = GifLzw.Decode(Pack((4, 3), (3, 3), (5, 3), (7, 3)), 2, 1, out stats);
        Assert.Equal(3, trailing[0]);
        Assert.True(stats.SawEndCode);
    }

    [Fact]
    public void Decoding_a_tiny_stream_for_a_huge_frame_allocates_little()
    {
        byte[] code = GifLzw.Encode([1, 2, 3], 2);
        GifLzw.Decode(code, 2, 3, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        GifLzw.Decode(code, 2, 1 << 24, out var stats);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3, stats.Pixels);
        Assert.True(allocated < 1 << 20, $"decoder allocated {allocated} bytes");
    }
}
