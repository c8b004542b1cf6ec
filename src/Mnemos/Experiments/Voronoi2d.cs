// Voronoi cells of points in the plane, clipped to a box, by half-plane clipping: the cell of pᵢ is
// the box cut by every bisector half-plane (pⱼ − pᵢ)·x ≤ (‖pⱼ‖² − ‖pᵢ‖²)/2. O(n²·n) for n points,
// meant for a handful of stored points. Each polygon edge remembers which neighbour made it, so the
// boundaries between cells come out once each, without the box's own edges.
namespace Mnemos.Experiments;

/// <summary>Voronoi cells and boundaries of a few points inside a box.</summary>
internal static class Voronoi2d
{
    /// <summary>The convex cell of each point inside the box: vertices in order, and per edge (vertex k → k+1) the neighbour that bounds it (−1 for the box).</summary>
    public static (double X, double Y, int Edge)[][] Cells(IReadOnlyList<float[]> points, PlaneGrid box)
    {
        var cells = new (double X, double Y, int Edge)[points.Count][];
        for (int i = 0; i < points.Count; i++)
        {
            var polygon = new List<(double X, double Y, int Edge)>
            {
                (box.XMin, box.YMin, -1), (box.XMax, box.YMin, -1), (box.XMax, box.YMax, -1), (box.XMin, box.YMax, -1),
            };
            for (int j = 0; j < points.Count && polygon.Count > 0; j++)
            {
                if (j == i) continue;
                double ax = (double)points[j][0] - points[i][0], ay = (double)points[j][1] - points[i][1];
                double b = (Square(points[j]) - Square(points[i])) / 2;
                polygon = Clip(polygon, ax, ay, b, j);
            }
            cells[i] = polygon.ToArray();
        }
        return cells;
    }

    /// <summary>The boundaries between neighbouring cells, each once, with the two points they separate (Left &lt; Right).</summary>
    public static (Segment Segment, int Left, int Right)[] Boundaries(IReadOnlyList<float[]> points, PlaneGrid box)
    {
        var cells = Cells(points, box);
        var segments = new List<(Segment, int, int)>();
        for (int i = 0; i < cells.Length; i++)
        {
            var p = cells[i];
            for (int k = 0; k < p.Length; k++)
                if (p[k].Edge > i) segments.Add((new Segment(p[k].X, p[k].Y, p[(k + 1) % p.Length].X, p[(k + 1) % p.Length].Y), i, p[k].Edge));
        }
        return segments.ToArray();
    }

    /// <summary>For each grid cell centre, the index of the Voronoi cell containing it (−1 if none, which a box-covering set of cells excludes).</summary>
    public static int[] Labels(IReadOnlyList<float[]> points, PlaneGrid grid)
    {
        var cells = Cells(points, grid);
        var labels = new int[grid.Count];
        for (int r = 0; r < grid.Rows; r++)
            for (int c = 0; c < grid.Columns; c++)
            {
                var (x, y) = grid.Center(c, r);
                int label = -1;
                for (int i = 0; i < cells.Length && label < 0; i++)
                    if (Contains(cells[i], x, y)) label = i;
                labels[r * grid.Columns + c] = label;
            }
        return labels;
    }

    // Inside or on the boundary of a counter-clockwise convex polygon (with a little slack for rounding).
    static bool Contains((double X, double Y, int Edge)[] polygon, double x, double y)
    {
        if (polygon.Length < 3) return false;
        for (int k = 0; k < polygon.Length; k++)
        {
            var (x0, y0, _) = polygon[k];
            var (x1, y1, _) = polygon[(k + 1) % polygon.Length];
            double cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
            if (cross < -1e-12) return false;
        }
        return true;
    }

    // Sutherland–Hodgman against a·x ≤ b; the new edge along the line carries tag j.
    static List<(double X, double Y, int Edge)> Clip(List<(double X, double Y, int Edge)> polygon, double ax, double ay, double b, int j)
    {
        var result = new List<(double X, double Y, int Edge)>();
        for (int k = 0; k < polygon.Count; k++)
        {
            var current = polygon[k];
            var next = polygon[(k + 1) % polygon.Count];
            double sc = ax * current.X + ay * current.Y - b, sn = ax * next.X + ay * next.Y - b;
            bool inC = sc <= 0, inN = sn <= 0;
            if (inC)
            {
                // Leaving the half-plane along this edge: the edge up to the crossing keeps its tag, then the cut (tag j).
                if (!inN)
                {
                    result.Add(current);
                    var (x, y) = Cross(current, next, sc, sn);
                    result.Add((x, y, j));
                }
                else result.Add(current);
            }
            else if (inN)
            {
                var (x, y) = Cross(current, next, sc, sn);
                result.Add((x, y, current.Edge));
            }
        }
        return result;
    }

    static (double X, double Y) Cross((double X, double Y, int Edge) p, (double X, double Y, int Edge) q, double sp, double sq)
    {
        double t = sp / (sp - sq);
        return (p.X + t * (q.X - p.X), p.Y + t * (q.Y - p.Y));
    }

    static double Square(float[] p) => (double)p[0] * p[0] + (double)p[1] * p[1];
}
