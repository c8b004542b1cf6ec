// Heatmaps of a value matrix (sweep tables: width × depth → recovery rate or attractor count)
// with a viridis colour bar, row/column labels, NaN cells marked "NA" and optional cell text.
using System.Globalization;

namespace Mnemos.Reports;

/// <summary>
/// values[row, column] drawn as one &lt;rect class="cell"&gt; per entry, row 0 at the top (as in a
/// table). Colours map [Min, Max] of <see cref="ValueRange"/> (default: the finite values) onto
/// viridis; NaN cells get <see cref="Palette.Missing"/> and an "NA" legend swatch.
/// </summary>
internal sealed class Heatmap : Plot
{
    const int ColorBarSteps = 64;
    const double ColorBarWidth = 14;
    readonly double[,] values;

    public Heatmap(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) < 1 || values.GetLength(1) < 1)
            throw new ArgumentException($"heatmap needs at least one cell, got {values.GetLength(0)}x{values.GetLength(1)}", nameof(values));
        this.values = (double[,])values.Clone();
    }

    public int Rows => values.GetLength(0);
    public int Columns => values.GetLength(1);
    public IReadOnlyList<string>? RowLabels { get; init; }
    public IReadOnlyList<string>? ColumnLabels { get; init; }
    /// <summary>Colour scale limits; values outside are drawn in the end colours. Null: finite min and max.</summary>
    public (double Min, double Max)? ValueRange { get; init; }
    /// <summary>.NET format string for the text drawn in each cell ("0", "0.00"); null draws none.</summary>
    public string? CellFormat { get; init; }
    public string ColorBarLabel { get; init; } = "";

    /// <summary>Colour scale limits used for drawing.</summary>
    public (double Min, double Max) Limits()
    {
        if (ValueRange is { } r)
        {
            if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || !(r.Min < r.Max))
                throw new ArgumentOutOfRangeException(nameof(ValueRange), $"heatmap value range [{r.Min}, {r.Max}]: need finite min < max");
            return r;
        }
        var finite = values.Cast<double>().Where(double.IsFinite).ToList();
        if (finite.Count == 0) return (0, 1);
        double lo = finite.Min(), hi = finite.Max();
        return lo < hi ? (lo, hi) : (lo - 0.5, hi + 0.5);
    }

    /// <summary>The pixel rectangle of cell (row, column).</summary>
    public PlotArea Cell(int row, int column)
    {
        var area = Layout();
        double w = area.Width / Columns, h = area.Height / Rows;
        return new PlotArea(area.Left + column * w, area.Top + row * h, area.Left + (column + 1) * w, area.Top + (row + 1) * h);
    }

    public override string ToSvg()
    {
        CheckLabels(RowLabels, Rows, nameof(RowLabels));
        CheckLabels(ColumnLabels, Columns, nameof(ColumnLabels));
        var area = Layout();
        var (min, max) = Limits();
        bool anyMissing = values.Cast<double>().Any(double.IsNaN);
        var svg = Begin();
        DrawFrame(svg, area, null, null, grid: false);
        svg.Open("g", ("class", "cells"), ("stroke", "#fff"), ("stroke-width", 0.5));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var cell = Cell(r, c);
                var color = ColorOf(values[r, c], min, max);
                svg.Element("rect", ("x", cell.Left), ("y", cell.Top), ("width", cell.Width), ("height", cell.Height), ("fill", color.Hex), ("class", "cell"));
            }
        svg.Close();
        if (CellFormat is not null) DrawCellText(svg, min, max);
        DrawLabels(svg, area);
        DrawColorBar(svg, area, min, max, anyMissing);
        return svg.ToString();
    }

    PlotArea Layout()
    {
        double rowLabelWidth = RowLabels is null ? 0 : RowLabels.Select(l => l.Length).DefaultIfEmpty(0).Max() * CharWidth + 10;
        double colorBarColumn = ColorBarWidth + 12 + 8 * CharWidth;
        return Area(colorBarColumn, Math.Max(rowLabelWidth, 4));
    }

    static Rgb ColorOf(double v, double min, double max) => double.IsNaN(v) ? Palette.Missing : Palette.Viridis((v - min) / (max - min));

    void DrawCellText(SvgWriter svg, double min, double max)
    {
        svg.Open("g", ("class", "celltext"), ("text-anchor", "middle"), ("font-size", 11));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var cell = Cell(r, c);
                double v = values[r, c];
                string text = double.IsNaN(v) ? "NA" : v.ToString(CellFormat, CultureInfo.InvariantCulture);
                svg.TextElement("text", text, ("x", (cell.Left + cell.Right) / 2), ("y", (cell.Top + cell.Bottom) / 2 + 4),
                    ("fill", ColorOf(v, min, max).ContrastingText.Hex));
            }
        svg.Close();
    }

    void DrawLabels(SvgWriter svg, PlotArea area)
    {
        if (RowLabels is not null)
            for (int r = 0, step = LabelStep(Cell(0, 0).Height, 14); r < Rows; r += step)
            {
                var cell = Cell(r, 0);
                svg.Text(area.Left - 6, (cell.Top + cell.Bottom) / 2 + 4, RowLabels[r], "end", ("class", "rowlabel"));
            }
        if (ColumnLabels is not null)
            for (int c = 0, step = LabelStep(Cell(0, 0).Width, CharWidth * ColumnLabels.Max(l => l.Length) + 6); c < Columns; c += step)
            {
                var cell = Cell(0, c);
                svg.Text((cell.Left + cell.Right) / 2, area.Bottom + 16, ColumnLabels[c], "middle", ("class", "columnlabel"));
            }
    }

    /// <summary>Every how many rows or columns a label fits: labels need <paramref name="needed"/> px, cells are <paramref name="cell"/> px.</summary>
    internal static int LabelStep(double cell, double needed) => cell <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling(needed / cell - 1e-9));

    void DrawColorBar(SvgWriter svg, PlotArea area, double min, double max, bool anyMissing)
    {
        double left = area.Right + 12, top = area.Top, bottom = anyMissing ? area.Bottom - 26 : area.Bottom;
        if (ColorBarLabel.Length > 0) top += 24;
        var axis = new Axis(min, max, bottom, top);
        svg.Open("g", ("class", "colorbar"), ("shape-rendering", "crispEdges"));
        if (ColorBarLabel.Length > 0) svg.Text(left, area.Top + 10, ColorBarLabel, "start", ("class", "colorbarlabel"));
        double step = (bottom - top) / ColorBarSteps;
        for (int i = 0; i < ColorBarSteps; i++)
        {
            // Step i covers t ∈ [i/N, (i+1)/N] from the bottom; it shows the colour at its centre.
            var color = Palette.Viridis((i + 0.5) / ColorBarSteps);
            svg.Element("rect", ("x", left), ("y", bottom - (i + 1) * step), ("width", ColorBarWidth), ("height", step + 0.3), ("fill", color.Hex));
        }
        svg.Element("rect", ("x", left), ("y", top), ("width", ColorBarWidth), ("height", bottom - top), ("fill", "none"), ("stroke", "#000"), ("class", "colorbarframe"));
        var ticks = axis.Ticks(4);
        foreach (double t in ticks)
        {
            double py = axis.ToPixel(t);
            svg.Element("line", ("x1", left + ColorBarWidth), ("y1", py), ("x2", left + ColorBarWidth + 4), ("y2", py), ("stroke", "#000"), ("class", "colorbartick"));
            svg.Text(left + ColorBarWidth + 7, py + 4, axis.FormatTick(t, ticks), "start", ("class", "colorbarticklabel"));
        }
        if (anyMissing)
        {
            svg.Element("rect", ("x", left), ("y", area.Bottom - 14), ("width", ColorBarWidth), ("height", 14), ("fill", Palette.Missing.Hex), ("stroke", "#555"), ("class", "missing"));
            svg.Text(left + ColorBarWidth + 7, area.Bottom - 3, "NA", "start", ("class", "missinglabel"));
        }
        svg.Close();
    }

    static void CheckLabels(IReadOnlyList<string>? labels, int expected, string name)
    {
        if (labels is not null && labels.Count != expected)
            throw new ArgumentException($"{name} has {labels.Count} labels but the matrix has {expected}", name);
    }
}
