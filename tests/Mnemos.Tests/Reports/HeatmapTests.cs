// Heatmap: one cell per entry in viridis, NaN cells marked, colour bar with ticks, labels and cell text.
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class HeatmapTests
{
    static readonly double[,] Sweep = { { 0, 5, 10 }, { double.NaN, 2.5, 7.5 } };

    static Heatmap SweepPlot() => new(Sweep)
    {
        Title = "attractors",
        RowLabels = ["depth 2", "depth 4"],
        ColumnLabels = ["w=64", "w=128", "w=256"],
        CellFormat = "0.0",
        ColorBarLabel = "count",
    };

    [Fact]
    public void Every_entry_is_one_cell_coloured_by_viridis_over_the_finite_range()
    {
        var doc = new SvgDocument(SweepPlot().ToSvg());
        var cells = doc.ByClass("rect", "cell").Select(c => (string)c.Attribute("fill")!).ToList();
        Assert.Equal(6, cells.Count);
        Assert.Equal(Palette.Viridis(0).Hex, cells[0]);
        Assert.Equal(Palette.Viridis(0.5).Hex, cells[1]);
        Assert.Equal(Palette.Viridis(1).Hex, cells[2]);
        Assert.Equal(Palette.Missing.Hex, cells[3]);
        Assert.Equal(Palette.Viridis(0.25).Hex, cells[4]);
    }

    [Fact]
    public void Nan_cells_get_na_text_and_an_na_legend_swatch()
    {
        var doc = new SvgDocument(SweepPlot().ToSvg());
        Assert.Equal(["0.0", "5.0", "10.0", "NA", "2.5", "7.5"], doc.InGroup("celltext", "text").Select(t => t.Value));
        Assert.Single(doc.ByClass("rect", "missing"));
        Assert.Equal("NA", doc.ByClass("text", "missinglabel").Single().Value);
        var complete = new SvgDocument(new Heatmap(new double[,] { { 1, 2 } }).ToSvg());
        Assert.Empty(complete.ByClass("rect", "missing"));
        Assert.Empty(complete.ByClass("g", "celltext"));
    }

    [Fact]
    public void Colour_bar_has_its_steps_frame_and_ticks_over_the_value_range()
    {
        var doc = new SvgDocument(SweepPlot().ToSvg());
        var bar = doc.ByClass("g", "colorbar").Single();
        Assert.Equal(64, bar.Elements(SvgDocument.Ns + "rect").Count(r => r.Attribute("class") is null));
        Assert.Single(doc.ByClass("rect", "colorbarframe"));
        Assert.Equal(["0", "5", "10"], doc.ByClass("text", "colorbarticklabel").Select(t => t.Value));
        Assert.Equal("count", doc.ByClass("text", "colorbarlabel").Single().Value);
    }

    [Fact]
    public void Cells_tile_the_area_row_zero_on_top_with_labels_beside_them()
    {
        var plot = SweepPlot();
        var topLeft = plot.Cell(0, 0);
        var below = plot.Cell(1, 0);
        Assert.Equal(topLeft.Bottom, below.Top, 9);
        Assert.Equal(topLeft.Right, plot.Cell(0, 1).Left, 9);
        var doc = new SvgDocument(plot.ToSvg());
        var first = doc.ByClass("rect", "cell").First();
        Assert.Equal(topLeft.Left, SvgDocument.Number(first, "x"), 0.01);
        Assert.Equal(topLeft.Top, SvgDocument.Number(first, "y"), 0.01);
        Assert.Equal(["depth 2", "depth 4"], doc.ByClass("text", "rowlabel").Select(t => t.Value));
        Assert.Equal(["w=64", "w=128", "w=256"], doc.ByClass("text", "columnlabel").Select(t => t.Value));
    }

    [Fact]
    public void Fixed_value_range_sets_the_colour_limits()
    {
        var plot = new Heatmap(new double[,] { { 0.5 } }) { ValueRange = (0, 1) };
        Assert.Equal((0.0, 1.0), plot.Limits());
        Assert.Equal(Palette.Viridis(0.5).Hex, (string?)new SvgDocument(plot.ToSvg()).ByClass("rect", "cell").Single().Attribute("fill"));
        Assert.Equal((2.5, 3.5), new Heatmap(new double[,] { { 3 } }).Limits());
    }

    [Fact]
    public void Label_counts_must_match_the_matrix()
    {
        var e = Assert.Throws<ArgumentException>(() => new Heatmap(Sweep) { RowLabels = ["only one"] }.ToSvg());
        Assert.Contains("RowLabels has 1 labels but the matrix has 2", e.Message);
    }

    [Fact]
    public void Crowded_labels_are_thinned_so_neighbours_do_not_overlap()
    {
        var values = new double[60, 40];
        var plot = new Heatmap(values)
        {
            RowLabels = Enumerable.Range(0, 60).Select(r => $"row {r}").ToArray(),
            ColumnLabels = Enumerable.Range(0, 40).Select(c => $"w={c * 64}").ToArray(),
        };
        var doc = new SvgDocument(plot.ToSvg());
        var columns = doc.ByClass("text", "columnlabel").Select(t => SvgDocument.Number(t, "x")).ToArray();
        var rows = doc.ByClass("text", "rowlabel").Select(t => SvgDocument.Number(t, "y")).ToArray();
        Assert.InRange(columns.Length, 2, 39);
        Assert.InRange(rows.Length, 2, 59);
        Assert.Equal("w=0", doc.ByClass("text", "columnlabel").First().Value);
        Assert.All(columns.Zip(columns.Skip(1)), p => Assert.True(p.Second - p.First >= 7 * "w=2496".Length, $"{p.First} → {p.Second}"));
        Assert.All(rows.Zip(rows.Skip(1)), p => Assert.True(p.Second - p.First >= 14, $"{p.First} → {p.Second}"));
    }
}
