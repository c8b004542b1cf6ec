// Eigenvalues of a real upper Hessenberg matrix by the Francis implicit double-shift QR iteration
// (eigenvalues only: the active window is updated, not the full Schur form; no Schur vectors).
// Deflation uses the Ahues–Tisseur criterion; exceptional shifts every 10 stalled iterations.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemos.Linalg;

static class HessenbergQr
{
    /// <summary>Iterations allowed between two deflations before giving up.</summary>
    public const int MaxIterationsPerDeflation = 300;
    const int ExceptionalShiftPeriod = 10;
    const double Ulp = 2.220446049250313e-16; // 2^-52
    const double SafeMin = 2.2250738585072014e-308; // smallest normal double

    // n = order, h [n × ld] row-major upper Hessenberg, row stride ld (entries below the
    // subdiagonal must be zero; destroyed; see PaddedStride), re/im [n] eigenvalues in deflation order (conjugate pairs adjacent,
    // positive imaginary part first). Returns the number of double-shift sweeps.
    public static int Eigenvalues(Span<double> h, int n, int ld, Span<double> re, Span<double> im)
    {
        Debug.Assert(ld >= n && h.Length >= (n - 1) * ld + n && re.Length >= n && im.Length >= n);
        double smallNum = SafeMin * (n / Ulp);
        int sweeps = 0;
        int hi = n - 1;
        while (hi >= 0)
        {
            for (int its = 0; ; its++)
            {
                int l = FindDeflation(h, ld, hi, smallNum);
                if (l == hi)
                {
                    re[hi] = h[hi * ld + hi];
                    im[hi] = 0;
                    hi -= 1;
                    break;
                }
                if (l == hi - 1)
                {
                    Eigen2x2(h[(hi - 1) * ld + hi - 1], h[(hi - 1) * ld + hi], h[hi * ld + hi - 1], h[hi * ld + hi],
                        out re[hi - 1], out im[hi - 1], out re[hi], out im[hi]);
                    hi -= 2;
                    break;
                }
                if (its >= MaxIterationsPerDeflation) ThrowNoConvergence(n, l, hi, its);
                Shifts(h, ld, l, hi, its, out double s1r, out double s1i, out double s2r, out double s2i);
                int m = BulgeStart(h, ld, l, hi, s1r, s1i, s2r, s2i, out double x, out double y, out double z);
                Sweep(h, ld, l, hi, m, x, y, z);
                sweeps++;
            }
        }
        return sweeps;
    }

    /// <summary>
    /// A row stride ≥ n that is not a multiple of 64 doubles: the column updates walk down rows,
    /// and a stride of a large power of two maps them all to a few cache sets (n = 512, 1024 ran
    /// 2–8× slower unpadded).
    /// </summary>
    public static int PaddedStride(int n)
    {
        int ld = (n + 7) & ~7;
        return ld % 64 == 0 ? ld + 8 : ld;
    }

    // Largest k in (0, hi] whose subdiagonal h[k, k−1] is negligible (set to zero), else 0.
    static int FindDeflation(Span<double> h, int ld, int hi, double smallNum)
    {
        for (int k = hi; k > 0; k--)
        {
            double sub = Math.Abs(h[k * ld + k - 1]);
            if (sub <= smallNum) { h[k * ld + k - 1] = 0; return k; }
            double hkk = h[k * ld + k], hpp = h[(k - 1) * ld + k - 1];
            double tst = Math.Abs(hpp) + Math.Abs(hkk);
            if (tst == 0)
            {
                if (k >= 2) tst += Math.Abs(h[(k - 1) * ld + k - 2]);
                if (k + 1 <= hi) tst += Math.Abs(h[(k + 1) * ld + k]);
            }
            if (sub > Ulp * tst) continue;
            // Ahues & Tisseur (LAWN 122): compare the product of the off-diagonal pair with the
            // product of the diagonal gap, both scaled, to deflate only when the change is tiny.
            double sup = Math.Abs(h[(k - 1) * ld + k]);
            double ab = Math.Max(sub, sup), ba = Math.Min(sub, sup);
            double gap = Math.Abs(hpp - hkk);
            double aa = Math.Max(Math.Abs(hkk), gap), bb = Math.Min(Math.Abs(hkk), gap);
            double s = aa + ab;
            if (ba * (ab / s) <= Math.Max(smallNum, Ulp * (bb * (aa / s)))) { h[k * ld + k - 1] = 0; return k; }
        }
        return 0;
    }

