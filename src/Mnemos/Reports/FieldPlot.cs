// 2-D basins of attraction: a categorical raster (which attractor each start point reaches) with
// overlays: stars (the stored memories), arrows (the displacement field f(x) − x) and line
// segments (Voronoi edges of the memories). All inputs are in data coordinates.
using Mnemos.Imaging;

namespace Mnemos.Reports;

/// <summary>
/// classIds[r · columns + c] is the class of the cell with column c from <c>XRange.Min</c> and row
/// r from <c>YRange.Min</c> upwards; each cell spans (max − min) / count in each direction. Class k
/// is drawn in <see cref="Palette.Categorical"/>(k) and named ClassNames[k]; −1 means unassigned
/// (<see cref="Palette.Missing"/>, legend "unassigned").
/// </summary>
internal sealed class FieldPlot : Plot
{
    readonly int[] classIds;
    readonly List<Overlay> overlays = [];

    public FieldPlot(ReadOnlySpan<int> classIds, int columns, int rows, (double Min, double Max) xRange, (double Min, double Max) yRange, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (columns < 1 || rows < 1) throw new ArgumentOutOfRangeException(nameof(columns), $"raster {columns}x{rows}: both must be at least 1");
        if (classIds.Length != (long)columns * rows)
            throw new ArgumentException($"classIds has {classIds.Length} entries but a {columns}x{rows} raster needs {(long)columns * rows}", nameof(classIds));
        for (int i = 0; i < classIds.Length; i++)
            if (classIds[i] < -1 || classIds[i] >= classNames.Count)
                throw new ArgumentException($"classIds[{i}] = {classIds[i]} is outside -1..{classNames.Count - 1} (there are {classNames.Count} class names)", nameof(classIds));
        this.classIds = classIds.ToArray();
        Columns = columns;
        Rows = rows;
        XRange = xRange;
        YRange = yRange;
        ClassNames = classNames.ToArray();
        _ = new Axis(xRange.Min, xRange.Max, 0, 1);
        _ = new Axis(yRange.Min, yRange.Max, 0, 1);
    }

    public int Columns { get; }
    public int Rows { get; }
    public (double Min, double Max) XRange { get; }
    public (double Min, double Max) YRange { get; }
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Embed the raster as an inline PNG &lt;image&gt; (compact) rather than one &lt;rect&gt; per run of equal cells in a row.</summary>
    public bool RasterAsPng { get; init; } = true;

    enum OverlayKind { Stars, Arrows, Segments }

    sealed record Overlay(OverlayKind Kind, string Label, Rgb Color, double[] A, double[] B, double[] C, double[] D);

    /// <summary>Five-pointed stars at (x[i], y[i]).</summary>
    public FieldPlot Stars(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string label, Rgb? color = null)
    {
        CheckLengths(label, x.Length, y.Length, y.Length, y.Length);
        overlays.Add(new Overlay(OverlayKind.Stars, label, color ?? new Rgb(255, 255, 255), x.ToArray(), y.ToArray(), [], []));
        return this;
    }

    /// <summary>
    /// Arrows centred on (x[i], y[i]) pointing along (dx[i], dy[i]); all share one scale so that the
    /// longest is 0.9 of the arrow grid's cell: the smallest positive spacing between distinct arrow
    /// x or y positions in pixels (the raster cell side when there is a single position). Non-finite
    /// or zero vectors are skipped.
    /// </summary>
    public FieldPlot Arrows(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy, string label, Rgb? color = null)
    {
        CheckLengths(label, x.Length, y.Length, dx.Length, dy.Length);
        overlays.Add(new Overlay(OverlayKind.Arrows, label, color ?? new Rgb(0, 0, 0), x.ToArray(), y.ToArray(), dx.ToArray(), dy.ToArray()));
        return this;
    }

