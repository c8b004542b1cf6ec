// Diagonal balancing before the eigenvalue iteration: a ← D⁻¹·a·D with D = diag(scale) made of
// powers of 2 (exact), so that each row and column have similar 1-norms off the diagonal. Same
// eigenvalues, smaller norm, better accuracy for badly scaled matrices. No permutations.
using System.Diagnostics;

namespace Mnemos.Linalg;

static class Balance
{
    const double Radix = 2;
    const int MaxSweeps = 64;

    // n = order, a [n × n] row-major (balanced in place), scale [n] (the diagonal of D).
    // Each sweep recomputes the off-diagonal row and column 1-norms in one row-major pass, then
    // visits the indices in order, updating the norms incrementally as rows/columns are scaled.
    public static void Apply(Span<double> a, int n, Span<double> scale)
    {
        Debug.Assert(a.Length >= n * n && scale.Length >= n);
        scale.Slice(0, n).Fill(1);
        if (n < 2) return;
        var colNorm = new double[n];
        var rowNorm = new double[n];
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            Norms(a, n, colNorm, rowNorm);
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                double c = colNorm[i], r = rowNorm[i];
                if (c == 0 || r == 0 || !double.IsFinite(c + r)) continue;
                double f = 1, s = c + r, g = r / Radix;
                while (c < g && f < 1e150) { f *= Radix; c *= Radix * Radix; }
                g = r * Radix;
                while (c > g && f > 1e-150) { f /= Radix; c /= Radix * Radix; }
                if ((c + r) / f >= 0.95 * s) continue;
                changed = true;
                scale[i] *= f;
                ScaleIndex(a, n, i, f, colNorm, rowNorm);
            }
            if (!changed) return;
        }
    }

    static void Norms(ReadOnlySpan<double> a, int n, Span<double> colNorm, Span<double> rowNorm)
    {
        colNorm.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = a.Slice(i * n, n);
            double r = 0;
            for (int j = 0; j < n; j++)
            {
                double v = Math.Abs(row[j]);
                r += v;
                colNorm[j] += v;
            }
            rowNorm[i] = r - Math.Abs(row[i]);
        }
        for (int j = 0; j < n; j++) colNorm[j] -= Math.Abs(a[j * n + j]);
    }

    // Column i ×= f, row i ÷= f (the diagonal entry is unchanged); keeps the other norms current.
    static void ScaleIndex(Span<double> a, int n, int i, double f, Span<double> colNorm, Span<double> rowNorm)
    {
        double g = 1 / f;
        var row = a.Slice(i * n, n);
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            colNorm[j] += Math.Abs(row[j]) * (g - 1);
            row[j] *= g;
        }
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            ref double x = ref a[j * n + i];
            rowNorm[j] += Math.Abs(x) * (f - 1);
            x *= f;
        }
        colNorm[i] *= f;
        rowNorm[i] *= g;
    }
}
