// A quadratic norm ‖s‖_P = √(sᵀPs) in which a square matrix M with ρ(M) < 1 contracts: P solves the
// discrete Lyapunov (Stein) equation MᵀPM − P = −I, summed by Smith's doubling. Any symmetric
// positive definite P serves, so a truncated sum loses tightness, never validity: the contraction
// factor ‖M‖_P is bounded afterwards from above, by traces of powers, not estimated from below.
// Dense n×n in double; n is the hidden width (≤ a few hundred), so O(n³) per call is cheap.
namespace Mnemos.Linalg;

/// <summary>P, its Cholesky factor P = L·Lᵀ and L⁻¹, all row-major [n × n].</summary>
sealed class LyapunovNorm
{
    LyapunovNorm(int n, double[] p, double[] lower, double[] lowerInverse)
    {
        Size = n;
        P = p;
        Lower = lower;
        LowerInverse = lowerInverse;
    }

    public int Size { get; }
    public double[] P { get; }

    /// <summary>L with P = L·Lᵀ (lower triangular): ‖s‖_P = ‖Lᵀs‖₂.</summary>
    public double[] Lower { get; }

    /// <summary>L⁻¹: the dual norm of a row c is ‖c‖_{P⁻¹} = ‖L⁻¹cᵀ‖₂ = max over ‖s‖_P ≤ 1 of |c·s|.</summary>
    public double[] LowerInverse { get; }

    /// <summary>Doublings of Smith's sum: 2^40 terms cover ρ(M) up to 1 − 1e−10.</summary>
    const int MaxDoublings = 40;

    /// <summary>
    /// P = Σ_{k≥0} (Mᵀ/γ)ᵏ(M/γ)ᵏ for <paramref name="m"/> [n × n] and γ = <paramref name="scale"/>
    /// (then ‖M‖_P &lt; γ when ρ(M) &lt; γ): P₀ = I, A₀ = M/γ; P ← P + AᵀPA, A ← A² until ‖A‖_F &lt; 1e−14
    /// (the tail adds less than that relative to I). Null when P is not finite or not positive
    /// definite: ρ(M) ≥ γ, or transients of ‖Mᵏ‖ beyond double range (strongly non-normal M).
    /// </summary>
    public static LyapunovNorm? For(double[] m, int n, double scale = 1)
    {
        var p = SquareMatrices.Identity(n);
        var a = m.Select(v => v / scale).ToArray();
        var t = new double[n * n];
        var at = new double[n * n];
        for (int j = 0; j < MaxDoublings; j++)
        {
            Transpose(a, n, at);
            DoubleGemm.Multiply(p, a, n, n, n, t);      // t = P·A
            var next = new double[n * n];
            DoubleGemm.Multiply(at, t, n, n, n, next);  // AᵀPA
            for (int i = 0; i < p.Length; i++) p[i] += next[i];
            DoubleGemm.Multiply(a, a, n, n, n, t);
            (a, t) = (t, a);
            double frobenius = Math.Sqrt(a.Sum(v => v * v));
            if (!double.IsFinite(frobenius) || frobenius > 1e150) return null;
            if (frobenius < 1e-14) break;
        }
        for (int r = 0; r < n; r++) // symmetrize: rounding leaves P a few ulps from symmetric
            for (int c = r + 1; c < n; c++)
                p[r * n + c] = p[c * n + r] = (p[r * n + c] + p[c * n + r]) / 2;
        var lower = Cholesky(p, n);
        return lower is null ? null : new LyapunovNorm(n, p, lower, InvertLower(lower, n));
    }

    /// <summary>
    /// An upper bound on ‖M‖_P = ‖Lᵀ M L⁻ᵀ‖₂ for <paramref name="m"/> [n × n]. The spectral norm of X is
    /// √λ_max(XᵀX), bounded by <see cref="LargestEigenvalueBound"/>.
    /// </summary>
    public double OperatorNormBound(double[] m)
    {
        int n = Size;
        var lt = new double[n * n];
        Transpose(Lower, n, lt);
        var lit = new double[n * n];
        Transpose(LowerInverse, n, lit);
        var t = new double[n * n];
        DoubleGemm.Multiply(lt, m, n, n, n, t);
        var x = new double[n * n];
        DoubleGemm.Multiply(t, lit, n, n, n, x);
        return Math.Sqrt(LargestEigenvalueBound(Gram(x, n, n), n));
    }

    /// <summary>XᵀX [cols × cols] for x [rows × cols].</summary>
    public static double[] Gram(double[] x, int rows, int cols)
    {
        var xt = new double[cols * rows];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) xt[c * rows + r] = x[r * cols + c];
        var g = new double[cols * cols];
        DoubleGemm.Multiply(xt, x, cols, rows, cols, g);
        return g;
    }

    /// <summary>Squarings in the trace bound: λ_max ≤ (tr S^64)^(1/64), within n^(1/64) (1.09 at n = 256) of λ_max.</summary>
    const int Squarings = 6;

    /// <summary>Relative allowance for rounding in the squarings (each product is accurate to ~n·2⁻⁵³ relative).</summary>
    const double RoundingAllowance = 1e-9;

    /// <summary>
    /// An upper bound on the largest eigenvalue of a symmetric positive semidefinite
    /// <paramref name="s"/> [n × n]: λ_max^k ≤ Σλᵢ^k = tr Sᵏ for k = 2^6, each square normalized by its
    /// trace to stay finite. NaN in S gives NaN.
    /// </summary>
    public static double LargestEigenvalueBound(double[] s, int n)
    {
        double logScale = 0; // S^(2^j) = current · e^logScale
        var current = (double[])s.Clone();
        var next = new double[n * n];
        for (int j = 0; j < Squarings; j++)
        {
            double trace = Trace(current, n);
            if (!(trace > 0)) return double.IsNaN(trace) ? double.NaN : 0;
            for (int i = 0; i < current.Length; i++) current[i] /= trace;
            logScale += Math.Log(trace);
            DoubleGemm.Multiply(current, current, n, n, n, next);
            (current, next) = (next, current);
            logScale *= 2;
        }
        double last = Trace(current, n);
        if (!(last > 0)) return double.IsNaN(last) ? double.NaN : 0;
        return Math.Exp((logScale + Math.Log(last)) / (1 << Squarings)) * (1 + RoundingAllowance);
    }

    static double Trace(double[] s, int n)
    {
        double t = 0;
        for (int i = 0; i < n; i++) t += s[i * n + i];
        return t;
    }

    static void Transpose(double[] a, int n, double[] result)
    {
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) result[c * n + r] = a[r * n + c];
    }

    // Lower L with P = L·Lᵀ, or null when a pivot is not positive.
    static double[]? Cholesky(double[] p, int n)
    {
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double diagonal = p[j * n + j] - DoubleKernels.Dot(l.AsSpan(j * n, j), l.AsSpan(j * n, j));
            if (!(diagonal > 0)) return null;
            double root = Math.Sqrt(diagonal);
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++)
                l[i * n + j] = (p[i * n + j] - DoubleKernels.Dot(l.AsSpan(i * n, j), l.AsSpan(j * n, j))) / root;
        }
        return l;
    }

    // L⁻¹ by forward substitution, column by column of the identity.
    static double[] InvertLower(double[] l, int n)
    {
        var inverse = new double[n * n];
        for (int c = 0; c < n; c++)
            for (int i = c; i < n; i++)
            {
                double sum = i == c ? 1 : 0;
                for (int k = c; k < i; k++) sum -= l[i * n + k] * inverse[k * n + c];
                inverse[i * n + c] = sum / l[i * n + i];
            }
        return inverse;
    }
}
