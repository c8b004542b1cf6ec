// GIF: decoding the independent golden files (GIF87a, interlace, local tables, transparency,
// disposal 0-3, clipping, both table-full LZW policies, missing end code) and encode -> decode
// round trips for gray, exact-palette and quantized colour animations.
using Mnemos.Imaging;

namespace Mnemos.Tests.Imaging;

public class GifTests
{
    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var c in ImagingGolden.GifCases()) data.Add(c.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Golden_file_decodes_to_the_frames_the_independent_compositor_expects(string file)
    {
        var expected = ImagingGolden.GifCases().Single(c => c.File == file);
        var gif = Gif.Read(ImagingGolden.PathOf(file));
        Assert.Equal((expected.Width, expected.Height, expected.LoopCount), (gif.Width, gif.Height, gif.LoopCount));
        Assert.Equal(expected.Frames.Length, gif.Frames.Count);
        for (int f = 0; f < expected.Frames.Length; f++)
        {
            var frame = gif.Frames[f];
            Assert.Equal(expected.Frames[f].Delay, frame.DelayCentiseconds);
            Assert.Equal((expected.Width, expected.Height, 3), (frame.Image.Width, frame.Image.Height, frame.Image.Channels));
            byte[] rgb = Convert.FromHexString(expected.Frames[f].Rgb);
            for (int i = 0; i < rgb.Length; i++)
            {
                if (frame.Image.Pixels[i] != rgb[i] / 255f)
                    Assert.Fail($"{file} frame {f}: sample {i} (pixel {i / 3}) is {frame.Image.Pixels[i] * 255}, expected {rgb[i]}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(17, 9, 3)]
    [InlineData(64, 48, 2)]
    public void Gray_frames_round_trip_to_their_8_bit_levels(int width, int height, int frameCount)
    {
        var rng = new Mnemos.Tensors.Rng(17);
        var frames = new List<GifFrame>();
        for (int f = 0; f < frameCount; f++)
        {
            var image = new Image(width, height, 1);
            rng.FillUniform(image.Pixels, 0, 1); // arbitrary floats: the gray table maps them to round(255 v)
            frames.Add(new GifFrame(image, DelayCentiseconds: 3 + f));
        }
        var gif = Gif.Decode(Gif.Encode(frames, loopCount: 0));
        Assert.Equal((width, height, 0), (gif.Width, gif.Height, gif.LoopCount));
        Assert.Equal(frameCount, gif.Frames.Count);
        for (int f = 0; f < frameCount; f++)
        {
            Assert.Equal(3 + f, gif.Frames[f].DelayCentiseconds);
            float[] source = frames[f].Image.Pixels, decoded = gif.Frames[f].Image.Pixels;
            for (int i = 0; i < source.Length; i++)
            {
                float level = (int)MathF.Round(source[i] * 255, MidpointRounding.AwayFromZero) / 255f;
                Assert.Equal(level, decoded[3 * i]);
                Assert.Equal(level, decoded[3 * i + 1]);
                Assert.Equal(level, decoded[3 * i + 2]);
            }
        }
    }

    static Image PaletteImage(int width, int height, int[] colors, ulong seed)
    {
        var rng = new Mnemos.Tensors.Rng(seed);
        var image = new Image(width, height, 3);
        for (int p = 0; p < width * height; p++)
        {
            int c = colors[rng.NextInt(colors.Length)];
            image.Pixels[3 * p] = (c >> 16) / 255f;
            image.Pixels[3 * p + 1] = ((c >> 8) & 0xFF) / 255f;
            image.Pixels[3 * p + 2] = (c & 0xFF) / 255f;
        }
        return image;
    }

    static int[] DistinctColors(int count, ulong seed)
    {
        var rng = new Mnemos.Tensors.Rng(seed);
        var set = new HashSet<int>();
        while (set.Count < count) set.Add((int)(rng.NextUInt64() & 0xFFFFFF));
        return [.. set];
    }

    [Theory]
    [InlineData(2, 1)]      // 2 colours: 1-bit table, minimum code size 2
    [InlineData(256, 1)]    // exactly a full table, shared globally
    [InlineData(200, 2)]    // 400 colours in total: each frame gets an exact local table
    public void Colour_frames_with_at_most_256_colours_each_round_trip_exactly(int colorsPerFrame, int frameCount)
    {
        var frames = new List<GifFrame>();
        for (int f = 0; f < frameCount; f++)
            frames.Add(new GifFrame(PaletteImage(37, 23, DistinctColors(colorsPerFrame, 100 + (ulong)f), 7 + (ulong)f)));
        var gif = Gif.Decode(Gif.Encode(frames));
        for (int f = 0; f < frameCount; f++) Assert.Equal(frames[f].Image.Pixels, gif.Frames[f].Image.Pixels);
    }

    [Fact]
    public void Gray_and_rgba_frames_mix_into_a_colour_animation_ignoring_alpha()
    {
        var gray = new Image(2, 1, 1, [0.2f, 0.8f]);
        var rgba = new Image(2, 1, 4, [1, 0, 0, 0.1f, 0, 0, 1, 1]);
        var gif = Gif.Decode(Gif.Encode(Gif.Frames([gray, rgba], delayCentiseconds: 4), loopCount: -1));
        Assert.Equal(-1, gif.LoopCount);
        Assert.Equal([51 / 255f, 51 / 255f, 51 / 255f, 204 / 255f, 204 / 255f, 204 / 255f], gif.Frames[0].Image.Pixels);
        Assert.Equal([1f, 0, 0, 0, 0, 1f], gif.Frames[1].Image.Pixels);
        Assert.All(gif.Frames, f => Assert.Equal(4, f.DelayCentiseconds));
    }

    [Fact]
    public void Frames_with_thousands_of_colours_are_median_cut_to_a_close_palette()
    {
        // Smooth 64 x 64 gradient with 4096 distinct colours in 256 boxes of ~16 colours each: a box
        // spans about 4 levels per channel, so no sample should be off by more than a few levels.
        var image = new Image(64, 64, 3);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                image[x, y, 0] = 4 * x / 255f;
                image[x, y, 1] = 4 * y / 255f;
                image[x, y, 2] = (2 * x + 2 * y) / 255f;
            }
        var decoded = Gif.Decode(Gif.Encode([new GifFrame(image)])).Frames[0].Image;
        double sum = 0, worst = 0;
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            double error = Math.Abs(image.Pixels[i] - decoded.Pixels[i]) * 255;
            sum += error;
            worst = Math.Max(worst, error);
        }
        double mean = sum / image.Pixels.Length;
        Assert.True(mean < 4 && worst < 16, $"mean error {mean:F2} levels, worst {worst:F0}");
    }

    [Fact]
    public void Median_cut_keeps_at_most_the_requested_colours_and_splits_at_the_count_median()
    {
        var histogram = new Dictionary<int, int> { [0x000000] = 1, [0x0A0000] = 1, [0xF00000] = 6, [0xFF0000] = 2 };
        int[] two = GifPalette.MedianCut(histogram, 2);
        // Sorted by red the counts are 1, 1, 6, 2: half of 10 is reached at 0xF0, so the boxes are
        // {00, 0A, F0} (mean red (0 + 10 + 6·240)/8 = 181.25) and {FF}.
        Assert.Equal([181 << 16, 0xFF0000], two.Order().ToArray());
        Assert.Equal(4, GifPalette.MedianCut(histogram, 10).Length);
        Assert.Equal(1, GifPalette.Nearest(0xC00000, [0x000000, 0xB00000, 0xFF0000]));
    }

    [Fact]
    public void Encoder_rejects_bad_arguments_naming_the_values()
    {
        var a = new Image(3, 2, 1);
        var b = new Image(2, 3, 1);
        Assert.Contains("frame 1 is 2x3 but frame 0 is 3x2", Assert.Throws<ArgumentException>(() => Gif.Encode(Gif.Frames([a, b]))).Message);
        Assert.Throws<ArgumentException>(() => Gif.Encode(Array.Empty<GifFrame>()));
        Assert.Contains("delay -1", Assert.Throws<ArgumentOutOfRangeException>(() => Gif.Encode([new GifFrame(a, -1)])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gif.Encode([new GifFrame(a)], loopCount: 70000));
        Assert.Contains("65535x65535", Assert.Throws<ArgumentException>(() => Gif.Encode([new GifFrame(new Image(70000, 1, 1))])).Message);
    }

    [Fact]
    public void Write_replaces_the_file_atomically_and_read_returns_the_frames()
    {
        string directory = Directory.CreateTempSubdirectory("mnemos-gif-").FullName;
        try
        {
            string path = Path.Combine(directory, "anim.gif");
            Gif.Write(Gif.Frames([new Image(2, 2, 1)]), path);
            var frames = Gif.Frames([ImagingGolden.RandomLevels(5, 4, 1, 1), ImagingGolden.RandomLevels(5, 4, 1, 2)], 20);
            Gif.Write(frames, path, loopCount: 7);
            var gif = Gif.Read(path);
            Assert.Equal(7, gif.LoopCount);
            Assert.Equal(frames[1].Image.ToRgb().Pixels, gif.Frames[1].Image.Pixels);
            Assert.Equal(["anim.gif"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
