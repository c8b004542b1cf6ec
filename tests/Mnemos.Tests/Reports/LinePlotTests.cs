// LinePlot: one group per series, lines broken at unplottable points, data → pixel mapping, legend.
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class LinePlotTests
{
    [Fact]
    public void Each_series_is_one_group_with_one_polyline_when_all_points_are_finite()
    {
        var plot = new LinePlot { Title = "Loss", XLabel = "epoch", YLabel = "MSE" }
            .Add("train", [0.0, 1, 2, 3], [4.0, 3, 2, 1])
            .Add("test", [0.0, 1, 2, 3], [4.5, 3.5, 2.5, 2]);
        var doc = new SvgDocument(plot.ToSvg());
        Assert.Equal(2, doc.ByClass("g", "series").Count());
        Assert.Equal(2, doc.All("polyline").Count());
        Assert.Equal([4, 4], doc.All("polyline").Select(p => SvgDocument.Points(p).Length));
        Assert.Equal(["train", "test"], doc.ByClass("text", "legendlabel").Select(t => t.Value));
        Assert.Equal("Loss", doc.ByClass("text", "title").Single().Value);
        Assert.Equal("epoch", doc.ByClass("text", "xlabel").Single().Value);
        Assert.Equal("MSE", doc.ByClass("text", "ylabel").Single().Value);
        Assert.Equal("640", (string?)doc.Root.Attribute("width"));
        Assert.Equal("0 0 640 400", (string?)doc.Root.Attribute("viewBox"));
    }

    [Fact]
    public void Nan_and_infinite_points_are_skipped_and_break_the_line()
    {
        // Runs: {0, 1}, {3}, {5, 6, 7}; the isolated point 3 becomes a marker, not a polyline.
        double nan = double.NaN;
        var plot = new LinePlot().Add("s", [0.0, 1, 2, 3, 4, 5, 6, 7], [1.0, 2, nan, 3, double.PositiveInfinity, 4, 5, 6]);
        var doc = new SvgDocument(plot.ToSvg());
        Assert.Equal([2, 3], doc.All("polyline").Select(p => SvgDocument.Points(p).Length));
        Assert.Single(doc.ByClass("circle", "marker"));
    }

    [Fact]
    public void Log_y_skips_non_positive_values_and_ticks_decades()
    {
        var plot = new LinePlot { LogY = true }.Add("loss", [1e-1, 1e-3, 0, 1e-6, 1e-9]);
        var (_, y) = plot.Axes();
        Assert.Equal((1e-9, 0.1), (y.Min, y.Max));
        var doc = new SvgDocument(plot.ToSvg());
        Assert.Equal([2, 2], doc.All("polyline").Select(p => SvgDocument.Points(p).Length));
        Assert.Equal(["1e-9", "1e-8", "1e-7", "1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1"], doc.ByClass("text", "yticklabel").Select(t => t.Value));
    }

    [Fact]
    public void A_known_point_lands_on_the_pixel_its_axes_give()
    {
        // Fixed ranges: x 0..10 over the data area's width, y 0..1 from bottom to top; (2.5, 0.75)
        // sits a quarter across and three quarters up.
        var plot = new LinePlot { XRange = (0, 10), YRange = (0, 1) }.Add("s", [2.5, 5], [0.75, 0.5]);
        var (x, y) = plot.Axes();
        var first = SvgDocument.Points(new SvgDocument(plot.ToSvg()).All("polyline").Single())[0];
        Assert.Equal(x.PixelStart + 0.25 * (x.PixelEnd - x.PixelStart), first.X, 0.01);
        Assert.Equal(y.PixelStart + 0.75 * (y.PixelEnd - y.PixelStart), first.Y, 0.01);
        Assert.True(y.PixelStart > y.PixelEnd, "y grows upwards");
        var frame = new SvgDocument(plot.ToSvg()).ByClass("rect", "frame").Single();
        Assert.Equal(x.PixelStart, SvgDocument.Number(frame, "x"), 0.01);
        Assert.Equal(y.PixelEnd, SvgDocument.Number(frame, "y"), 0.01);
    }

    [Fact]
    public void Markup_characters_in_names_and_labels_are_escaped()
    {
        string svg = new LinePlot { Title = "a<b & c>d", XLabel = "ρ < 1" }.Add("\"x\" & <y>", [1.0, 2]).ToSvg();
        Assert.DoesNotContain("a<b", svg);
        var doc = new SvgDocument(svg);
        Assert.Equal("a<b & c>d", doc.ByClass("text", "title").Single().Value);
        Assert.Equal("ρ < 1", doc.ByClass("text", "xlabel").Single().Value);
        Assert.Equal("\"x\" & <y>", doc.ByClass("text", "legendlabel").Single().Value);
    }

    [Fact]
    public void Markers_option_draws_a_circle_per_point_and_mismatched_lengths_are_rejected()
    {
        var doc = new SvgDocument(new LinePlot { Markers = true }.Add("s", [1f, 2f, 3f], [1f, 4f, 9f]).ToSvg());
        Assert.Equal(3, doc.ByClass("circle", "marker").Count());
        var e = Assert.Throws<ArgumentException>(() => new LinePlot().Add("bad", [1.0, 2], [1.0]));
        Assert.Contains("series 'bad': x has 2 values but y has 1", e.Message);
    }

    [Fact]
    public void An_empty_plot_still_renders_axes()
    {
        var doc = new SvgDocument(new LinePlot().ToSvg());
        Assert.Empty(doc.All("polyline"));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], doc.ByClass("text", "xticklabel").Select(t => t.Value));
    }

    [Fact]
    public void A_long_title_shrinks_to_fit_the_width_instead_of_being_clipped()
    {
        var plot = new LinePlot { Title = new string('W', 200), Width = 400 };
        plot.Add("a", [0.0, 1.0], [0.0, 1.0]);
        var title = new SvgDocument(plot.ToSvg()).ByClass("text", "title").Single();
        Assert.Equal(400 - 16, SvgDocument.Number(title, "textLength"), 0.01);
        var shorter = new LinePlot { Title = "Capacity sweep: attractors per width and depth", Width = 360 };
        shorter.Add("a", [0.0, 1.0], [0.0, 1.0]);
        var fitted = new SvgDocument(shorter.ToSvg()).ByClass("text", "title").Single();
        double size = SvgDocument.Number(fitted, "font-size");
        Assert.Null(fitted.Attribute("textLength"));
        Assert.True(size < 15 && 0.62 * size * fitted.Value.Length <= 360 - 16, $"font-size {size}");
        var plain = new LinePlot { Title = "Loss" };
        plain.Add("a", [0.0, 1.0], [0.0, 1.0]);
        Assert.Equal(15, SvgDocument.Number(new SvgDocument(plain.ToSvg()).ByClass("text", "title").Single(), "font-size"));
    }
}
