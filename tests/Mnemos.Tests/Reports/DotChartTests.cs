// DotChart: one marker per finite value at its axis pixel, series of a row on separate lines (equal
// values stay visible), hollow flags, log axes skipping values ≤ 0, and the half-mask recovery chart
// that replaced a line plot stacking every mask at x = 0.5.
using System.Globalization;
using System.Xml.Linq;
using Mnemos.Dynamics;
using Mnemos.Experiments;
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class DotChartTests
{
    static (double X, double Y) Centre(XElement dot)
    {
        var parts = ((string)dot.Attribute("transform")!).TrimStart("translate(".ToCharArray()).TrimEnd(')').Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    static XElement[] Dots(SvgDocument svg, int series) =>
        svg.ByClass("g", "series").ElementAt(series).Elements(SvgDocument.Ns + "path").ToArray();

    [Fact]
    public void Each_finite_value_is_one_marker_at_its_axis_pixel_and_equal_values_sit_on_separate_lines()
    {
        var chart = new DotChart(["a", "b", "c"]) { XRange = (0, 1) }
            .Add("one", [0.25, 1.0, double.NaN])
            .Add("two", [0.25, 0.5, 0.75]);
        var svg = new SvgDocument(chart.ToSvg());
        var axis = chart.ValueAxis();
        var one = Dots(svg, 0);
        var two = Dots(svg, 1);
        Assert.Equal(2, one.Length); // NaN: no marker
        Assert.Equal(3, two.Length);
        Assert.Equal(axis.ToPixel(0.25), Centre(one[0]).X, 2);
        Assert.Equal(axis.ToPixel(1.0), Centre(one[1]).X, 2);
        Assert.Equal(axis.ToPixel(0.75), Centre(two[2]).X, 2);
        // Same value in row a: same x, different y, both inside row a's band.
        Assert.Equal(Centre(one[0]).X, Centre(two[0]).X, 6);
        Assert.True(Centre(two[0]).Y - Centre(one[0]).Y >= 8, $"{Centre(one[0]).Y} vs {Centre(two[0]).Y}");
        Assert.True(Centre(two[0]).Y < Centre(one[1]).Y, "row b lies below row a");
        var labels = svg.ByClass("text", "rowlabel").Select(t => t.Value).ToArray();
        Assert.Equal(["a", "b", "c"], labels);
        Assert.Equal(["one", "two"], svg.ByClass("text", "legendlabel").Select(t => t.Value));
    }

    [Fact]
    public void Hollow_points_are_marked_and_a_log_axis_skips_values_that_are_not_positive()
    {
        var chart = new DotChart(["a", "b", "c"]) { LogX = true }
            .Add("r", [1e-4, 0, 10], [false, false, true]);
        var svg = new SvgDocument(chart.ToSvg());
        var dots = Dots(svg, 0);
        Assert.Equal(2, dots.Length);
        Assert.Equal("dot", (string)dots[0].Attribute("class")!);
        Assert.Equal("dot hollow", (string)dots[1].Attribute("class")!);
        var axis = chart.ValueAxis();
        Assert.Equal((1e-4, 10.0), (axis.Min, axis.Max));
        Assert.Equal(axis.ToPixel(10), Centre(dots[1]).X, 2);
    }

    [Fact]
    public void A_series_of_the_wrong_length_names_both_counts()
    {
        var chart = new DotChart(["a", "b"]);
        var e = Assert.Throws<ArgumentException>(() => chart.Add("s", [1.0]));
        Assert.Contains("series 's' has 1 values for 2 rows", e.Message);
        Assert.Throws<ArgumentException>(() => new DotChart([]));
    }

    [Fact]
    public void The_half_mask_chart_has_a_row_per_mask_and_places_each_method_at_its_rate()
    {
        // Regression: the demo drew half masks as a line plot, every mask at x = 0.5, saying nothing.
        RecoveryPoint Point(string side, int network, int nn, int hopfield) =>
            new($"half:{side}", "half", 0.5, 10, network, nn, hopfield, 0, 0, 0, 0, 0.1);
        var chart = RecoveryPlot.Methods("Recovery from half-masked images", [Point("top", 10, 5, 2), Point("left", 0, 10, 7)]);
        var svg = new SvgDocument(chart.ToSvg());
        Assert.Equal(["top half masked", "left half masked"], svg.ByClass("text", "rowlabel").Select(t => t.Value));
        Assert.Equal(["network", "1-NN", "modern Hopfield"], svg.ByClass("text", "legendlabel").Select(t => t.Value));
        var axis = chart.ValueAxis();
        Assert.Equal([axis.ToPixel(1.0), axis.ToPixel(0.0)], Dots(svg, 0).Select(d => Math.Round(Centre(d).X, 2)).Select(x => x).ToArray(), new Tolerance(0.01));
        Assert.Equal(axis.ToPixel(0.7), Centre(Dots(svg, 2)[1]).X, 2);
        Assert.Equal(axis.ToPixel(0.1), SvgDocument.Number(svg.ByClass("line", "reference").Single(), "x1"), 2);
        Assert.Contains("recovered fraction", svg.ByClass("text", "xlabel").Single().Value);
    }

    sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;
        public int GetHashCode(double value) => 0;
    }
}