    // The two shifts: eigenvalues of the trailing 2×2 of the window (a real pair is replaced by
    // the one nearer h[hi, hi], used twice), or an exceptional pair after a stall.
    static void Shifts(Span<double> h, int ld, int l, int hi, int its,
        out double s1r, out double s1i, out double s2r, out double s2i)
    {
        double h11, h12, h21, h22;
        if (its > 0 && its % (2 * ExceptionalShiftPeriod) == ExceptionalShiftPeriod)
        {
            double s = Math.Abs(h[(l + 1) * ld + l]) + Math.Abs(h[(l + 2) * ld + l + 1]);
            h11 = 0.75 * s + h[l * ld + l]; h12 = -0.4375 * s; h21 = s; h22 = h11;
        }
        else if (its > 0 && its % (2 * ExceptionalShiftPeriod) == 0)
        {
            double s = Math.Abs(h[hi * ld + hi - 1]) + Math.Abs(h[(hi - 1) * ld + hi - 2]);
            h11 = 0.75 * s + h[hi * ld + hi]; h12 = -0.4375 * s; h21 = s; h22 = h11;
        }
        else
        {
            h11 = h[(hi - 1) * ld + hi - 1]; h12 = h[(hi - 1) * ld + hi];
            h21 = h[hi * ld + hi - 1]; h22 = h[hi * ld + hi];
        }
        double scale = Math.Abs(h11) + Math.Abs(h12) + Math.Abs(h21) + Math.Abs(h22);
        if (scale == 0) { s1r = s1i = s2r = s2i = 0; return; }
        h11 /= scale; h12 /= scale; h21 /= scale; h22 /= scale;
        double tr = (h11 + h22) / 2;
        double det = (h11 - tr) * (h22 - tr) - h12 * h21;
        double root = Math.Sqrt(Math.Abs(det));
        if (det >= 0)
        {
            s1r = s2r = tr * scale;
            s1i = root * scale;
            s2i = -s1i;
            return;
        }
        double r1 = tr + root, r2 = tr - root;
        double nearer = Math.Abs(r1 - h22) <= Math.Abs(r2 - h22) ? r1 : r2;
        s1r = s2r = nearer * scale;
        s1i = s2i = 0;
    }

    // Picks the row m where the bulge starts (two consecutive small subdiagonals make the leading
    // rows of the window irrelevant) and the scaled first column (x, y, z) of (H − σ₁)(H − σ₂)·e_m.
    static int BulgeStart(Span<double> h, int ld, int l, int hi, double s1r, double s1i, double s2r, double s2i,
        out double x, out double y, out double z)
    {
        for (int m = hi - 2; ; m--)
        {
            double hmm = h[m * ld + m], h21 = h[(m + 1) * ld + m];
            double s = Math.Abs(hmm - s2r) + Math.Abs(s2i) + Math.Abs(h21);
            double h21s = h21 / s;
            x = h21s * h[m * ld + m + 1] + (hmm - s1r) * ((hmm - s2r) / s) - s1i * (s2i / s);
            y = h21s * (hmm + h[(m + 1) * ld + m + 1] - s1r - s2r);
            z = h21s * h[(m + 2) * ld + m + 1];
            s = Math.Abs(x) + Math.Abs(y) + Math.Abs(z);
            x /= s; y /= s; z /= s;
            if (m == l) return m;
            double coupling = Math.Abs(h[m * ld + m - 1]) * (Math.Abs(y) + Math.Abs(z));
            double size = Ulp * Math.Abs(x) * (Math.Abs(h[(m - 1) * ld + m - 1]) + Math.Abs(hmm) + Math.Abs(h[(m + 1) * ld + m + 1]));
            if (coupling <= size) return m;
        }
    }

