// SweepTable: markdown with NA for NaN and integers as integers, a heatmap with one cell per entry
// and the count written in it, and label/shape mismatches rejected with the sizes in the message.
using Mnemos.Experiments.Sweeps;
using Mnemos.Tests.Reports;

namespace Mnemos.Tests.Experiments.Sweeps;

public class SweepTableTests
{
    static SweepTable Sample() => new("autoencode", "Stored", "depth \\ width", ["1", "6"], ["128", "256", "512"],
        new double[,] { { 3, double.NaN, 100 }, { 0, 12.5, 99 } }, 100);

    [Fact]
    public void Markdown_has_a_header_a_separator_and_one_line_per_row_with_NA_for_missing_cells()
    {
        var table = MarkdownTable.Parse(Sample().ToMarkdown());
        Assert.Equal(["depth \\ width", "128", "256", "512"], table.Header);
        Assert.Equal(["1", "3", "NA", "100"], table.Rows[0]);
        Assert.Equal(["6", "0", "12.5", "99"], table.Rows[1]);
    }

    [Fact]
    public void Heatmap_draws_one_cell_per_entry_and_writes_counts_with_NA_where_missing()
    {
        var doc = new SvgDocument(Sample().ToHeatmap().ToSvg());
        Assert.Equal(6, doc.ByClass("rect", "cell").Count());
        Assert.Equal(["3", "NA", "100", "0", "13", "99"], doc.InGroup("celltext", "text").Select(t => t.Value));
    }

    [Fact]
    public void Values_that_do_not_match_the_labels_are_rejected_with_both_shapes()
    {
        var bad = Sample() with { RowLabels = ["1"] };
        var e = Assert.Throws<ArgumentException>(() => bad.ToMarkdown());
        Assert.Contains("values are 2×3, labels 1×3", e.Message);
    }

    [Theory]
    [InlineData(double.NaN, "NA")]
    [InlineData(7.0, "7")]
    [InlineData(0.25, "0.25")]
    [InlineData(1.0 / 3, "0.333")]
    public void Values_format_as_integers_or_three_significant_digits(double value, string text) =>
        Assert.Equal(text, SweepTable.FormatValue(value));
}
