// The data of a basin figure in data coordinates (raster ids, stars, arrows of f(x) − x, Voronoi
// boundaries, cycle edges), for any plotting back end, and a PNG rendering of it: the categorical
// raster upscaled, Voronoi boundaries darkened, stored points marked with small crosses.
using Mnemos.Imaging;

namespace Mnemos.Experiments;

/// <summary>
/// A basin figure. <paramref name="RasterIds"/> index <paramref name="Categories"/>, one per cell of
/// <paramref name="Grid"/> (row 0 at the bottom); <paramref name="StarUnits"/> gives the stored unit of each star. Arrows run from each field cell centre along
/// f(x) − x times <paramref name="ArrowScale"/> (chosen so the longest is 0.8 of a field cell).
/// </summary>
internal sealed record BasinFigure(
    string Title, PlaneGrid Grid, int[] RasterIds, IReadOnlyList<string> Categories, float[][] Stars, int[] StarUnits,
    Segment[] Arrows, double ArrowScale, Segment[] Voronoi, Segment[] CycleEdges);

/// <summary>Figure data and raster images of a <see cref="BasinMap"/>.</summary>
internal static class BasinFigures
{
    /// <summary>The figure data of <paramref name="map"/>: what an SVG plot needs, in data coordinates.</summary>
    public static BasinFigure FigureData(BasinMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        int units = map.UnitCount;
        var categories = Enumerable.Range(0, units).Select(map.LabelName).Concat(BasinLabel.Others.Select(o => o.Name)).ToArray();
        var ids = map.Labels.Select(label => label >= 0 ? label : units - label - 1).ToArray();

        var field = map.FieldGrid;
        double longest = 0;
        for (int i = 0; i < field.Count; i++) longest = Math.Max(longest, Math.Sqrt(Square(map.Field[2 * i]) + Square(map.Field[2 * i + 1])));
        double scale = longest > 0 ? 0.8 * Math.Min(field.CellWidth, field.CellHeight) / longest : 0;
        var arrows = new Segment[field.Count];
        for (int r = 0; r < field.Rows; r++)
            for (int c = 0; c < field.Columns; c++)
            {
                int i = r * field.Columns + c;
                var (x, y) = field.Center(c, r);
                arrows[i] = new Segment(x, y, x + scale * map.Field[2 * i], y + scale * map.Field[2 * i + 1]);
            }

        var unitOf = UnitOfPoint(map);
        var voronoi = Voronoi2d.Boundaries(map.Points, map.Grid).Where(b => unitOf[b.Left] != unitOf[b.Right]).Select(b => b.Segment).ToArray();
        var edges = map.Cycles.SelectMany(cycle => cycle.Select((row, j) =>
        {
            var (p, q) = (map.Points[row], map.Points[cycle[(j + 1) % cycle.Length]]);
            return new Segment(p[0], p[1], q[0], q[1]);
        })).ToArray();
        string title = map.IsSequence
            ? $"basins of {units} stored cycles (sequence encoder), {map.Grid.Columns}×{map.Grid.Rows} grid"
            : $"basins of {units} stored points (autoencoder), {map.Grid.Columns}×{map.Grid.Rows} grid";
        return new BasinFigure(title, map.Grid, ids, categories, map.Points, unitOf, arrows, scale, voronoi, edges);
    }

    /// <summary>
    /// The raster of <paramref name="figure"/> as RGB, each cell <paramref name="scale"/>² pixels, top row = largest y;
    /// Voronoi boundaries darkened, stored points as black crosses with a white centre.
    /// </summary>
    public static Image Render(BasinFigure figure, int scale)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (scale < 1) throw new ArgumentException($"scale {scale}: must be at least 1");
        var grid = figure.Grid;
        int width = grid.Columns * scale, height = grid.Rows * scale, stored = figure.Categories.Count - BasinLabel.Others.Count;
        var image = new Image(width, height, 3);
        var voronoi = new int[width * height];
        for (int py = 0; py < height; py++)
            for (int px = 0; px < width; px++)
            {
                int id = figure.RasterIds[(grid.Rows - 1 - py / scale) * grid.Columns + px / scale];
                var color = Color(id, stored);
                for (int k = 0; k < 3; k++) image[px, py, k] = color[k];
                double x = grid.XMin + (px + 0.5) / scale * grid.CellWidth, y = grid.YMax - (py + 0.5) / scale * grid.CellHeight;
                voronoi[py * width + px] = figure.StarUnits[Nearest(figure.Stars, x, y)];
            }
        for (int py = 0; py < height; py++)
            for (int px = 0; px < width; px++)
            {
                int v = voronoi[py * width + px];
                bool edge = (px + 1 < width && voronoi[py * width + px + 1] != v) || (py + 1 < height && voronoi[(py + 1) * width + px] != v);
                if (edge)
                    for (int k = 0; k < 3; k++) image[px, py, k] *= 0.35f;
            }
        foreach (var star in figure.Stars)
        {
            int cx = (int)((star[0] - grid.XMin) / grid.CellWidth * scale), cy = (int)((grid.YMax - star[1]) / grid.CellHeight * scale);
            for (int d = -4; d <= 4; d++)
            {
                Plot(image, cx + d, cy, 0f);
                Plot(image, cx, cy + d, 0f);
                Plot(image, cx + d, cy + d, 0f);
                Plot(image, cx + d, cy - d, 0f);
            }
            Plot(image, cx, cy, 1f);
        }
        return image;
    }

    // Ten distinct colours for stored units (repeating past ten), then grey shades, black and white for the rest.
    static readonly float[][] palette =
    [
        [0.12f, 0.47f, 0.71f], [1.00f, 0.50f, 0.05f], [0.17f, 0.63f, 0.17f], [0.84f, 0.15f, 0.16f], [0.58f, 0.40f, 0.74f],
        [0.55f, 0.34f, 0.29f], [0.89f, 0.47f, 0.76f], [0.74f, 0.74f, 0.13f], [0.09f, 0.75f, 0.81f], [0.68f, 0.78f, 0.91f],
    ];

    static float[] Color(int id, int stored) => id < stored ? palette[id % palette.Length] : (id - stored) switch
    {
        0 => [0.55f, 0.55f, 0.55f], // spurious fixed point
        1 => [0.30f, 0.30f, 0.30f], // spurious cycle
        2 => [0f, 0f, 0f],          // diverged
        _ => [1f, 1f, 1f],          // not converged
    };

    static void Plot(Image image, int x, int y, float value)
    {
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height) return;
        for (int k = 0; k < 3; k++) image[x, y, k] = value;
    }

    static int Nearest(float[][] points, double x, double y)
    {
        int best = 0;
        double bestSquare = double.PositiveInfinity;
        for (int i = 0; i < points.Length; i++)
        {
            double s = Square(points[i][0] - x) + Square(points[i][1] - y);
            if (s < bestSquare) (best, bestSquare) = (i, s);
        }
        return best;
    }

    static int[] UnitOfPoint(BasinMap map)
    {
        var unit = Enumerable.Range(0, map.Points.Length).ToArray();
        for (int c = 0; c < map.Cycles.Length; c++)
            foreach (int row in map.Cycles[c]) unit[row] = c;
        return unit;
    }

    static double Square(double x) => x * x;
}
