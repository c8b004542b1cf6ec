// PNG: decoding the independent golden files (every colour type, bit depth, filter, tRNS, Adam7,
// split IDAT), encode -> decode round trips, filter choice, CRC and atomic writes.
using Mnemos.Formats;
using Mnemos.Imaging;

namespace Mnemos.Tests.Imaging;

public class PngTests
{
    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var c in ImagingGolden.PngCases()) data.Add(c.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Golden_file_decodes_to_the_samples_the_independent_encoder_wrote(string file)
    {
        var expected = ImagingGolden.PngCases().Single(c => c.File == file);
        var image = Png.Read(ImagingGolden.PathOf(file));
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(expected.Samples.Length, image.Pixels.Length);
        for (int i = 0; i < expected.Samples.Length; i++)
        {
            float want = expected.Samples[i] / (float)expected.Max;
            if (image.Pixels[i] != want)
                Assert.Fail($"{file}: sample {i} (pixel {i / expected.Channels}, channel {i % expected.Channels}) is {image.Pixels[i]}, expected {expected.Samples[i]}/{expected.Max}");
        }
    }

    [Fact]
    public void Golden_set_covers_every_colour_type_and_bit_depth()
    {
        // Guards the set itself: dropping a case from make_golden.py must fail here.
        var headers = ImagingGolden.PngCases()
            .Select(c => File.ReadAllBytes(ImagingGolden.PathOf(c.File)))
            .Select(b => (Depth: (int)b[24], ColorType: (int)b[25], Interlaced: b[28] == 1))
            .ToHashSet();
        int[][] depths = [[1, 2, 4, 8, 16], [], [8, 16], [1, 2, 4, 8], [8, 16], [], [8, 16]];
        for (int ct = 0; ct < depths.Length; ct++)
            foreach (int d in depths[ct]) Assert.Contains(headers, h => h.ColorType == ct && h.Depth == d);
        Assert.Contains(headers, h => h.Interlaced);
    }

    public static TheoryData<int, int, int> RoundTripShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int channels in new[] { 1, 3, 4 })
            foreach (var (w, h) in new[] { (1, 1), (3, 5), (17, 9), (64, 1), (1, 33), (31, 32) })
                data.Add(w, h, channels);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripShapes))]
    public void Encode_then_decode_returns_the_same_8_bit_levels(int width, int height, int channels)
    {
        var image = ImagingGolden.RandomLevels(width, height, channels, seed: (ulong)(width * 1000 + height * 10 + channels));
        var decoded = Png.Decode(Png.Encode(image));
        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_filter_type_round_trips_when_forced_on_all_rows(int filter)
    {
        var image = ImagingGolden.RandomLevels(13, 7, 3, seed: 40 + (ulong)filter);
        using var stream = new MemoryStream();
        PngEncoder.Encode(image, stream, filter);
        Assert.Equal(image.Pixels, Png.Decode(stream.ToArray()).Pixels);
    }

    [Fact]
    public void Encoder_rounds_to_the_nearest_level_and_clamps_out_of_range_and_nan()
    {
        var image = new Image(6, 1, 1, [0.2f, 0.5f, -3f, 7f, float.NaN, 0.999f]);
        var decoded = Png.Decode(Png.Encode(image));
        // 0.2·255 = 51; 0.5·255 = 127.5 rounds up to 128; 0.999·255 = 254.7 rounds to 255.
        Assert.Equal([51 / 255f, 128 / 255f, 0f, 1f, 0f, 1f], decoded.Pixels);
    }

    [Fact]
    public void Adaptive_filter_choice_picks_the_minimum_sum_of_absolute_differences()
    {
        byte[] ramp = [10, 20, 30, 40, 50, 60];
        var scratch = new byte[6];
        // Zero prior row: Sub leaves 10, 10, 10, ... (sum 60), less than None's 210.
        Assert.Equal(PngFilters.Sub, PngEncoder.ChooseFilter(ramp, new byte[6], 1, scratch));
        // Prior row equal to this one: Up gives all zeros.
        Assert.Equal(PngFilters.Up, PngEncoder.ChooseFilter(ramp, ramp, 1, scratch));
        // Bytes count as signed: None gives 5, 250 (cost 5 + 6 = 11), Sub 5, 245 (cost 5 + 11 = 16).
        // Read unsigned, Sub (250) would beat None (255).
        Assert.Equal(PngFilters.None, PngEncoder.ChooseFilter([5, 250], [0, 0], 1, new byte[2]));
    }

    [Fact]
    public void Adaptive_filtering_compresses_a_smooth_gradient_better_than_no_filtering()
    {
        var image = new Image(64, 64, 3);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                for (int c = 0; c < 3; c++) image[x, y, c] = (x * (c + 1) + y * 3) % 256 / 255f;
        using var none = new MemoryStream();
        PngEncoder.Encode(image, none, PngFilters.None);
        byte[] adaptive = Png.Encode(image);
        Assert.True(adaptive.Length < none.Length, $"adaptive {adaptive.Length} bytes, unfiltered {none.Length}");
        Assert.Equal(image.Pixels, Png.Decode(adaptive).Pixels);
    }

    [Fact]
    public void Large_images_are_split_into_several_idat_chunks_with_valid_crcs()
    {
        var image = ImagingGolden.RandomLevels(200, 150, 3, seed: 9); // ~90 kB of incompressible data
        byte[] png = Png.Encode(image);
        int idat = 0;
        for (int p = 8; p < png.Length;)
        {
            int length = (png[p] << 24) | (png[p + 1] << 16) | (png[p + 2] << 8) | png[p + 3];
            string type = System.Text.Encoding.ASCII.GetString(png, p + 4, 4);
            uint stored = (uint)((png[p + 8 + length] << 24) | (png[p + 9 + length] << 16) | (png[p + 10 + length] << 8) | png[p + 11 + length]);
            Assert.Equal(Crc32.Compute(png.AsSpan(p + 4, 4 + length)), stored);
            if (type == "IDAT") idat++;
            p += 12 + length;
        }
        Assert.True(idat >= 2, $"{idat} IDAT chunks");
        Assert.Equal(image.Pixels, Png.Decode(png).Pixels);
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xCBF43926u, Crc32.Compute("6789"u8, Crc32.Compute("12345"u8)));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Write_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        string directory = Directory.CreateTempSubdirectory("mnemos-png-").FullName;
        try
        {
            string path = Path.Combine(directory, "image.png");
            Png.Write(ImagingGolden.RandomLevels(4, 3, 1, seed: 1), path);
            var second = ImagingGolden.RandomLevels(5, 2, 4, seed: 2);
            Png.Write(second, path);
            Assert.Equal(second.Pixels, Png.Read(path).Pixels);
            Assert.Equal(["image.png"], Directory.GetFiles(directory).Select(Path.GetFileName));
            using var stream = File.OpenRead(path);
            Assert.Equal(second.Pixels, Png.Decode(stream).Pixels);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
