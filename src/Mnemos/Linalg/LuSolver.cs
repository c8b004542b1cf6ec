// Dense LU with partial pivoting in double, for the small linear systems of Newton steps.
using System.Numerics.Tensors;

namespace Mnemos.Linalg;

/// <summary>Solves A·x = b for square A [n × n], row-major.</summary>
internal static class LuSolver
{
    /// <summary>
    /// Solves in place: <paramref name="a"/> is overwritten by its LU factors and
    /// <paramref name="b"/> by the solution. Returns false when A is singular to working precision.
    /// </summary>
    public static bool TrySolve(Span<double> a, int n, Span<double> b)
    {
        if (a.Length != n * n || b.Length != n) throw new ArgumentException($"expected a {n}×{n} matrix and {n} right-hand values, got {a.Length} and {b.Length}");
        double scale = 0;
        foreach (double v in a) scale = Math.Max(scale, Math.Abs(v));
        double tiny = scale * n * 1e-15;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[pivot * n + col])) pivot = r;
            if (!(Math.Abs(a[pivot * n + col]) > tiny)) return false;
            if (pivot != col)
            {
                for (int c = 0; c < n; c++) (a[col * n + c], a[pivot * n + c]) = (a[pivot * n + c], a[col * n + c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            double inverse = 1 / a[col * n + col];
            var pivotRow = a.Slice(col * n, n);
            for (int r = col + 1; r < n; r++)
            {
                var row = a.Slice(r * n, n);
                double factor = row[col] * inverse;
                if (factor == 0) continue;
                row[col] = factor;
                var rest = row[(col + 1)..];
                TensorPrimitives.MultiplyAdd(pivotRow[(col + 1)..], -factor, rest, rest);
                b[r] -= factor * b[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int c = r + 1; c < n; c++) sum -= a[r * n + c] * b[c];
            b[r] = sum / a[r * n + r];
        }
        return true;
    }
}
