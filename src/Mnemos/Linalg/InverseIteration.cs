// Eigenvector of an upper Hessenberg matrix for a known (complex) eigenvalue by inverse iteration:
// LU of H − λI with adjacent-row pivoting (O(n²), Hessenberg structure kept), then a few solves.
// Complex arithmetic on split real/imaginary arrays. Not for clusters needing orthogonal vectors.
using System.Diagnostics;
using System.Numerics;

namespace Mnemos.Linalg;

static class InverseIteration
{
    const int MaxIterations = 8;
    const double Eps = 2.220446049250313e-16;
    const double SafeMin = 2.2250738585072014e-308; // smallest normal double
    const double Big = 1e150; // back-substitution rescales when a component passes this

    // n = order, h [n × n] row-major (only the upper Hessenberg part is read), y = yRe + i·yIm [n]
    // receives a unit eigenvector. Returns the iteration count.
    public static int Solve(ReadOnlySpan<double> h, int n, Complex lambda, Span<double> yRe, Span<double> yIm) =>
        Iterate(h, n, lambda, yRe, yIm, transposed: false);

    // As Solve, for a left eigenvector: y with Hᵀ·y = λ·y (plain transpose, so yᵀH = λyᵀ). The LU
    // E·(H − λI) = U (E = E_{n−2}⋯E_0, E_k = L_k·P_k) gives (H − λI)ᵀ = Uᵀ·E⁻ᵀ: each solve is
    // Uᵀ·t = y, then y = E_0ᵀ⋯E_{n−2}ᵀ·t.
    public static int SolveTransposed(ReadOnlySpan<double> h, int n, Complex lambda, Span<double> yRe, Span<double> yIm) =>
        Iterate(h, n, lambda, yRe, yIm, transposed: true);

    static int Iterate(ReadOnlySpan<double> h, int n, Complex lambda, Span<double> yRe, Span<double> yIm, bool transposed)
    {
        Debug.Assert(h.Length >= n * n && yRe.Length >= n && yIm.Length >= n);
        double hNorm = 0;
        for (int i = 0; i < n; i++)
            for (int j = Math.Max(0, i - 1); j < n; j++) hNorm = Math.Max(hNorm, Math.Abs(h[i * n + j]));
        hNorm = Math.Max(hNorm, Complex.Abs(lambda));
        double tinyPivot = Math.Max(Eps * hNorm, SafeMin / Eps);

        var ur = new double[n * n];
        var ui = new double[n * n];
        var mr = new double[n];
        var mi = new double[n];
        var swapped = new bool[n];
        Factor(h, n, lambda, tinyPivot, ur, ui, mr, mi, swapped);

        // Right vectors: the first solve is U·y = 1 (Wilkinson's start: L is skipped), later ones
        // L·U·y = y. Each iterate's residual is measured and the best one kept: for a defective or
        // clustered λ the first iterate is a backward-stable pair, while further iterations drift
        // toward the exact eigenvector, whose residual is the eigenvalue error (≈ √ε or worse).
        yRe.Slice(0, n).Fill(1);
        yIm.Slice(0, n).Clear();
        var bestRe = new double[n];
        var bestIm = new double[n];
        double best = double.PositiveInfinity, previous = double.PositiveInfinity;
        double target = Eps * Math.Max(hNorm, SafeMin); // roundoff level: nothing left to gain
        int it = 0;
        while (it < MaxIterations)
        {
            if (transposed)
            {
                ForwardUTransposed(n, ur, ui, yRe, yIm);
                for (int k = n - 2; k >= 0; k--)
                {
                    yRe[k] -= mr[k] * yRe[k + 1] - mi[k] * yIm[k + 1];
                    yIm[k] -= mr[k] * yIm[k + 1] + mi[k] * yRe[k + 1];
                    if (swapped[k]) { (yRe[k], yRe[k + 1]) = (yRe[k + 1], yRe[k]); (yIm[k], yIm[k + 1]) = (yIm[k + 1], yIm[k]); }
                }
            }
            else
            {
                if (it > 0) ForwardL(n, mr, mi, swapped, yRe, yIm);
                BackSubstitute(n, ur, ui, yRe, yIm);
            }
            it++;
            Normalize(yRe.Slice(0, n), yIm.Slice(0, n));
            double residual = transposed ? TransposedResidual(h, n, lambda, yRe, yIm) : HessenbergResidual(h, n, lambda, yRe, yIm);
            if (residual < best)
            {
                best = residual;
                yRe.Slice(0, n).CopyTo(bestRe);
                yIm.Slice(0, n).CopyTo(bestIm);
            }
            // At least two solves; then stop at roundoff or when the residual no longer halves.
            if (it >= 2 && (best <= target || residual > 0.5 * previous)) break;
            previous = residual;
        }
        bestRe.CopyTo(yRe);
        bestIm.CopyTo(yIm);
        return it;
    }