    // One implicit double-shift sweep on the window rows/columns [l, hi], chasing the bulge
    // from row m down with 3×3 (last one 2×2) Householder reflectors.
    static void Sweep(Span<double> h, int ld, int l, int hi, int m, double x, double y, double z)
    {
        for (int k = m; k < hi; k++)
        {
            bool three = k < hi - 1;
            if (k > m)
            {
                x = h[k * ld + k - 1];
                y = h[(k + 1) * ld + k - 1];
                z = three ? h[(k + 2) * ld + k - 1] : 0;
            }
            double alpha = x;
            double xnorm = three ? Hessenberg.Hypot(y, z) : Math.Abs(y);
            if (xnorm == 0)
            {
                if (k > m) { h[(k + 1) * ld + k - 1] = 0; if (three) h[(k + 2) * ld + k - 1] = 0; }
                continue;
            }
            double beta = -Math.CopySign(Hessenberg.Hypot(alpha, xnorm), alpha);
            double tau = (beta - alpha) / beta;
            double v1 = y / (alpha - beta), v2 = three ? z / (alpha - beta) : 0;
            if (k > m)
            {
                h[k * ld + k - 1] = beta;
                h[(k + 1) * ld + k - 1] = 0;
                if (three) h[(k + 2) * ld + k - 1] = 0;
            }
            else if (m > l)
            {
                // Column m−1 holds only h[m, m−1]; the reflector scales it by (1 − tau), and the
                // fill below it is negligible by the choice of m.
                h[k * ld + k - 1] *= 1 - tau;
            }
            double t2 = tau * v1, t3 = tau * v2;
            if (three)
            {
                ApplyLeft3(h.Slice(k * ld + k, hi - k + 1), h.Slice((k + 1) * ld + k, hi - k + 1), h.Slice((k + 2) * ld + k, hi - k + 1), v1, v2, tau, t2, t3);
                int last = Math.Min(k + 3, hi);
                for (int i = l; i <= last; i++)
                {
                    ref double c0 = ref h[i * ld + k];
                    ref double c1 = ref Unsafe.Add(ref c0, 1);
                    ref double c2 = ref Unsafe.Add(ref c0, 2);
                    double sum = c0 + v1 * c1 + v2 * c2;
                    c0 -= sum * tau;
                    c1 -= sum * t2;
                    c2 -= sum * t3;
                }
            }
            else
            {
                for (int j = k; j <= hi; j++)
                {
                    ref double r0 = ref h[k * ld + j];
                    ref double r1 = ref h[(k + 1) * ld + j];
                    double sum = r0 + v1 * r1;
                    r0 -= sum * tau;
                    r1 -= sum * t2;
                }
                for (int i = l; i <= hi; i++)
                {
                    ref double c0 = ref h[i * ld + k];
                    ref double c1 = ref Unsafe.Add(ref c0, 1);
                    double sum = c0 + v1 * c1;
                    c0 -= sum * tau;
                    c1 -= sum * t2;
                }
            }
        }
    }

    // Rows r0, r1, r2 ← (I − tau·v·vᵀ)·[r0; r1; r2] with v = [1, v1, v2]; t2 = tau·v1, t3 = tau·v2.
    static void ApplyLeft3(Span<double> r0, Span<double> r1, Span<double> r2, double v1, double v2, double tau, double t2, double t3)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a0 = MemoryMarshal.Cast<double, Vector<double>>(r0);
            var a1 = MemoryMarshal.Cast<double, Vector<double>>(r1);
            var a2 = MemoryMarshal.Cast<double, Vector<double>>(r2);
            Vector<double> vv1 = new(v1), vv2 = new(v2), vt1 = new(tau), vt2 = new(t2), vt3 = new(t3);
            for (int v = 0; v < a0.Length; v++)
            {
                var sum = Vector.FusedMultiplyAdd(vv2, a2[v], Vector.FusedMultiplyAdd(vv1, a1[v], a0[v]));
                a0[v] = Vector.FusedMultiplyAdd(-sum, vt1, a0[v]);
                a1[v] = Vector.FusedMultiplyAdd(-sum, vt2, a1[v]);
                a2[v] = Vector.FusedMultiplyAdd(-sum, vt3, a2[v]);
            }
            j = a0.Length * Vector<double>.Count;
        }
        for (; j < r0.Length; j++)
        {
            double sum = r0[j] + v1 * r1[j] + v2 * r2[j];
            r0[j] -= sum * tau;
            r1[j] -= sum * t2;
            r2[j] -= sum * t3;
        }
    }

    /// <summary>
    /// Eigenvalues of [[a, b], [c, d]] with the discriminant formed relative to its largest term
    /// (no overflow, no cancellation in the real case); a complex pair is returned positive
    /// imaginary part first.
    /// </summary>
    public static void Eigen2x2(double a, double b, double c, double d,
        out double re1, out double im1, out double re2, out double im2)
    {
        double p = 0.5 * (a - d);
        double bcMax = Math.Max(Math.Abs(b), Math.Abs(c));
        double bcMin = Math.Min(Math.Abs(b), Math.Abs(c)) * Math.CopySign(1, b) * Math.CopySign(1, c);
        double scale = Math.Max(Math.Abs(p), bcMax);
        if (scale == 0) { re1 = re2 = d; im1 = im2 = 0; return; }
        double z = p / scale * p + bcMax / scale * bcMin; // (p² + b·c) / scale
        if (z >= 0)
        {
            double root = p + Math.CopySign(Math.Sqrt(scale) * Math.Sqrt(z), p);
            re1 = d + root;
            re2 = root == 0 ? d : d - bcMax / root * bcMin;
            im1 = im2 = 0;
            return;
        }
        re1 = re2 = d + p;
        im1 = Math.Sqrt(scale) * Math.Sqrt(-z);
        im2 = -im1;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void ThrowNoConvergence(int n, int l, int hi, int its) =>
        throw new ConvergenceException(
            $"Francis QR did not converge: {its} sweeps on the unreduced block rows {l}..{hi} of an {n}×{n} " +
            $"Hessenberg matrix without a deflation (limit {MaxIterationsPerDeflation}); the matrix may hold NaN or be pathologically scaled.");
}
