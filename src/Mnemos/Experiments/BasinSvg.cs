// The SVG form of a basin figure through Reports.FieldPlot: the categorical raster (only the
// outcome classes that occur besides the stored units), Voronoi boundaries, cycle edges, arrows of
// f(x) − x and the stored points as stars. The PNG in BasinFigures stays the dependency-free view.
using Mnemos.Reports;

namespace Mnemos.Experiments;

/// <summary>SVG rendering of <see cref="BasinFigure"/>.</summary>
internal static class BasinSvg
{
    /// <summary>
    /// The figure as a FieldPlot: raster classes are the stored units followed by those other
    /// outcomes that label at least one cell; overlays "Voronoi boundary" (grey), "cycle edge"
    /// (white, sequence maps only), "f(x) − x" arrows and "stored" stars.
    /// </summary>
    public static FieldPlot Plot(BasinFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var (ids, names) = UsedClasses(figure);
        var g = figure.Grid;
        var plot = new FieldPlot(ids, g.Columns, g.Rows, (g.XMin, g.XMax), (g.YMin, g.YMax), names)
        {
            Title = figure.Title, XLabel = "x₁", YLabel = "x₂", Width = 720, Height = 600,
        };
        Segments(plot, figure.Voronoi, "Voronoi boundary", new Rgb(80, 80, 80));
        if (figure.CycleEdges.Length > 0) Segments(plot, figure.CycleEdges, "cycle edge", new Rgb(255, 255, 255));
        var a = figure.Arrows;
        plot.Arrows(a.Select(s => s.X0).ToArray(), a.Select(s => s.Y0).ToArray(),
            a.Select(s => s.X1 - s.X0).ToArray(), a.Select(s => s.Y1 - s.Y0).ToArray(), "f(x) − x", new Rgb(0, 0, 0));
        plot.Stars(figure.Stars.Select(p => (double)p[0]).ToArray(), figure.Stars.Select(p => (double)p[1]).ToArray(), "stored", new Rgb(255, 255, 255));
        return plot;
    }

    /// <summary>Raster ids renumbered so that unused non-stored categories drop out of the legend, with their names.</summary>
    internal static (int[] Ids, string[] Names) UsedClasses(BasinFigure figure)
    {
        int stored = figure.Categories.Count - BasinLabel.Others.Count;
        var used = new bool[figure.Categories.Count];
        foreach (int id in figure.RasterIds) used[id] = true;
        var map = new int[figure.Categories.Count];
        var names = new List<string>();
        for (int k = 0; k < figure.Categories.Count; k++)
        {
            if (k >= stored && !used[k]) { map[k] = -1; continue; }
            map[k] = names.Count;
            names.Add(figure.Categories[k]);
        }
        return (figure.RasterIds.Select(id => map[id]).ToArray(), names.ToArray());
    }

    static void Segments(FieldPlot plot, Segment[] segments, string label, Rgb color) =>
        plot.Segments(segments.Select(s => s.X0).ToArray(), segments.Select(s => s.Y0).ToArray(),
            segments.Select(s => s.X1).ToArray(), segments.Select(s => s.Y1).ToArray(), label, color);
}