    // y[i] = s / u_ii; when that passes Big the whole of y (solved and not yet solved parts alike)
    // is scaled down by Big, which only rescales the eigenvector being sought.
    static void Store(int n, double uRe, double uIm, double sr, double si, int i, Span<double> yr, Span<double> yi)
    {
        Divide(sr, si, uRe, uIm, out double qr, out double qi);
        if (Abs(qr, qi) > Big)
        {
            double f = 1 / Big;
            for (int j = 0; j < n; j++) { yr[j] *= f; yi[j] *= f; }
            qr *= f; qi *= f;
        }
        yr[i] = qr; yi[i] = qi;
    }

    // Solves Uᵀ·t = b in place (forward substitution down the columns of U), rescaling as BackSubstitute.
    static void ForwardUTransposed(int n, double[] ur, double[] ui, Span<double> yr, Span<double> yi)
    {
        for (int i = 0; i < n; i++)
        {
            double sr = yr[i], si = yi[i];
            for (int j = 0; j < i; j++)
            {
                double ar = ur[j * n + i], ai = ui[j * n + i];
                sr -= ar * yr[j] - ai * yi[j];
                si -= ar * yi[j] + ai * yr[j];
            }
            Store(n, ur[i * n + i], ui[i * n + i], sr, si, i, yr, yi);
        }
    }

    // ‖(H − λI)ᵀ·y‖₂ over the upper Hessenberg part of h: r_j = Σ_{i ≤ j+1} h[i, j]·y_i − λ·y_j.
    static double TransposedResidual(ReadOnlySpan<double> h, int n, Complex lambda, ReadOnlySpan<double> yr, ReadOnlySpan<double> yi)
    {
        var r = new double[2 * n];
        for (int j = 0; j < n; j++)
        {
            double sr = -(lambda.Real * yr[j] - lambda.Imaginary * yi[j]);
            double si = -(lambda.Real * yi[j] + lambda.Imaginary * yr[j]);
            for (int i = 0; i <= Math.Min(j + 1, n - 1); i++) { sr += h[i * n + j] * yr[i]; si += h[i * n + j] * yi[i]; }
            r[j] = sr;
            r[n + j] = si;
        }
        return DoubleKernels.Norm2(r);
    }