    /// <summary>Line segments from (x1[i], y1[i]) to (x2[i], y2[i]).</summary>
    public FieldPlot Segments(ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2, string label, Rgb? color = null)
    {
        CheckLengths(label, x1.Length, y1.Length, x2.Length, y2.Length);
        overlays.Add(new Overlay(OverlayKind.Segments, label, color ?? new Rgb(0, 0, 0), x1.ToArray(), y1.ToArray(), x2.ToArray(), y2.ToArray()));
        return this;
    }

    /// <summary>The pixel axes ToSvg uses: exactly the raster extent.</summary>
    public (Axis X, Axis Y) Axes()
    {
        var area = Area(LegendWidth(Legend().Select(e => e.Label)));
        return (new Axis(XRange.Min, XRange.Max, area.Left, area.Right), new Axis(YRange.Min, YRange.Max, area.Bottom, area.Top));
    }

    /// <summary>The raster as an RGB image, one pixel per cell, top row = highest y.</summary>
    public Image RasterImage()
    {
        var image = new Image(Columns, Rows, 3);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var color = Palette.Categorical(classIds[r * Columns + c]);
                int y = Rows - 1 - r;
                image[c, y, 0] = color.R / 255f;
                image[c, y, 1] = color.G / 255f;
                image[c, y, 2] = color.B / 255f;
            }
        return image;
    }

    public override string ToSvg()
    {
        var legend = Legend();
        var area = Area(LegendWidth(legend.Select(e => e.Label)));
        var (x, y) = Axes();
        var svg = Begin();
        if (RasterAsPng)
        {
            string href = "data:image/png;base64," + Convert.ToBase64String(Png.Encode(RasterImage()));
            svg.Element("image", ("x", area.Left), ("y", area.Top), ("width", area.Width), ("height", area.Height),
                ("preserveAspectRatio", "none"), ("style", "image-rendering:pixelated"), ("href", href), ("class", "raster"));
        }
        else
        {
            DrawRasterRects(svg, x, y);
        }
        DrawFrame(svg, area, x, y, grid: false);
        OpenClip(svg, area);
        foreach (var overlay in overlays) DrawOverlay(svg, overlay, x, y);
        svg.Close();
        DrawLegend(svg, area.Right + 12, area.Top, legend);
        return svg.ToString();
    }

    void DrawRasterRects(SvgWriter svg, Axis x, Axis y)
    {
        double cellX = (XRange.Max - XRange.Min) / Columns, cellY = (YRange.Max - YRange.Min) / Rows;
        svg.Open("g", ("class", "raster"), ("shape-rendering", "crispEdges"));
        for (int r = 0; r < Rows; r++)
        {
            double top = y.ToPixel(YRange.Min + (r + 1) * cellY), bottom = y.ToPixel(YRange.Min + r * cellY);
            for (int c = 0; c < Columns;)
            {
                int id = classIds[r * Columns + c], end = c + 1;
                while (end < Columns && classIds[r * Columns + end] == id) end++;
                double left = x.ToPixel(XRange.Min + c * cellX), right = x.ToPixel(XRange.Min + end * cellX);
                svg.Element("rect", ("x", left), ("y", top), ("width", right - left), ("height", bottom - top), ("fill", Palette.Categorical(id).Hex), ("class", "run"));
                c = end;
            }
        }
        svg.Close();
    }

    void DrawOverlay(SvgWriter svg, Overlay o, Axis x, Axis y)
    {
        svg.Open("g", ("class", o.Kind.ToString().ToLowerInvariant()));
        switch (o.Kind)
        {
            case OverlayKind.Stars:
                for (int i = 0; i < o.A.Length; i++)
                    if (double.IsFinite(o.A[i]) && double.IsFinite(o.B[i]))
                        svg.Element("path", ("d", Shapes.Star(x.ToPixel(o.A[i]), y.ToPixel(o.B[i]), 9)), ("fill", o.Color.Hex), ("stroke", "#000"), ("stroke-width", 1), ("class", "star"));
                break;
            case OverlayKind.Segments:
                for (int i = 0; i < o.A.Length; i++)
                    if (double.IsFinite(o.A[i]) && double.IsFinite(o.B[i]) && double.IsFinite(o.C[i]) && double.IsFinite(o.D[i]))
                        svg.Element("line", ("x1", x.ToPixel(o.A[i])), ("y1", y.ToPixel(o.B[i])), ("x2", x.ToPixel(o.C[i])), ("y2", y.ToPixel(o.D[i])),
                            ("stroke", o.Color.Hex), ("stroke-width", 1.5), ("class", "segment"));
                break;
            default:
                DrawArrows(svg, o, x, y);
                break;
        }
        svg.Close();
    }

    void DrawArrows(SvgWriter svg, Overlay o, Axis x, Axis y)
    {
        // Pixels per data unit along each axis (y is negative: the pixel axis points down).
        double sx = (x.PixelEnd - x.PixelStart) / (x.Max - x.Min), sy = (y.PixelEnd - y.PixelStart) / (y.Max - y.Min);
        double cell = Math.Min(Spacing(o.A.Select(x.ToPixel)), Spacing(o.B.Select(y.ToPixel)));
        if (double.IsPositiveInfinity(cell))
            cell = Math.Min(Math.Abs(x.PixelEnd - x.PixelStart) / Columns, Math.Abs(y.PixelEnd - y.PixelStart) / Rows);
        double longest = 0;
        for (int i = 0; i < o.A.Length; i++)
            if (Drawable(o, i)) longest = Math.Max(longest, Math.Sqrt(Sq(o.C[i] * sx) + Sq(o.D[i] * sy)));
        if (longest == 0) return;
        double scale = 0.9 * cell / longest;
        for (int i = 0; i < o.A.Length; i++)
        {
            if (!Drawable(o, i)) continue;
            double cx = x.ToPixel(o.A[i]), cy = y.ToPixel(o.B[i]);
            double hx = 0.5 * scale * o.C[i] * sx, hy = 0.5 * scale * o.D[i] * sy;
            svg.Element("path", ("d", Shapes.Arrow(cx - hx, cy - hy, cx + hx, cy + hy, Math.Max(3, 0.35 * cell))),
                ("fill", o.Color.Hex), ("stroke", o.Color.Hex), ("stroke-width", 1), ("class", "arrow"));
        }
    }

    /// <summary>Smallest gap above 0.5 px between sorted finite pixel positions; +∞ when there is none.</summary>
    static double Spacing(IEnumerable<double> pixels)
    {
        var sorted = pixels.Where(double.IsFinite).Order().ToArray();
        double gap = double.PositiveInfinity;
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i] - sorted[i - 1] > 0.5) gap = Math.Min(gap, sorted[i] - sorted[i - 1]);
        return gap;
    }

    static bool Drawable(Overlay o, int i) =>
        double.IsFinite(o.A[i]) && double.IsFinite(o.B[i]) && double.IsFinite(o.C[i]) && double.IsFinite(o.D[i]) && (o.C[i] != 0 || o.D[i] != 0);

    static double Sq(double v) => v * v;

    List<LegendEntry> Legend()
    {
        var entries = ClassNames.Select((name, k) => new LegendEntry(name, Palette.Categorical(k))).ToList();
        if (classIds.Contains(-1)) entries.Add(new LegendEntry("unassigned", Palette.Missing));
        foreach (var o in overlays.Where(o => o.Label.Length > 0))
        {
            var swatch = o.Kind switch { OverlayKind.Stars => LegendSwatch.Star, OverlayKind.Arrows => LegendSwatch.Arrow, _ => LegendSwatch.Line };
            entries.Add(new LegendEntry(o.Label, o.Color, swatch));
        }
        return entries;
    }

    static void CheckLengths(string label, int a, int b, int c, int d)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (a != b || a != c || a != d)
            throw new ArgumentException($"overlay '{label}': coordinate arrays have different lengths {a}, {b}, {c}, {d}");
    }
}
