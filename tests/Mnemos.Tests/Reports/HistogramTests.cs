// Histogram: numpy-style binning (hand-counted), density, one bar per bin, reference lines.
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class HistogramTests
{
    [Fact]
    public void Equal_width_bins_count_like_numpy_with_the_last_edge_included()
    {
        // Range 0..4 in 4 bins: [0,1) [1,2) [2,3) [3,4]; 4.0 falls in the last bin; NaN and ∞ are dropped.
        double[] values = [0, 0.5, 1, 1.5, 1.99, 3, 4, double.NaN, double.PositiveInfinity];
        var bins = new Histogram(values, 4).Bin();
        Assert.Equal([0.0, 1, 2, 3, 4], bins.Edges);
        Assert.Equal([2L, 3, 0, 2], bins.Counts);
    }

    [Fact]
    public void Explicit_edges_drop_values_outside_them()
    {
        var bins = new Histogram([-1, 0.2, 0.9, 1.0, 1.1, 5], [0.0, 0.5, 1.0]).Bin();
        Assert.Equal([1L, 2], bins.Counts);
        Assert.Equal(3, bins.Total);
    }

    [Fact]
    public void Density_integrates_to_one()
    {
        var bins = new Histogram([0.1, 0.2, 0.3, 2.5], [0.0, 1, 3]).Bin();
        double[] density = bins.Density();
        Assert.Equal([0.75, 0.125], density);
        Assert.Equal(1.0, density[0] * 1 + density[1] * 2, 12);
    }

    [Fact]
    public void Svg_has_one_bar_per_bin_with_heights_proportional_to_counts()
    {
        var plot = new Histogram([0.5, 1.5, 1.6, 2.5, 2.6, 2.7], 3) { Range = (0, 3) };
        var (x, y) = plot.Axes();
        var bars = new SvgDocument(plot.ToSvg()).ByClass("rect", "bar").ToList();
        Assert.Equal(3, bars.Count);
        double unit = y.ToPixel(0) - y.ToPixel(1);
        Assert.Equal([1.0, 2, 3], bars.Select(b => Math.Round(SvgDocument.Number(b, "height") / unit, 2)));
        Assert.Equal(x.ToPixel(1), SvgDocument.Number(bars[1], "x"), 0.01);
    }

    [Fact]
    public void Reference_line_sits_at_its_data_value_and_widens_the_axis_to_show_it()
    {
        var plot = new Histogram([0.2, 0.4, 0.6], 2) { Title = "spectral radius", XLabel = "ρ" }.ReferenceLine(1.0, "ρ = 1");
        var (x, _) = plot.Axes();
        Assert.Equal(1.0, x.Max);
        var doc = new SvgDocument(plot.ToSvg());
        var line = doc.ByClass("line", "reference").Single();
        Assert.Equal(x.ToPixel(1.0), SvgDocument.Number(line, "x1"), 0.01);
        Assert.Equal("ρ = 1", doc.ByClass("text", "referencelabel").Single().Value);
    }

    [Fact]
    public void Invalid_bins_are_rejected_with_the_values()
    {
        Assert.Contains("binCount 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Histogram([1.0], 0)).Message);
        Assert.Contains("edge [1] = 1, edge [2] = 1", Assert.Throws<ArgumentException>(() => new Histogram([1.0], [0.0, 1, 1])).Message);
        Assert.Contains("[2, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new Histogram([1.0], 2) { Range = (2, 1) }.Bin()).Message);
    }

    [Fact]
    public void No_finite_values_give_empty_bars_over_the_unit_interval()
    {
        var bins = new Histogram([double.NaN], 2).Bin();
        Assert.Equal([0.0, 0.5, 1], bins.Edges);
        Assert.Equal([0L, 0], bins.Counts);
        Assert.Equal(2, new SvgDocument(new Histogram([double.NaN], 2).ToSvg()).ByClass("rect", "bar").Count());
    }
}
