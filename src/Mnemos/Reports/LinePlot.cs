// Line plots of named (x, y) series: loss against epoch (log y), recovery rate against corruption.
// Non-finite points (and y ≤ 0 on a log axis) are skipped and break the line into runs.
namespace Mnemos.Reports;

/// <summary>A named series of points; <see cref="X"/> and <see cref="Y"/> have equal lengths.</summary>
internal sealed record LineSeries(string Name, double[] X, double[] Y);

/// <summary>
/// Several series on shared axes with a legend. Each series becomes one &lt;g class="series"&gt;
/// holding one &lt;polyline&gt; per unbroken run of plottable points (a single isolated point
/// draws a marker only).
/// </summary>
internal sealed class LinePlot : Plot
{
    readonly List<LineSeries> series = [];

    /// <summary>Log10 y axis (loss curves); points with y ≤ 0 are not plottable.</summary>
    public bool LogY { get; init; }
    /// <summary>Draw a circle at every plotted point.</summary>
    public bool Markers { get; init; }
    /// <summary>Fixed axis ranges; null fits the data (widened to tick boundaries).</summary>
    public (double Min, double Max)? XRange { get; init; }
    public (double Min, double Max)? YRange { get; init; }

    public IReadOnlyList<LineSeries> Series => series;

    public LinePlot Add(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Length != y.Length)
            throw new ArgumentException($"series '{name}': x has {x.Length} values but y has {y.Length}", nameof(y));
        series.Add(new LineSeries(name, x.ToArray(), y.ToArray()));
        return this;
    }

    public LinePlot Add(string name, ReadOnlySpan<float> x, ReadOnlySpan<float> y) =>
        Add(name, ToDouble(x), ToDouble(y));

    /// <summary>Series against 0, 1, 2, … (e.g. one value per epoch).</summary>
    public LinePlot Add(string name, ReadOnlySpan<double> y)
    {
        var x = new double[y.Length];
        for (int i = 0; i < x.Length; i++) x[i] = i;
        return Add(name, x, y);
    }

    /// <summary>The pixel axes ToSvg uses.</summary>
    public (Axis X, Axis Y) Axes()
    {
        var area = Area(LegendWidth(series.Select(s => s.Name)));
        var scaleY = LogY ? AxisScale.Log10 : AxisScale.Linear;
        Axis x = XRange is { } xr
            ? new Axis(xr.Min, xr.Max, area.Left, area.Right)
            : Axis.Fit(PlottablePoints().Select(p => p.X), area.Left, area.Right);
        Axis y = YRange is { } yr
            ? new Axis(yr.Min, yr.Max, area.Bottom, area.Top, scaleY)
            : Axis.Fit(PlottablePoints().Select(p => p.Y), area.Bottom, area.Top, scaleY);
        return (x, y);
    }

    public override string ToSvg()
    {
        var area = Area(LegendWidth(series.Select(s => s.Name)));
        var (xAxis, yAxis) = Axes();
        var svg = Begin();
        DrawFrame(svg, area, xAxis, yAxis);
        OpenClip(svg, area);
        var legend = new List<LegendEntry>();
        for (int s = 0; s < series.Count; s++)
        {
            var color = Palette.Categorical(s);
            legend.Add(new LegendEntry(series[s].Name, color, LegendSwatch.Line));
            svg.Open("g", ("class", "series"), ("stroke", color.Hex), ("fill", "none"), ("stroke-width", 1.8));
            foreach (var run in Runs(series[s]))
            {
                var pixels = run.Select(i => (X: xAxis.ToPixel(series[s].X[i]), Y: yAxis.ToPixel(series[s].Y[i]))).ToList();
                if (pixels.Count >= 2)
                    svg.Element("polyline", ("points", string.Join(" ", pixels.Select(p => $"{SvgWriter.Number(p.X)},{SvgWriter.Number(p.Y)}"))));
                if (Markers || pixels.Count == 1)
                    foreach (var p in pixels) svg.Element("circle", ("cx", p.X), ("cy", p.Y), ("r", 2.5), ("fill", color.Hex), ("class", "marker"));
            }
            svg.Close();
        }
        svg.Close();
        DrawLegend(svg, area.Right + 12, area.Top, legend);
        return svg.ToString();
    }

    /// <summary>Index runs of consecutive plottable points of one series.</summary>
    internal IEnumerable<List<int>> Runs(LineSeries s)
    {
        var run = new List<int>();
        for (int i = 0; i < s.X.Length; i++)
        {
            if (Plottable(s.X[i], s.Y[i]))
            {
                run.Add(i);
                continue;
            }
            if (run.Count > 0) yield return run;
            run = [];
        }
        if (run.Count > 0) yield return run;
    }

    bool Plottable(double x, double y) => double.IsFinite(x) && double.IsFinite(y) && (!LogY || y > 0);

    IEnumerable<(double X, double Y)> PlottablePoints() =>
        series.SelectMany(s => s.X.Zip(s.Y)).Where(p => Plottable(p.First, p.Second)).Select(p => (p.First, p.Second));

    static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
