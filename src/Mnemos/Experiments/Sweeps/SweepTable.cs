// A sweep's table: row and column labels and one number per cell (NaN = NA: training did not
// converge, i.e. stopped above the study's 1e-5), optionally a note beside a number (the reached MSE
// of a cell counted short of the target), written as a markdown table and as an SVG heatmap with the
// count printed in each cell. Rows and columns as in the study's tables.
using System.Globalization;
using System.Text;
using Mnemos.Formats;
using Mnemos.Reports;

namespace Mnemos.Experiments.Sweeps;

/// <summary>
/// values[row, column]; NaN is written "NA". <see cref="Corner"/> names the axes in the top-left
/// cell ("depth \ width"). <see cref="Maximum"/> fixes the top of the colour scale (n images).
/// </summary>
internal sealed record SweepTable(string Name, string Title, string Corner, string[] RowLabels, string[] ColumnLabels, double[,] Values, double Maximum)
{
    public const string Missing = "NA";

    /// <summary>Optional notes[row, column] written in brackets after the value in markdown (null: none).</summary>
    public string?[,]? Notes { get; init; }

    public void Validate()
    {
        if (Values.GetLength(0) != RowLabels.Length || Values.GetLength(1) != ColumnLabels.Length)
            throw new ArgumentException($"table {Name}: values are {Values.GetLength(0)}×{Values.GetLength(1)}, labels {RowLabels.Length}×{ColumnLabels.Length}");
        if (Notes is not null && (Notes.GetLength(0) != RowLabels.Length || Notes.GetLength(1) != ColumnLabels.Length))
            throw new ArgumentException($"table {Name}: notes are {Notes.GetLength(0)}×{Notes.GetLength(1)}, labels {RowLabels.Length}×{ColumnLabels.Length}");
    }

    /// <summary>Integer cells as integers, others with 3 significant digits, NaN as NA.</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? Missing
        : value == Math.Round(value) && Math.Abs(value) < 1e9 ? ((long)value).ToString(CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>"| corner | c1 | c2 |", the separator, then one line per row ("37 (MSE 3.2E-6)" where a note is); a title line and a blank line first.</summary>
    public string ToMarkdown()
    {
        Validate();
        var sb = new StringBuilder();
        sb.Append("**").Append(Title).Append("**\n\n");
        sb.Append("| ").Append(Corner).Append(" | ").Append(string.Join(" | ", ColumnLabels)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", ColumnLabels.Length + 1))).Append('\n');
        for (int r = 0; r < RowLabels.Length; r++)
        {
            sb.Append("| ").Append(RowLabels[r]);
            for (int c = 0; c < ColumnLabels.Length; c++)
            {
                sb.Append(" | ").Append(FormatValue(Values[r, c]));
                if (Notes?[r, c] is { } note) sb.Append(" (").Append(note).Append(')');
            }
            sb.Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>The heatmap: counts in the cells, NA cells grey, colours over [0, <see cref="Maximum"/>].</summary>
    public Heatmap ToHeatmap()
    {
        Validate();
        string[] axes = Corner.Split('\\', StringSplitOptions.TrimEntries);
        return new Heatmap(Values)
        {
            Title = Title,
            RowLabels = RowLabels,
            ColumnLabels = ColumnLabels,
            YLabel = axes[0],
            XLabel = axes.Length > 1 ? axes[1] : "",
            CellFormat = "0",
            ValueRange = Maximum > 0 ? (0, Maximum) : null,
            ColorBarLabel = "count",
            Width = Math.Max(360, 110 + 70 * ColumnLabels.Length),
            Height = Math.Max(240, 110 + 34 * RowLabels.Length),
        };
    }

    /// <summary>Writes NAME.md and NAME.svg into the run's folder and returns their relative paths.</summary>
    public string[] Write(ExperimentContext context)
    {
        string md = Name + ".md", svg = Name + ".svg";
        AtomicFile.WriteAllText(context.PathOf(md), ToMarkdown());
        AtomicFile.WriteAllText(context.PathOf(svg), ToHeatmap().ToSvg());
        return [md, svg];
    }
}
