// A regular grid of cells over a box in the plane. Cell (column c, row r) has index r·Columns + c;
// row 0 is at the bottom (smallest y), as in data coordinates; images flip it when drawn.
using System.Text.Json.Serialization;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

/// <summary>Columns × Rows cells covering [XMin, XMax] × [YMin, YMax]; each cell is represented by its centre.</summary>
public sealed record PlaneGrid(double XMin, double XMax, double YMin, double YMax, int Columns, int Rows)
{
    [JsonIgnore] public int Count => Columns * Rows;
    [JsonIgnore] public double CellWidth => (XMax - XMin) / Columns;
    [JsonIgnore] public double CellHeight => (YMax - YMin) / Rows;

    public void Validate()
    {
        if (Columns < 1 || Rows < 1) throw new ArgumentException($"grid {Columns}×{Rows}: needs at least one cell each way");
        if (!(XMax > XMin) || !(YMax > YMin) || !double.IsFinite(XMax - XMin) || !double.IsFinite(YMax - YMin))
            throw new ArgumentException($"grid box [{XMin}, {XMax}] × [{YMin}, {YMax}]: must be finite and non-empty");
    }

    /// <summary>The centre of cell (<paramref name="column"/>, <paramref name="row"/>).</summary>
    public (double X, double Y) Center(int column, int row) => (XMin + (column + 0.5) * CellWidth, YMin + (row + 0.5) * CellHeight);

    /// <summary>The index of the cell containing (x, y), or −1 outside the box (the top and right edges belong to the last cells).</summary>
    public int CellOf(double x, double y)
    {
        if (!(x >= XMin && x <= XMax && y >= YMin && y <= YMax)) return -1;
        int c = Math.Min(Columns - 1, (int)((x - XMin) / CellWidth));
        int r = Math.Min(Rows - 1, (int)((y - YMin) / CellHeight));
        return r * Columns + c;
    }

    /// <summary>Every cell centre as a row of a [Count × 2] matrix, in index order.</summary>
    public Matrix Centers()
    {
        var m = new Matrix(Count, 2);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var (x, y) = Center(c, r);
                m[r * Columns + c, 0] = (float)x;
                m[r * Columns + c, 1] = (float)y;
            }
        return m;
    }

    /// <summary>A square grid of <paramref name="cells"/>² around the points, their bounding box widened by <paramref name="margin"/> of its larger side on each side.</summary>
    public static PlaneGrid Around(IReadOnlyList<float[]> points, int cells, double margin)
    {
        if (points.Count == 0) throw new ArgumentException("no points to put a grid around");
        double x0 = points.Min(p => p[0]), x1 = points.Max(p => p[0]), y0 = points.Min(p => p[1]), y1 = points.Max(p => p[1]);
        double half = Math.Max(Math.Max(x1 - x0, y1 - y0), 1e-6) * (0.5 + margin);
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        return new PlaneGrid(cx - half, cx + half, cy - half, cy + half, cells, cells);
    }
}

/// <summary>A line segment in data coordinates.</summary>
internal sealed record Segment(double X0, double Y0, double X1, double Y1);
