// Corruptions change exactly the stated pixels or region and nothing else, with draws fixed by the
// seed; text forms round-trip and bad ones give one line naming the text.
using Mnemos.Data;
using Mnemos.Tensors;

namespace Mnemos.Tests.Data;

public class CorruptionTests
{
    /// <summary>Values strictly inside [0.1, 0.9], so setting a pixel to 0, 1 or fresh noise always changes it.</summary>
    static float[] Interior(ImageShape shape, ulong seed)
    {
        var x = new float[shape.Size];
        new Rng(seed).FillUniform(x, 0.1, 0.9);
        return x;
    }

    static bool[] ChangedPixels(float[] before, float[] after, ImageShape shape) =>
        Enumerable.Range(0, shape.Pixels)
            .Select(p => Enumerable.Range(0, shape.Channels).Any(k => before[p * shape.Channels + k] != after[p * shape.Channels + k]))
            .ToArray();

    [Theory]
    [InlineData("uniform", 0.3, 7, 5, 1, 0.0, 1.0)]
    [InlineData("uniform", 0.5, 5, 3, 3, -1.0, 2.0)] // 7.5 pixels: the half rounds up to 8
    [InlineData("salt-pepper", 0.1, 28, 28, 1, 0.0, 1.0)]
    [InlineData("salt-pepper", 0.5, 5, 3, 3, -1.0, 2.0)]
    [InlineData("dropout", 0.25, 6, 6, 4, 0.0, 1.0)]
    [InlineData("dropout", 1.0, 4, 3, 1, -0.5, 1.0)]
    [InlineData("dropout", 0.0, 4, 3, 1, 0.0, 1.0)]
    public void Fraction_corruptions_change_exactly_round_P_pixels_and_nothing_else(
        string kind, double p, int width, int height, int channels, double low, double high)
    {
        var shape = new ImageShape(width, height, channels);
        var corruption = Corruption.Parse($"{kind}:{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var before = Interior(shape, 11);
        var after = corruption.Apply(before, shape, new Rng(5), low, high);

        var changed = ChangedPixels(before, after, shape);
        int expected = (int)Math.Floor(p * shape.Pixels + 0.5);
        Assert.Equal(expected, changed.Count(c => c));
        for (int px = 0; px < shape.Pixels; px++)
        {
            if (!changed[px]) continue;
            var values = after.AsSpan(px * channels, channels).ToArray();
            switch (kind)
            {
                case "uniform": Assert.All(values, v => Assert.InRange(v, (float)low, (float)high)); break;
                case "dropout": Assert.All(values, v => Assert.Equal((float)low, v)); break;
                default: Assert.True(values.All(v => v == (float)low) || values.All(v => v == (float)high), $"pixel {px}: {string.Join(", ", values)}"); break;
            }
        }
    }

    [Fact]
    public void Salt_and_pepper_picks_low_and_high_about_equally()
    {
        var shape = new ImageShape(100, 100, 1);
        var after = new Corruption.SaltPepper(0.5).Apply(Interior(shape, 1), shape, new Rng(2));
        int lows = after.Count(v => v == 0f), highs = after.Count(v => v == 1f);
        Assert.Equal(5000, lows + highs);
        Assert.InRange(lows, 2500 - 6 * 35, 2500 + 6 * 35); // binomial(5000, ½): σ ≈ 35
    }

    [Fact]
    public void Gaussian_noise_has_the_stated_spread_and_clips_only_when_asked()
    {
        var shape = new ImageShape(100, 100, 1);
        var before = Enumerable.Repeat(0.5f, shape.Size).ToArray();
        var after = new Corruption.Gaussian(0.3).Apply(before, shape, new Rng(3));
        var delta = after.Select((v, i) => (double)v - before[i]).ToArray();
        double mean = delta.Average(), std = Math.Sqrt(delta.Select(d => (d - mean) * (d - mean)).Average());
        Assert.InRange(mean, -6 * 0.003, 6 * 0.003); // standard error 0.3/√10⁴
        Assert.InRange(std, 0.3 * (1 - 6 / Math.Sqrt(2e4)), 0.3 * (1 + 6 / Math.Sqrt(2e4)));
        Assert.Contains(after, v => v < 0f || v > 1f);

        var clipped = new Corruption.Gaussian(0.3, Clip: true).Apply(before, shape, new Rng(3));
        for (int i = 0; i < after.Length; i++) Assert.Equal(Math.Clamp(after[i], 0f, 1f), clipped[i]);
        Assert.Equal(before, new Corruption.Gaussian(0).Apply(before, shape, new Rng(3)));
    }

    [Fact]
    public void Squares_paint_the_documented_clipped_squares_and_nothing_else()
    {
        var shape = new ImageShape(9, 7, 3);
        const int K = 4, S = 3;
        var before = Interior(shape, 4);
        for (ulong seed = 0; seed < 20; seed++)
        {
            var after = new Corruption.Squares(K, S).Apply(before, shape, new Rng(seed), -1, 2);

            // Replay the documented draws: left, top, then one colour per channel, painted in order.
            var expected = (float[])before.Clone();
            var rng = new Rng(seed);
            for (int q = 0; q < K; q++)
            {
                int left = rng.NextInt(9 + S - 1) - (S - 1), top = rng.NextInt(7 + S - 1) - (S - 1);
                var colour = Enumerable.Range(0, 3).Select(_ => rng.Uniform(-1, 2)).ToArray();
                for (int y = top; y < top + S; y++)
                    for (int x = left; x < left + S; x++)
                        if (x >= 0 && x < 9 && y >= 0 && y < 7)
                            colour.CopyTo(expected, (y * 9 + x) * 3);
            }
            Assert.Equal(expected, after);
        }
    }

    [Fact]
    public void One_square_covers_every_pixel_equally_often_and_a_huge_one_covers_all()
    {
        var shape = new ImageShape(6, 5, 1);
        var counts = new int[shape.Pixels];
        var rng = new Rng(9);
        var before = Interior(shape, 9);
        const int Draws = 2000;
        for (int t = 0; t < Draws; t++)
        {
            var changed = ChangedPixels(before, new Corruption.Squares(1, 3).Apply(before, shape, rng), shape);
            for (int p = 0; p < counts.Length; p++) counts[p] += changed[p] ? 1 : 0;
        }
        // Covered when the left column is among 3 of 6 + 3 − 1 = 8 and the top row among 3 of 7.
        double q = 3.0 / 8 * (3.0 / 7), sd = Math.Sqrt(Draws * q * (1 - q));
        Assert.All(counts, c => Assert.InRange(c, Draws * q - 6 * sd, Draws * q + 6 * sd));

        var huge = new Corruption.Squares(1, 50).Apply(before, shape, new Rng(1));
        Assert.All(huge, v => Assert.Equal(huge[0], v));
        Assert.DoesNotContain(huge, v => before.Contains(v));
    }

    [Theory]
    [InlineData("top", 4, 4)]
    [InlineData("bottom", 5, 3)]
    [InlineData("top", 5, 3)]
    [InlineData("left", 5, 3)]
    [InlineData("right", 5, 3)]
    [InlineData("right", 35, 1)]
    [InlineData("bottom", 35, 1)]
    public void Half_masks_its_half_including_an_odd_middle_line(string side, int width, int height)
    {
        var shape = new ImageShape(width, height, 2);
        var before = Interior(shape, 6);
        var after = Corruption.Parse("half:" + side).Apply(before, shape, new Rng(0), low: -0.5);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                // A line belongs to a half when it lies on that side of the centre or on it.
                bool masked = side switch
                {
                    "top" => 2 * y <= height - 1,
                    "bottom" => 2 * y >= height - 1,
                    "left" => 2 * x <= width - 1,
                    _ => 2 * x >= width - 1,
                };
                for (int k = 0; k < 2; k++)
                {
                    int i = (y * width + x) * 2 + k;
                    Assert.Equal(masked ? -0.5f : before[i], after[i]);
                }
            }
    }

