// Shared frame for the SVG plots: size, margins, title, axis lines, ticks, grid, axis labels and
// a legend column on the right. Subclasses draw their data inside PlotArea. Output uses no
// element ids, so several plots can be inlined in one HTML page without clashes.
namespace Mnemos.Reports;

/// <summary>Pixel rectangle of the data region inside an SVG.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;
}

/// <summary>One legend row: a swatch (filled square, line, star…) and its label.</summary>
internal readonly record struct LegendEntry(string Label, Rgb Color, LegendSwatch Swatch = LegendSwatch.Square);

internal enum LegendSwatch
{
    Square,
    Line,
    Star,
    Arrow,
}

/// <summary>Base of the SVG plots; each returns a standalone SVG document from <see cref="ToSvg"/>.</summary>
internal abstract class Plot
{
    /// <summary>Rough width of a 12 px sans-serif character, for layout only.</summary>
    protected const double CharWidth = 7;

    public string Title { get; init; } = "";
    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";
    /// <summary>Total SVG size in pixels.</summary>
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 400;

    public abstract string ToSvg();

    /// <summary>
    /// Data region for a plot whose right-hand column (legend, colour bar) is <paramref name="rightColumn"/>
    /// px wide and whose tick or row labels need <paramref name="leftColumn"/> px left of the data.
    /// </summary>
    protected PlotArea Area(double rightColumn, double leftColumn = 44)
    {
        double top = Title.Length > 0 ? 36 : 14;
        double bottom = Height - (XLabel.Length > 0 ? 48 : 30);
        double left = leftColumn + (YLabel.Length > 0 ? 28 : 12);
        double right = Width - 16 - rightColumn;
        if (right - left < 20 || bottom - top < 20)
            throw new ArgumentOutOfRangeException(nameof(Width), $"plot size {Width}x{Height} leaves no room for data (area {right - left:0}x{bottom - top:0} px)");
        return new PlotArea(left, top, right, bottom);
    }

    /// <summary>Width of a legend column for these labels (swatch + text + padding).</summary>
    protected static double LegendWidth(IEnumerable<string> labels)
    {
        int longest = labels.Select(l => l.Length).DefaultIfEmpty(-1).Max();
        return longest < 0 ? 0 : 34 + CharWidth * longest;
    }

    protected SvgWriter Begin() => new(Width, Height, Title.Length > 0 ? Title : null);

