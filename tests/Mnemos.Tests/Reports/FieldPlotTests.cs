// FieldPlot: the categorical raster (PNG and rect forms), stars, scaled arrows, segments, legend.
using System.Xml.Linq;
using Mnemos.Imaging;
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class FieldPlotTests
{
    // 3 columns × 2 rows over x ∈ [0, 3], y ∈ [0, 2]; row 0 is the bottom row (y ∈ [0, 1]).
    static readonly int[] Classes = [0, 0, 1, -1, 1, 1];

    static FieldPlot Basins(bool png = true) => new(Classes, 3, 2, (0, 3), (0, 2), ["memory A", "memory B"]) { RasterAsPng = png, Title = "basins" };

    [Fact]
    public void Png_raster_decodes_to_class_colours_with_the_top_row_first()
    {
        var doc = new SvgDocument(Basins().ToSvg());
        string href = (string)doc.ByClass("image", "raster").Single().Attribute("href")!;
        Assert.StartsWith("data:image/png;base64,", href);
        var image = Png.Decode(Convert.FromBase64String(href["data:image/png;base64,".Length..]));
        Assert.Equal((3, 2, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(Palette.Missing, ColorAt(image, 0, 0));
        Assert.Equal(Palette.Categorical(1), ColorAt(image, 1, 0));
        Assert.Equal(Palette.Categorical(0), ColorAt(image, 0, 1));
        Assert.Equal(Palette.Categorical(1), ColorAt(image, 2, 1));
    }

    [Fact]
    public void Rect_raster_draws_one_rect_per_run_of_equal_cells_in_a_row()
    {
        var plot = Basins(png: false);
        var (x, y) = plot.Axes();
        var runs = new SvgDocument(plot.ToSvg()).ByClass("rect", "run").ToList();
        Assert.Equal(4, runs.Count);
        // First run: bottom row, columns 0-1, class 0: x ∈ [0, 2], y ∈ [0, 1].
        Assert.Equal(x.ToPixel(0), SvgDocument.Number(runs[0], "x"), 0.01);
        Assert.Equal(x.ToPixel(2) - x.ToPixel(0), SvgDocument.Number(runs[0], "width"), 0.02);
        Assert.Equal(y.ToPixel(1), SvgDocument.Number(runs[0], "y"), 0.01);
        Assert.Equal(Palette.Categorical(0).Hex, (string?)runs[0].Attribute("fill"));
    }

    [Fact]
    public void Legend_names_classes_unassigned_and_overlays()
    {
        var plot = Basins().Stars([0.5], [0.5], "stored").Arrows([1.5], [1.5], [1], [0], "f(x) - x").Segments([1], [0], [1], [2], "Voronoi");
        var labels = new SvgDocument(plot.ToSvg()).ByClass("text", "legendlabel").Select(t => t.Value);
        Assert.Equal(["memory A", "memory B", "unassigned", "stored", "f(x) - x", "Voronoi"], labels);
    }

    [Fact]
    public void Stars_and_segments_land_on_their_data_coordinates()
    {
        var plot = Basins().Stars([0.5, 2.5, double.NaN], [0.5, 1.5, 1], "stored").Segments([1, 0], [0, 1], [1, 3], [2, 1], "edges");
        var (x, y) = plot.Axes();
        var doc = new SvgDocument(plot.ToSvg());
        Assert.Equal(2, doc.ByClass("path", "star").Count());
        // A star's first vertex is its top point: (cx, cy − 9).
        string d = (string)doc.ByClass("path", "star").First().Attribute("d")!;
        Assert.StartsWith($"M{SvgWriter.Number(x.ToPixel(0.5))} {SvgWriter.Number(y.ToPixel(0.5) - 9)} ", d);
        var segments = doc.ByClass("line", "segment").ToList();
        Assert.Equal(2, segments.Count);
        Assert.Equal(x.ToPixel(1), SvgDocument.Number(segments[0], "x1"), 0.01);
        Assert.Equal(y.ToPixel(2), SvgDocument.Number(segments[0], "y2"), 0.01);
    }

    [Fact]
    public void Longest_arrow_spans_nine_tenths_of_a_cell_and_zero_vectors_are_skipped()
    {
        var plot = Basins().Arrows([0.5, 1.5, 2.5, 0.5], [0.5, 0.5, 0.5, 1.5], [2, 1, 0, double.NaN], [0, 0, 0, 1], "field");
        var (x, y) = plot.Axes();
        double cell = Math.Min((x.PixelEnd - x.PixelStart) / 3, (y.PixelStart - y.PixelEnd) / 2);
        var arrows = new SvgDocument(plot.ToSvg()).ByClass("path", "arrow").ToList();
        Assert.Equal(2, arrows.Count);
        Assert.Equal(0.9 * cell, ShaftLength(arrows[0]), 0.05);
        Assert.Equal(0.45 * cell, ShaftLength(arrows[1]), 0.05);
    }

    [Fact]
    public void Arrows_on_a_grid_coarser_than_the_raster_scale_to_their_own_spacing()
    {
        // A 30×20 raster over [0, 3]×[0, 2] with arrows 1 apart in x and y: the arrow cell is ten raster cells.
        var plot = new FieldPlot(new int[600], 30, 20, (0, 3), (0, 2), ["a"]).Arrows([0.5, 1.5], [0.5, 1.5], [1, 0.5], [0, 0], "field");
        var (x, y) = plot.Axes();
        double cell = Math.Min(x.ToPixel(1) - x.ToPixel(0), y.ToPixel(0) - y.ToPixel(1));
        var arrows = new SvgDocument(plot.ToSvg()).ByClass("path", "arrow").ToList();
        Assert.Equal(0.9 * cell, ShaftLength(arrows[0]), 0.05);
        Assert.Equal(0.45 * cell, ShaftLength(arrows[1]), 0.05);
    }

    [Fact]
    public void Class_ids_outside_the_names_are_rejected_with_the_position()
    {
        var e = Assert.Throws<ArgumentException>(() => new FieldPlot([0, 2], 2, 1, (0, 1), (0, 1), ["a", "b"]));
        Assert.Contains("classIds[1] = 2 is outside -1..1", e.Message);
        Assert.Contains("needs 4", Assert.Throws<ArgumentException>(() => new FieldPlot([0, 0], 2, 2, (0, 1), (0, 1), ["a"])).Message);
    }

    static Rgb ColorAt(Image image, int x, int y) =>
        new((byte)Math.Round(image[x, y, 0] * 255), (byte)Math.Round(image[x, y, 1] * 255), (byte)Math.Round(image[x, y, 2] * 255));

    /// <summary>Tail to tip: the path starts "M tail … M tip …".</summary>
    static double ShaftLength(XElement arrow)
    {
        var parts = ((string)arrow.Attribute("d")!).Split(' ', 'M', 'L', 'Z').Where(s => s.Length > 0)
            .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Math.Sqrt(Math.Pow(parts[4] - parts[0], 2) + Math.Pow(parts[5] - parts[1], 2));
    }
}