    [Theory]
    [InlineData("gaussian:0.2")]
    [InlineData("gaussian:0.2:clip")]
    [InlineData("uniform:0.3")]
    [InlineData("salt-pepper:0.3")]
    [InlineData("squares:3:2")]
    [InlineData("dropout:0.3")]
    public void The_same_seed_reproduces_and_another_seed_differs(string spec)
    {
        var shape = new ImageShape(8, 8, 1);
        var corruption = Corruption.Parse(spec);
        var x = Interior(shape, 8);
        Assert.Equal(corruption.Apply(x, shape, new Rng(1)), corruption.Apply(x, shape, new Rng(1)));
        Assert.NotEqual(corruption.Apply(x, shape, new Rng(1)), corruption.Apply(x, shape, new Rng(2)));
    }

    [Fact]
    public void A_batch_is_corrupted_row_by_row_from_one_stream_and_the_input_is_kept()
    {
        var shape = new ImageShape(4, 3, 1);
        var examples = new Matrix(5, 12);
        new Rng(1).FillUniform(examples.Data, 0.1, 0.9);
        var original = (float[])examples.Data.Clone();
        var corruption = new Corruption.Uniform(0.5);

        var batch = Corruptions.Apply(corruption, examples, shape, new Rng(7));
        var rng = new Rng(7);
        for (int r = 0; r < 5; r++) Assert.Equal(corruption.Apply(examples.Row(r), shape, rng), batch.Row(r).ToArray());
        Assert.Equal(original, examples.Data);

        var error = Assert.Throws<ArgumentException>(() => Corruptions.Apply(corruption, examples, new ImageShape(3, 3, 1), new Rng(7)));
        Assert.Equal("example has 12 values but image shape 3x3x1 needs 9", error.Message);
        error = Assert.Throws<ArgumentException>(() => Corruptions.Apply(corruption, examples, shape, new Rng(7), low: 1, high: 0));
        Assert.Contains("data range [1, 0]", error.Message);
    }

