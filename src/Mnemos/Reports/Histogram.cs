// Histograms of scalar values (spectral radii, residuals, distances) as SVG bars, with optional
// vertical reference lines (e.g. ρ = 1, the attractor/repeller boundary).
namespace Mnemos.Reports;

/// <summary>Bin edges (length n + 1, increasing) and the count of values in each of the n bins.</summary>
internal sealed record HistogramBins(double[] Edges, long[] Counts)
{
    /// <summary>Values that were counted (finite and inside [first edge, last edge]).</summary>
    public long Total => Counts.Sum();

    /// <summary>count / (total · bin width), so the bars integrate to 1; all zeros when nothing was counted.</summary>
    public double[] Density()
    {
        long total = Total;
        var density = new double[Counts.Length];
        for (int i = 0; i < density.Length; i++)
            density[i] = total == 0 ? 0 : Counts[i] / (total * (Edges[i + 1] - Edges[i]));
        return density;
    }
}

/// <summary>
/// Bars over bins given by a count (equal widths over the finite data range, or over
/// <see cref="Range"/>) or explicit edges. Each bin is one &lt;rect class="bar"&gt;, empty ones too.
/// </summary>
internal sealed class Histogram : Plot
{
    readonly double[] values;
    readonly List<(double X, string Label)> references = [];

    public Histogram(ReadOnlySpan<double> values, int binCount)
    {
        if (binCount < 1) throw new ArgumentOutOfRangeException(nameof(binCount), $"binCount {binCount} must be at least 1");
        this.values = values.ToArray();
        BinCount = binCount;
    }

    /// <summary>Explicit bin edges, strictly increasing and finite, at least two.</summary>
    public Histogram(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        CheckEdges(edges);
        this.values = values.ToArray();
        Edges = edges.ToArray();
        BinCount = edges.Length - 1;
    }

    public int BinCount { get; }
    public double[]? Edges { get; }
    /// <summary>Range for equal-width bins; null uses the finite minimum and maximum of the values.</summary>
    public (double Min, double Max)? Range { get; init; }
    /// <summary>Plot count / (total · bin width) instead of counts.</summary>
    public bool Density { get; init; }

    /// <summary>Adds a dashed vertical line at data value x, labelled at its top.</summary>
    public Histogram ReferenceLine(double x, string label)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), $"reference line at {x} must be finite");
        references.Add((x, label ?? ""));
        return this;
    }

    /// <summary>
    /// Counts values per bin. Bins are half-open [e_i, e_{i+1}) except the last, which includes its
    /// right edge (as numpy.histogram). NaN, ±∞ and values outside the edges are not counted. With no
    /// finite values and no range, the bins span [0, 1]; a single distinct value v spans [v − 0.5, v + 0.5].
    /// </summary>
    public HistogramBins Bin()
    {
        double[] edges = Edges ?? EqualEdges();
        var counts = new long[edges.Length - 1];
        foreach (double v in values)
        {
            if (!double.IsFinite(v) || v < edges[0] || v > edges[^1]) continue;
            int i = Array.BinarySearch(edges, v);
            if (i < 0) i = ~i - 1;
            counts[Math.Min(i, counts.Length - 1)]++;
        }
        return new HistogramBins(edges, counts);
    }

    /// <summary>The pixel axes ToSvg uses: x over the edges (and reference lines), y from 0 to the tallest bar.</summary>
    public (Axis X, Axis Y) Axes()
    {
        var bins = Bin();
        var area = Area(0);
        double[] heights = Density ? bins.Density() : bins.Counts.Select(c => (double)c).ToArray();
        double xMin = Math.Min(bins.Edges[0], references.Select(r => r.X).DefaultIfEmpty(double.PositiveInfinity).Min());
        double xMax = Math.Max(bins.Edges[^1], references.Select(r => r.X).DefaultIfEmpty(double.NegativeInfinity).Max());
        var x = new Axis(xMin, xMax, area.Left, area.Right);
        double top = heights.DefaultIfEmpty(0).Max();
        var y = Axis.Fit([0, top > 0 ? top : 1], area.Bottom, area.Top);
        return (x, y);
    }

    public override string ToSvg()
    {
        var bins = Bin();
        var area = Area(0);
        var (x, y) = Axes();
        double[] heights = Density ? bins.Density() : bins.Counts.Select(c => (double)c).ToArray();
        var svg = Begin();
        DrawFrame(svg, area, x, y);
        OpenClip(svg, area);
        svg.Open("g", ("class", "bars"), ("fill", Palette.Categorical(0).Hex), ("stroke", "#fff"), ("stroke-width", 0.5));
        for (int i = 0; i < heights.Length; i++)
        {
            double left = x.ToPixel(bins.Edges[i]), right = x.ToPixel(bins.Edges[i + 1]), top = y.ToPixel(heights[i]);
            svg.Element("rect", ("x", left), ("y", top), ("width", right - left), ("height", y.ToPixel(0) - top), ("class", "bar"));
        }
        svg.Close();
        foreach (var (value, label) in references)
        {
            double px = x.ToPixel(value);
            svg.Element("line", ("x1", px), ("y1", area.Top), ("x2", px), ("y2", area.Bottom),
                ("stroke", Palette.Categorical(3).Hex), ("stroke-width", 1.5), ("stroke-dasharray", "5 3"), ("class", "reference"));
            svg.Text(px + 4, area.Top + 14, label, "start", ("fill", Palette.Categorical(3).Hex), ("class", "referencelabel"));
        }
        svg.Close();
        return svg.ToString();
    }

    double[] EqualEdges()
    {
        double lo, hi;
        if (Range is { } r)
        {
            if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || !(r.Min < r.Max))
                throw new ArgumentOutOfRangeException(nameof(Range), $"histogram range [{r.Min}, {r.Max}]: need finite min < max");
            (lo, hi) = r;
        }
        else
        {
            var finite = values.Where(double.IsFinite).DefaultIfEmpty(double.NaN);
            lo = finite.Min();
            hi = finite.Max();
            if (double.IsNaN(lo)) (lo, hi) = (0, 1);
            else if (lo == hi) (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        var edges = new double[BinCount + 1];
        for (int i = 0; i <= BinCount; i++) edges[i] = lo + (hi - lo) * i / BinCount;
        edges[^1] = hi;
        return edges;
    }

    static void CheckEdges(ReadOnlySpan<double> edges)
    {
        if (edges.Length < 2) throw new ArgumentException($"histogram needs at least 2 edges, got {edges.Length}", nameof(edges));
        for (int i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) throw new ArgumentException($"edge [{i}] = {edges[i]} is not finite", nameof(edges));
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new ArgumentException($"edges must increase strictly: edge [{i - 1}] = {edges[i - 1]}, edge [{i}] = {edges[i]}", nameof(edges));
        }
    }
}