    // ‖(H − λI)·y‖₂ over the upper Hessenberg part of h.
    static double HessenbergResidual(ReadOnlySpan<double> h, int n, Complex lambda, ReadOnlySpan<double> yr, ReadOnlySpan<double> yi)
    {
        var r = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            int j0 = Math.Max(0, i - 1);
            var row = h.Slice(i * n + j0, n - j0);
            r[i] = DoubleKernels.Dot(row, yr.Slice(j0, n - j0)) - (lambda.Real * yr[i] - lambda.Imaginary * yi[i]);
            r[n + i] = DoubleKernels.Dot(row, yi.Slice(j0, n - j0)) - (lambda.Real * yi[i] + lambda.Imaginary * yr[i]);
        }
        return DoubleKernels.Norm2(r);
    }

    static void Factor(ReadOnlySpan<double> h, int n, Complex lambda, double tinyPivot,
        double[] ur, double[] ui, double[] mr, double[] mi, bool[] swapped)
    {
        for (int i = 0; i < n; i++)
        {
            int j0 = Math.Max(0, i - 1);
            h.Slice(i * n + j0, n - j0).CopyTo(ur.AsSpan(i * n + j0));
            ur[i * n + i] -= lambda.Real;
            ui[i * n + i] = -lambda.Imaginary;
        }
        for (int k = 0; k < n - 1; k++)
        {
            int p = k * n + k, q = (k + 1) * n + k;
            if (Abs(ur[q], ui[q]) > Abs(ur[p], ui[p]))
            {
                swapped[k] = true;
                for (int j = k; j < n; j++)
                {
                    (ur[k * n + j], ur[(k + 1) * n + j]) = (ur[(k + 1) * n + j], ur[k * n + j]);
                    (ui[k * n + j], ui[(k + 1) * n + j]) = (ui[(k + 1) * n + j], ui[k * n + j]);
                }
            }
            if (ur[p] == 0 && ui[p] == 0) ur[p] = tinyPivot;
            Divide(ur[q], ui[q], ur[p], ui[p], out double lr, out double li);
            mr[k] = lr; mi[k] = li;
            for (int j = k + 1; j < n; j++)
            {
                double xr = ur[k * n + j], xi = ui[k * n + j];
                ur[(k + 1) * n + j] -= lr * xr - li * xi;
                ui[(k + 1) * n + j] -= lr * xi + li * xr;
            }
            ur[q] = 0; ui[q] = 0;
        }
        int last = (n - 1) * n + n - 1;
        if (n > 0 && ur[last] == 0 && ui[last] == 0) ur[last] = tinyPivot;
    }

    static void ForwardL(int n, double[] mr, double[] mi, bool[] swapped, Span<double> br, Span<double> bi)
    {
        for (int k = 0; k < n - 1; k++)
        {
            if (swapped[k]) { (br[k], br[k + 1]) = (br[k + 1], br[k]); (bi[k], bi[k + 1]) = (bi[k + 1], bi[k]); }
            br[k + 1] -= mr[k] * br[k] - mi[k] * bi[k];
            bi[k + 1] -= mr[k] * bi[k] + mi[k] * br[k];
        }
    }

    // Solves U·y = b in place; if a component would pass Big the whole system is scaled down.
    static void BackSubstitute(int n, double[] ur, double[] ui, Span<double> yr, Span<double> yi)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double sr = yr[i], si = yi[i];
            for (int j = i + 1; j < n; j++)
            {
                double ar = ur[i * n + j], ai = ui[i * n + j];
                sr -= ar * yr[j] - ai * yi[j];
                si -= ar * yi[j] + ai * yr[j];
            }
            Store(n, ur[i * n + i], ui[i * n + i], sr, si, i, yr, yi);
        }
    }

    // Scales y to unit 2-norm; returns the norm it had.
    public static double Normalize(Span<double> yr, Span<double> yi)
    {
        double scale = Math.Max(DoubleKernels.Norm2(yr), DoubleKernels.Norm2(yi));
        if (scale == 0) return 0;
        double sum = 0;
        for (int j = 0; j < yr.Length; j++)
        {
            double a = yr[j] / scale, b = yi[j] / scale;
            sum += a * a + b * b;
        }
        double norm = scale * Math.Sqrt(sum);
        double inv = 1 / norm;
        for (int j = 0; j < yr.Length; j++) { yr[j] *= inv; yi[j] *= inv; }
        return norm;
    }

    static double Abs(double re, double im) => Hessenberg.Hypot(re, im);

    // (ar + i·ai) / (br + i·bi) by Smith's algorithm (no overflow from squaring).
    static void Divide(double ar, double ai, double br, double bi, out double qr, out double qi)
    {
        if (Math.Abs(bi) <= Math.Abs(br))
        {
            double r = bi / br, d = br + bi * r;
            qr = (ar + ai * r) / d;
            qi = (ai - ar * r) / d;
        }
        else
        {
            double r = br / bi, d = bi + br * r;
            qr = (ar * r + ai) / d;
            qi = (ai * r - ar) / d;
        }
    }
}