    /// <summary>Title, frame, grid, ticks with labels and the axis labels. Either axis may be null (no ticks).</summary>
    protected void DrawFrame(SvgWriter svg, PlotArea area, Axis? x, Axis? y, bool grid = true)
    {
        if (Title.Length > 0)
        {
            // A bold 15 px character is about 0.62 em wide; a longer title gets a smaller font (down to
            // 10 px) and, past that, is squeezed to the width so it is never clipped at either side.
            double room = Width - 16, size = Math.Floor(Math.Clamp(room / (0.62 * Title.Length), 10, 15) * 10) / 10;
            if (0.62 * size * Title.Length <= room)
                svg.Text(Width / 2.0, 22, Title, "middle", ("font-size", size), ("font-weight", "bold"), ("class", "title"));
            else
                svg.Text(Width / 2.0, 22, Title, "middle", ("font-size", size), ("font-weight", "bold"), ("textLength", room), ("lengthAdjust", "spacingAndGlyphs"), ("class", "title"));
        }
        svg.Open("g", ("class", "axes"), ("stroke", "#000"), ("stroke-width", 1));
        if (x is not null)
        {
            var ticks = x.Ticks();
            foreach (double t in ticks)
            {
                double px = x.ToPixel(t);
                if (grid) svg.Element("line", ("x1", px), ("y1", area.Top), ("x2", px), ("y2", area.Bottom), ("stroke", "#e5e5e5"), ("class", "grid"));
                svg.Element("line", ("x1", px), ("y1", area.Bottom), ("x2", px), ("y2", area.Bottom + 5), ("class", "xtick"));
                svg.Text(px, area.Bottom + 18, x.FormatTick(t, ticks), "middle", ("stroke", "none"), ("class", "xticklabel"));
            }
        }
        if (y is not null)
        {
            var ticks = y.Ticks();
            foreach (double t in ticks)
            {
                double py = y.ToPixel(t);
                if (grid) svg.Element("line", ("x1", area.Left), ("y1", py), ("x2", area.Right), ("y2", py), ("stroke", "#e5e5e5"), ("class", "grid"));
                svg.Element("line", ("x1", area.Left - 5), ("y1", py), ("x2", area.Left), ("y2", py), ("class", "ytick"));
                svg.Text(area.Left - 8, py + 4, y.FormatTick(t, ticks), "end", ("stroke", "none"), ("class", "yticklabel"));
            }
        }
        svg.Element("rect", ("x", area.Left), ("y", area.Top), ("width", area.Width), ("height", area.Height), ("fill", "none"), ("class", "frame"));
        svg.Close();
        if (XLabel.Length > 0)
            svg.Text((area.Left + area.Right) / 2, Height - 12, XLabel, "middle", ("class", "xlabel"));
        if (YLabel.Length > 0)
        {
            double cx = 16, cy = (area.Top + area.Bottom) / 2;
            svg.Text(cx, cy, YLabel, "middle", ("transform", $"rotate(-90 {SvgWriter.Number(cx)} {SvgWriter.Number(cy)})"), ("class", "ylabel"));
        }
    }

    /// <summary>
    /// Opens a nested &lt;svg&gt; covering the data area plus a 4 px margin (so markers on the frame stay
    /// whole) with the same user coordinates; its default overflow clipping hides anything drawn
    /// further out. Close it with svg.Close().
    /// </summary>
    protected static void OpenClip(SvgWriter svg, PlotArea area)
    {
        const double pad = 4;
        double left = area.Left - pad, top = area.Top - pad, width = area.Width + 2 * pad, height = area.Height + 2 * pad;
        svg.Open("svg", ("x", left), ("y", top), ("width", width), ("height", height),
            ("viewBox", $"{SvgWriter.Number(left)} {SvgWriter.Number(top)} {SvgWriter.Number(width)} {SvgWriter.Number(height)}"),
            ("class", "data"));
    }

    /// <summary>Legend rows stacked from (left, top), 18 px apart.</summary>
    protected static void DrawLegend(SvgWriter svg, double left, double top, IReadOnlyList<LegendEntry> entries)
    {
        if (entries.Count == 0) return;
        svg.Open("g", ("class", "legend"));
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            double cy = top + 9 + 18 * i;
            switch (e.Swatch)
            {
                case LegendSwatch.Line:
                    svg.Element("line", ("x1", left), ("y1", cy), ("x2", left + 20), ("y2", cy), ("stroke", e.Color.Hex), ("stroke-width", 2));
                    break;
                case LegendSwatch.Star:
                    svg.Element("path", ("d", Shapes.Star(left + 10, cy, 7)), ("fill", e.Color.Hex), ("stroke", "#000"), ("stroke-width", 0.6));
                    break;
                case LegendSwatch.Arrow:
                    svg.Element("path", ("d", Shapes.Arrow(left + 2, cy, left + 20, cy, 6)), ("fill", e.Color.Hex), ("stroke", e.Color.Hex), ("stroke-width", 1.2));
                    break;
                default:
                    svg.Element("rect", ("x", left + 3), ("y", cy - 7), ("width", 14), ("height", 14), ("fill", e.Color.Hex), ("stroke", "#555"), ("stroke-width", 0.5));
                    break;
            }
            svg.Text(left + 26, cy + 4, e.Label, "start", ("class", "legendlabel"));
        }
        svg.Close();
    }
}
