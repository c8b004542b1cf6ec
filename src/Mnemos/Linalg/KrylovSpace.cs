// The Krylov basis and projected matrix behind Arnoldi: expansion with classical Gram–Schmidt
// applied twice (CGS2), thick restart onto a subspace of the projected matrix, and the explicit
// residual of a Ritz pair. Holds (m+1) basis vectors of length n; no eigenvalue logic.
using System.Diagnostics;
using System.Numerics;

namespace Mnemos.Linalg;

sealed class KrylovSpace
{
    // A new vector whose norm after orthogonalisation is below this fraction of the largest
    // ‖A·v‖ seen lies in the span of the basis: the Krylov space is invariant.
    const double BreakdownRatio = 1e-12;
    const int RestartChunk = 512;        // columns of V transformed at a time in Restart

    readonly Action<ReadOnlySpan<double>, Span<double>> apply;
    readonly int n, m;
    readonly double[] v;   // [(m+1) × n]: basis vector j in row j
    readonly double[] g;   // [(m+1) × m]: A·V_m = V_{m+1}·g (rows beyond Size+1 unused)
    readonly double[] w;   // [n]
    readonly double[] dots; // [m+1]: Gram–Schmidt coefficients of the current column
    readonly double[] passBuffer; // [m+1]: the same for one pass
    int valid;             // columns of g already built; the basis holds valid + 1 vectors
    double normScale;      // largest ‖A·v‖ seen: the yardstick for breakdown

    public KrylovSpace(Action<ReadOnlySpan<double>, Span<double>> apply, int n, int m)
    {
        this.apply = apply;
        this.n = n;
        this.m = m;
        v = new double[(m + 1) * n];
        g = new double[(m + 1) * m];
        w = new double[n];
        dots = new double[m + 1];
        passBuffer = new double[m + 1];
    }

    /// <summary>Basis size after the last <see cref="Extend"/>.</summary>
    public int Size { get; private set; }

    public int Products { get; private set; }

    /// <summary>g[Size, Size−1]: the coupling of the basis to the next Krylov direction.</summary>
    public double LastSubdiagonal => g[Size * m + Size - 1];

    Span<double> Row(int j) => v.AsSpan(j * n, n);

    public void Start(ReadOnlySpan<double> x)
    {
        x.CopyTo(Row(0));
        double norm = DoubleKernels.Norm2(Row(0));
        for (int i = 0; i < n; i++) v[i] /= norm;
        Array.Clear(g);
        valid = 0;
    }

    /// <summary>Grows the basis to m vectors; true if it became invariant (breakdown) first.</summary>
    public bool Extend()
    {
        for (int j = valid; j < m; j++)
        {
            apply(Row(j), w);
            Products++;
            double before = DoubleKernels.Norm2(w);
            if (!double.IsFinite(before))
                throw new ArgumentException($"apply returned a non-finite vector (‖A·v‖ = {before}) for basis vector {j}", "apply");
            normScale = Math.Max(normScale, before);
            Array.Clear(dots);
            Span<double> passDots = passBuffer.AsSpan(0, j + 1);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i <= j; i++) passDots[i] = DoubleKernels.Dot(Row(i), w);
                for (int i = 0; i <= j; i++)
                {
                    DoubleKernels.Axpy(-passDots[i], Row(i), w);
                    dots[i] += passDots[i];
                }
            }
            double h = DoubleKernels.Norm2(w);
            for (int i = 0; i <= j; i++) g[i * m + j] = dots[i];
            g[(j + 1) * m + j] = h;
            valid = j + 1;
            if (h <= BreakdownRatio * normScale)
            {
                Size = j + 1;
                return true;
            }
            var next = Row(j + 1);
            double inv = 1 / h;
            for (int i = 0; i < n; i++) next[i] = w[i] * inv;
        }
        Size = m;
        return false;
    }

    /// <summary>The square projected matrix g[0..Size, 0..Size] (copy, row-major).</summary>
    public double[] ProjectedMatrix()
    {
        var square = new double[Size * Size];
        for (int i = 0; i < Size; i++) g.AsSpan(i * m, Size).CopyTo(square.AsSpan(i * Size));
        return square;
    }

    /// <summary>
    /// Keeps span(V·S) for orthonormal columns s[c] [Size] spanning an invariant subspace of the
    /// projected matrix gm: V ← [V·S, v_Size], g ← [Sᵀ·gm·S; g[Size, Size−1]·S[Size−1, :]].
    /// </summary>
    public void Restart(double[] gm, double[][] s)
    {
        int size = Size, p = s.Length;
        Debug.Assert(p < size && p <= m - 1);
        double last = LastSubdiagonal;

        // New basis in place, RestartChunk columns at a time: rows 0..p−1 ← Sᵀ·V, row p ← row size.
        var chunk = new double[p * RestartChunk];
        for (int c0 = 0; c0 < n; c0 += RestartChunk)
        {
            int width = Math.Min(RestartChunk, n - c0);
            Array.Clear(chunk);
            for (int c = 0; c < p; c++)
            {
                var target = chunk.AsSpan(c * RestartChunk, width);
                for (int j = 0; j < size; j++) DoubleKernels.Axpy(s[c][j], v.AsSpan(j * n + c0, width), target);
            }
            for (int c = 0; c < p; c++) chunk.AsSpan(c * RestartChunk, width).CopyTo(v.AsSpan(c * n + c0, width));
        }
        Row(size).CopyTo(Row(p));

        // gs = gm·S [size × p], then t = Sᵀ·gs [p × p].
        var gs = new double[size * p];
        for (int j = 0; j < size; j++)
            for (int c = 0; c < p; c++) gs[j * p + c] = DoubleKernels.Dot(gm.AsSpan(j * size, size), s[c]);
        Array.Clear(g);
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++)
            {
                double sum = 0;
                for (int j = 0; j < size; j++) sum += s[r][j] * gs[j * p + c];
                g[r * m + c] = sum;
            }
        for (int c = 0; c < p; c++) g[p * m + c] = last * s[c][size - 1];
        valid = p;
    }

    /// <summary>‖A·x − θ·x‖₂ for the unit vector x = V·y / ‖V·y‖, by two products with A.</summary>
    public double ExplicitResidual(Complex theta, Complex[] y)
    {
        var xr = new double[n];
        var xi = new double[n];
        for (int j = 0; j < Size; j++)
        {
            DoubleKernels.Axpy(y[j].Real, Row(j), xr);
            DoubleKernels.Axpy(y[j].Imaginary, Row(j), xi);
        }
        double norm = Hessenberg.Hypot(DoubleKernels.Norm2(xr), DoubleKernels.Norm2(xi));
        if (norm == 0) return 0;
        var ar = new double[n];
        var ai = new double[n];
        apply(xr, ar);
        apply(xi, ai);
        Products += 2;
        var r = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            r[i] = ar[i] - (theta.Real * xr[i] - theta.Imaginary * xi[i]);
            r[n + i] = ai[i] - (theta.Real * xi[i] + theta.Imaginary * xr[i]);
        }
        return DoubleKernels.Norm2(r) / norm;
    }
}
