// Palette: viridis against matplotlib (values from scripts/viridis_stops.py) and the categorical cycle.
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class PaletteTests
{
    // Linear interpolation between 17 stops: at most 5 of 255 per channel over matplotlib's table
    // (worst case printed by scripts/viridis_stops.py).
    const int ChannelTolerance = 5;

    [Theory]
    [InlineData(0.0, "#440154")]
    [InlineData(0.25, "#3b528b")]
    [InlineData(0.5, "#21918c")]
    [InlineData(1.0, "#fde725")]
    [InlineData(0.03, "#460b5e")]
    [InlineData(0.3, "#355f8d")]
    [InlineData(0.47, "#23898e")]
    [InlineData(0.9, "#bddf26")]
    [InlineData(0.97, "#ece51b")]
    public void Viridis_is_within_five_levels_of_matplotlib(double t, string matplotlib)
    {
        Rgb expected = Rgb.FromHex(matplotlib), actual = Palette.Viridis(t);
        Assert.InRange(actual.R - expected.R, -ChannelTolerance, ChannelTolerance);
        Assert.InRange(actual.G - expected.G, -ChannelTolerance, ChannelTolerance);
        Assert.InRange(actual.B - expected.B, -ChannelTolerance, ChannelTolerance);
    }

    [Fact]
    public void Viridis_clamps_and_maps_nan_to_the_missing_colour()
    {
        Assert.Equal(Palette.Viridis(0), Palette.Viridis(-3));
        Assert.Equal(Palette.Viridis(1), Palette.Viridis(7));
        Assert.Equal(Palette.Missing, Palette.Viridis(double.NaN));
    }

    [Fact]
    public void Viridis_luminance_increases_monotonically()
    {
        double previous = -1;
        for (int i = 0; i <= 64; i++)
        {
            double l = Palette.Viridis(i / 64.0).Luminance;
            Assert.True(l > previous, $"luminance at {i}/64 = {l} is not above {previous}");
            previous = l;
        }
    }

    [Fact]
    public void Categorical_colours_cycle_and_minus_one_is_missing()
    {
        Assert.Equal("#0072b2", Palette.Categorical(0).Hex);
        Assert.Equal(Palette.Categorical(1), Palette.Categorical(1 + Palette.CategoricalCount));
        Assert.Equal(Palette.Missing, Palette.Categorical(-1));
        Assert.Equal(Palette.CategoricalCount, Enumerable.Range(0, Palette.CategoricalCount).Select(Palette.Categorical).Distinct().Count());
    }

    [Fact]
    public void Contrasting_text_is_white_on_dark_and_black_on_light()
    {
        Assert.Equal("#ffffff", Palette.Viridis(0).ContrastingText.Hex);
        Assert.Equal("#000000", Palette.Viridis(1).ContrastingText.Hex);
        Assert.Throws<FormatException>(() => Rgb.FromHex("123456"));
    }
}