    [Theory]
    [InlineData("gaussian:0.1", "gaussian:0.1")]
    [InlineData("Gaussian:1E-1:CLIP", "gaussian:0.1:clip")]
    [InlineData(" uniform:0.25 ", "uniform:0.25")]
    [InlineData("salt-pepper:0.05", "salt-pepper:0.05")]
    [InlineData("squares:3:5", "squares:3:5")]
    [InlineData("half:top", "half:top")]
    [InlineData("half:RIGHT", "half:right")]
    [InlineData("dropout:1", "dropout:1")]
    public void Parse_and_Name_round_trip(string spec, string name)
    {
        var corruption = Corruption.Parse(spec);
        Assert.Equal(name, corruption.Name);
        Assert.Equal(name, corruption.ToString());
        Assert.Equal(corruption, Corruption.Parse(corruption.Name));
        Assert.Equal(name.Split(':')[0], corruption.Kind);
    }

    [Theory]
    [InlineData("gaussian:x", "corruption 'gaussian:x': SIGMA 'x' is not a finite number")]
    [InlineData("gaussian:-1", "corruption 'gaussian:-1': SIGMA -1 must be a finite number at least 0")]
    [InlineData("gaussian:0.1:soft", "corruption 'gaussian:0.1:soft': unknown option 'soft' (only 'clip')")]
    [InlineData("uniform:1.5", "corruption 'uniform:1.5': P 1.5 must be a fraction in [0, 1]")]
    [InlineData("dropout:nan", "corruption 'dropout:nan': P 'nan' is not a finite number")]
    [InlineData("squares:3", "corruption 'squares:3': wrong number of parts; expected squares:K:S")]
    [InlineData("squares:3:0", "corruption 'squares:3:0': S 0 must be at least 1")]
    [InlineData("squares:-2:3", "corruption 'squares:-2:3': K '-2' is not a non-negative integer")]
    [InlineData("half:middle", "corruption 'half:middle': side 'middle': expected top, bottom, left or right")]
    [InlineData("blur:2", "corruption 'blur:2': unknown kind 'blur'; expected one of gaussian:SIGMA, ")]
    [InlineData("", "corruption '': unknown kind ''")]
    public void Bad_specs_give_one_line_naming_the_text(string spec, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Corruption.Parse(spec));
        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("gaussian:0.1:clip", 0.1, 0.5, "gaussian:0.5:clip")]
    [InlineData("uniform:0.1", 0.1, 0.9, "uniform:0.9")]
    [InlineData("salt-pepper:0.1", 0.1, 0, "salt-pepper:0")]
    [InlineData("dropout:0.5", 0.5, 0.25, "dropout:0.25")]
    [InlineData("squares:3:5", 3, 7, "squares:7:5")]
    [InlineData("half:left", 0.5, 0.5, "half:left")]
    public void WithLevel_changes_only_the_level(string spec, double level, double newLevel, string expected)
    {
        var corruption = Corruption.Parse(spec);
        Assert.Equal(level, corruption.Level);
        Assert.Equal(expected, corruption.WithLevel(newLevel).Name);
        Assert.Equal(newLevel, corruption.WithLevel(newLevel).Level);
        Assert.Equal(["gaussian:0:clip", "gaussian:0.2:clip"], Corruptions.AtLevels(Corruption.Parse("gaussian:0.1:clip"), [0, 0.2]).Select(c => c.Name));
    }

    [Theory]
    [InlineData("half:top", 0.3, "corruption 'half:top': level 0.3: half has the one level 0.5")]
    [InlineData("squares:3:5", 2.5, "corruption 'squares:2.5:5': K 2.5 must be a non-negative integer")]
    [InlineData("uniform:0.1", 2, "corruption 'uniform:2': P 2 must be a fraction in [0, 1]")]
    [InlineData("gaussian:0.1", -1, "corruption 'gaussian:-1': SIGMA -1 must be a finite number at least 0")]
    public void Invalid_levels_name_the_corruption_they_would_make(string spec, double level, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Corruption.Parse(spec).WithLevel(level));
        Assert.Equal(expected, error.Message);
    }
}
