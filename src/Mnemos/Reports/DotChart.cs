// A dot chart: one row per category (a half mask, a stored image), one marker per series in each row
// on a shared value axis (linear or log10). Series sit on their own line within a row, so equal
// values stay visible side by side; a hollow marker flags a point (e.g. "did not come back").
namespace Mnemos.Reports;

/// <summary>
/// One series of a <see cref="DotChart"/>: a value per row (NaN: no marker) and, optionally, which
/// points are drawn hollow.
/// </summary>
internal sealed record DotSeries(string Name, double[] Values, bool[]? Hollow = null);

/// <summary>
/// Rows of categories against a value axis. Each marker is an element of class "dot" in its series'
/// &lt;g class="series"&gt;; hollow ones also have class "hollow". Rows are labelled left of the data.
/// </summary>
internal sealed class DotChart : Plot
{
    readonly string[] rows;
    readonly List<DotSeries> series = [];
    readonly List<(double X, string Label)> references = [];

    public DotChart(IReadOnlyList<string> rowLabels)
    {
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (rowLabels.Count == 0) throw new ArgumentException("a dot chart needs at least one row", nameof(rowLabels));
        rows = [.. rowLabels];
    }

    /// <summary>Log10 value axis; values ≤ 0 get no marker.</summary>
    public bool LogX { get; init; }
    /// <summary>Fixed value range; null fits the data (widened to tick boundaries).</summary>
    public (double Min, double Max)? XRange { get; init; }

    public IReadOnlyList<DotSeries> Series => series;

    /// <summary>
    /// SVG height that gives each row at least 30 px and 11 px per series (markers apart), and the
    /// legend (18 px per series) room beside the data, plus title and axis room.
    /// </summary>
    public static int HeightFor(int rowCount, int seriesCount)
    {
        double row = Math.Max(30, 11 * seriesCount + 8);
        return (int)Math.Ceiling(84 + Math.Max(rowCount * row, 18 * seriesCount + 4));
    }

    public DotChart Add(string name, ReadOnlySpan<double> values, ReadOnlySpan<bool> hollow = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values.Length != rows.Length)
            throw new ArgumentException($"series '{name}' has {values.Length} values for {rows.Length} rows", nameof(values));
        if (!hollow.IsEmpty && hollow.Length != rows.Length)
            throw new ArgumentException($"series '{name}' has {hollow.Length} hollow flags for {rows.Length} rows", nameof(hollow));
        series.Add(new DotSeries(name, values.ToArray(), hollow.IsEmpty ? null : hollow.ToArray()));
        return this;
    }

    /// <summary>Adds a dashed vertical line at value x, labelled at its top.</summary>
    public DotChart ReferenceLine(double x, string label)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), $"reference line at {x} must be finite");
        references.Add((x, label ?? ""));
        return this;
    }

    /// <summary>The value axis ToSvg uses.</summary>
    public Axis ValueAxis()
    {
        var area = DataArea();
        var scale = LogX ? AxisScale.Log10 : AxisScale.Linear;
        return XRange is { } r
            ? new Axis(r.Min, r.Max, area.Left, area.Right, scale)
            : Axis.Fit(series.SelectMany(s => s.Values).Concat(references.Select(r => r.X)), area.Left, area.Right, scale);
    }

    /// <summary>Pixel y of series <paramref name="s"/> in row <paramref name="row"/>.</summary>
    public double RowPixel(int row, int s)
    {
        var area = DataArea();
        double band = area.Height / rows.Length, spread = Math.Min(band * 0.75, 11.0 * (series.Count - 1));
        double offset = series.Count <= 1 ? 0 : (s / (series.Count - 1.0) - 0.5) * spread;
        return area.Top + band * (row + 0.5) + offset;
    }

    public override string ToSvg()
    {
        var area = DataArea();
        var x = ValueAxis();
        var svg = Begin();
        DrawFrame(svg, area, x, null);
        svg.Open("g", ("class", "rowlabels"));
        double band = area.Height / rows.Length;
        for (int r = 0; r < rows.Length; r++)
        {
            double cy = area.Top + band * (r + 0.5);
            if (r > 0) svg.Element("line", ("x1", area.Left), ("y1", area.Top + band * r), ("x2", area.Right), ("y2", area.Top + band * r), ("stroke", "#e5e5e5"), ("class", "grid"));
            svg.Text(area.Left - 8, cy + 4, rows[r], "end", ("class", "rowlabel"));
        }
        svg.Close();
        OpenClip(svg, area);
        foreach (var (value, label) in references)
        {
            double px = x.ToPixel(value);
            svg.Element("line", ("x1", px), ("y1", area.Top), ("x2", px), ("y2", area.Bottom),
                ("stroke", "#555"), ("stroke-width", 1.2), ("stroke-dasharray", "5 3"), ("class", "reference"));
            svg.Text(px + 4, area.Top + 12, label, "start", ("fill", "#555"), ("class", "referencelabel"));
        }
        svg.Close(); // markers stay whole on the frame (a rate of 1, the largest radius)
        for (int s = 0; s < series.Count; s++)
        {
            var color = Palette.Categorical(s);
            svg.Open("g", ("class", "series"), ("stroke", color.Hex), ("stroke-width", 1.5));
            for (int r = 0; r < rows.Length; r++)
            {
                double v = series[s].Values[r];
                if (!double.IsFinite(v) || (LogX && !(v > 0))) continue;
                bool hollow = series[s].Hollow?[r] == true;
                svg.Element("path", ("d", Marker(s, 5)), ("transform", $"translate({SvgWriter.Number(x.ToPixel(v))} {SvgWriter.Number(RowPixel(r, s))})"),
                    ("fill", hollow ? "#fff" : color.Hex), ("class", hollow ? "dot hollow" : "dot"));
            }
            svg.Close();
        }
        // The legend shows each series' marker shape, not a plain square.
        svg.Open("g", ("class", "legend"));
        for (int s = 0; s < series.Count; s++)
        {
            double cy = area.Top + 9 + 18 * s;
            svg.Element("path", ("d", Marker(s, 5)), ("transform", $"translate({SvgWriter.Number(area.Right + 22)} {SvgWriter.Number(cy)})"),
                ("fill", Palette.Categorical(s).Hex), ("stroke", Palette.Categorical(s).Hex));
            svg.Text(area.Right + 38, cy + 4, series[s].Name, "start", ("class", "legendlabel"));
        }
        svg.Close();
        return svg.ToString();
    }

    PlotArea DataArea() =>
        Area(LegendWidth(series.Select(s => s.Name)) + 6, CharWidth * rows.Max(r => r.Length) + 4);

    /// <summary>Marker path of series s around (0, 0): circle, square, diamond, triangle, in turn (the shape repeats the colour's message).</summary>
    static string Marker(int s, double r)
    {
        static string N(double v) => SvgWriter.Number(v);
        double h = 0.85 * r;
        return (s % 4) switch
        {
            0 => $"M{N(-r)} 0 A{N(r)} {N(r)} 0 1 0 {N(r)} 0 A{N(r)} {N(r)} 0 1 0 {N(-r)} 0 Z",
            1 => $"M{N(-h)} {N(-h)} H{N(h)} V{N(h)} H{N(-h)} Z",
            2 => $"M0 {N(-r)} L{N(r)} 0 L0 {N(r)} L{N(-r)} 0 Z",
            _ => $"M0 {N(-r)} L{N(r)} {N(0.8 * r)} L{N(-r)} {N(0.8 * r)} Z",
        };
    }
}
