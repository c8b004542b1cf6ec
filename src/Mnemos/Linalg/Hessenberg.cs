// Householder reduction of a real square matrix to upper Hessenberg form, H = Qᵀ·A·Q, and the
// product with Q. Not the QR iteration (HessenbergQr) nor balancing (Balance).
// Storage (LAPACK dgehrd layout): H in the upper Hessenberg part of a; reflector k, with
// v[k+1] = 1 implicit, in a[k+2.., k]; Q = H_0·H_1⋯H_{n−3}, H_k = I − tau[k]·v·vᵀ.
using System.Diagnostics;

namespace Mnemos.Linalg;

static class Hessenberg
{
    // n = order, a [n × n] row-major, tau [n] (entries n−2, n−1 are zero).
    // One pass over the rows per column k: the row gets the left update of reflector k−1 (deferred
    // from the previous pass), then the right update of reflector k, then adds v_k[i]·row into
    // w = v_kᵀ·A for the deferred left update. Reordering H·A·H as (H·(A·H)) is exact algebra.
    public static void Reduce(Span<double> a, int n, Span<double> tau)
    {
        Debug.Assert(a.Length >= n * n && tau.Length >= n);
        tau.Slice(0, n).Clear();
        if (n < 3) return;
        double[] v = new double[n], vPrev = new double[n], w = new double[n], wPrev = new double[n];
        double tauPrev = 0;
        for (int k = 0; k <= n - 3; k++)
        {
            // Column k below the diagonal, with the deferred left update of step k−1 applied.
            double wk = wPrev[k];
            for (int i = k + 1; i < n; i++) v[i] = a[i * n + k] - tauPrev * vPrev[i] * wk;
            double tauK = MakeReflector(v.AsSpan(k + 1, n - k - 1), out double beta);
            Array.Clear(v, 0, k + 1);
            Array.Clear(w, 0, n);

            int len = n - k - 1;
            ReadOnlySpan<double> vk = v.AsSpan(k + 1, len);
            for (int i = 0; i < n; i++)
            {
                Span<double> row = a.Slice(i * n, n);
                double s;
                if (tauPrev != 0 && i >= k)
                {
                    double alpha = -tauPrev * vPrev[i];
                    row[k] += alpha * wPrev[k];
                    s = DoubleKernels.AxpyDot(alpha, wPrev.AsSpan(k + 1, len), row.Slice(k + 1, len), vk);
                }
                else s = DoubleKernels.Dot(row.Slice(k + 1, len), vk);
                if (tauK == 0) continue;
                if (i >= k + 1) DoubleKernels.AxpyThenAccumulate(-tauK * s, vk, row.Slice(k + 1, len), v[i], w.AsSpan(k + 1, len));
                else DoubleKernels.Axpy(-tauK * s, vk, row.Slice(k + 1, len));
            }

            a[(k + 1) * n + k] = beta;
            for (int i = k + 2; i < n; i++) a[i * n + k] = v[i];
            tau[k] = tauK;
            (v, vPrev) = (vPrev, v);
            (w, wPrev) = (wPrev, w);
            tauPrev = tauK;
        }
        // Deferred left update of the last reflector: rows and columns n−2, n−1.
        if (tauPrev != 0)
            for (int i = n - 2; i < n; i++)
            {
                double alpha = -tauPrev * vPrev[i];
                for (int j = n - 2; j < n; j++) a[i * n + j] += alpha * wPrev[j];
            }
    }

    /// <summary>
    /// Householder reflector (dlarfg convention) for x = [alpha, x₁…]: on return x[1..] holds v[1..]
    /// (v[0] = 1), and (I − tau·v·vᵀ)·x = beta·e₀. tau = 0 when x[1..] is zero.
    /// </summary>
    public static double MakeReflector(Span<double> x, out double beta)
    {
        double alpha = x[0];
        double xnorm = DoubleKernels.Norm2(x.Slice(1));
        x[0] = 1;
        if (xnorm == 0) { beta = alpha; return 0; }
        beta = -Math.CopySign(Hypot(alpha, xnorm), alpha);
        double scale = 1 / (alpha - beta);
        for (int i = 1; i < x.Length; i++) x[i] *= scale;
        return (beta - alpha) / beta;
    }

    /// <summary>x ← Q·x for the reflectors stored by <see cref="Reduce"/>.</summary>
    public static void ApplyQ(ReadOnlySpan<double> reduced, int n, ReadOnlySpan<double> tau, Span<double> x)
    {
        Debug.Assert(reduced.Length >= n * n && x.Length >= n);
        for (int k = n - 3; k >= 0; k--)
        {
            if (tau[k] == 0) continue;
            double s = x[k + 1];
            for (int i = k + 2; i < n; i++) s += reduced[i * n + k] * x[i];
            s *= tau[k];
            x[k + 1] -= s;
            for (int i = k + 2; i < n; i++) x[i] -= s * reduced[i * n + k];
        }
    }

    public static double Hypot(double x, double y)
    {
        x = Math.Abs(x);
        y = Math.Abs(y);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (big == 0 || double.IsInfinity(big)) return big;
        double r = small / big;
        return big * Math.Sqrt(1 + r * r);
    }
}
