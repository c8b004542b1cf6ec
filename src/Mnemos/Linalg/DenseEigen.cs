// Eigenvalues and eigenvectors of a dense real n×n matrix (row-major double), for certifying
// fixed points by the spectral radius of their Jacobian. Pipeline: balance (powers of 2) →
// Householder Hessenberg → Francis double-shift QR; eigenvectors by inverse iteration on the
// Hessenberg form, mapped back and checked against the original matrix. Single-threaded.
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Mnemos.Linalg;

/// <summary>Dense non-symmetric eigensolver (eigenvalues sorted by decreasing modulus).</summary>
internal static class DenseEigen
{
    /// <summary>
    /// All n eigenvalues of a [n × n] row-major, by decreasing |λ| (ties: larger real part, then
    /// larger imaginary part first, so a conjugate pair lists +i first). a is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">a is not n×n or holds NaN/∞.</exception>
    /// <exception cref="ConvergenceException">the QR iteration exceeded its iteration limit.</exception>
    public static Complex[] Eigenvalues(ReadOnlySpan<double> a, int n)
    {
        Validate(a, n);
        var values = new Complex[n];
        Eigenvalues(a, n, values);
        return values;
    }

    /// <summary>Eigenvalues into <paramref name="destination"/> [n]; returns the QR sweep count.</summary>
    public static int Eigenvalues(ReadOnlySpan<double> a, int n, Span<Complex> destination)
    {
        Validate(a, n);
        if (destination.Length < n) throw new ArgumentException($"destination has {destination.Length} slots, needs n = {n}", nameof(destination));
        double[] work = ArrayPool<double>.Shared.Rent(Math.Max(1, n * n));
        try
        {
            a.Slice(0, n * n).CopyTo(work);
            var scale = new double[n];
            var tau = new double[n];
            Balance.Apply(work, n, scale);
            Hessenberg.Reduce(work, n, tau);
            return QrEigenvalues(work, n, destination);
        }
        finally { ArrayPool<double>.Shared.Return(work); }
    }

    /// <summary>ρ(A) = max |λ| over the eigenvalues of a [n × n] (0 for n = 0).</summary>
    public static double SpectralRadius(ReadOnlySpan<double> a, int n)
    {
        var values = Eigenvalues(a, n);
        return n == 0 ? 0 : Complex.Abs(values[0]);
    }

    /// <summary>All eigenvalues plus the unit eigenvector and residual of the first (largest |λ|).</summary>
    public static Spectrum Analyze(ReadOnlySpan<double> a, int n)
    {
        Validate(a, n);
        if (n == 0) return new Spectrum([], new EigenPair(0, [], 0, 0), 0);
        var form = new HessenbergForm(a, n);
        var values = new Complex[n];
        int sweeps = QrEigenvalues(form.Reduced, n, values);
        return new Spectrum(values, form.PairFor(a, values[0]), sweeps);
    }

    /// <summary>The eigenpair of largest |λ| (the +i member of a conjugate pair).</summary>
    public static EigenPair Dominant(ReadOnlySpan<double> a, int n) => Analyze(a, n).Dominant;

    /// <summary>
    /// Unit eigenvector for a given eigenvalue <paramref name="lambda"/> by inverse iteration,
    /// with the residual ‖A·v − λ·v‖₂. If lambda is not (close to) an eigenvalue the residual shows it.
    /// </summary>
    public static EigenPair EigenvectorFor(ReadOnlySpan<double> a, int n, Complex lambda) => EigenvectorsFor(a, n, [lambda])[0];

    /// <summary>Eigenpairs for several eigenvalues, sharing one Hessenberg reduction.</summary>
    public static EigenPair[] EigenvectorsFor(ReadOnlySpan<double> a, int n, ReadOnlySpan<Complex> lambdas)
    {
        Validate(a, n);
        foreach (var lambda in lambdas)
            if (!double.IsFinite(lambda.Real) || !double.IsFinite(lambda.Imaginary))
                throw new ArgumentException($"lambda = {lambda}: must be finite", nameof(lambdas));
        var pairs = new EigenPair[lambdas.Length];
        if (n == 0)
        {
            for (int i = 0; i < pairs.Length; i++) pairs[i] = new EigenPair(lambdas[i], [], 0, 0);
            return pairs;
        }
        var form = new HessenbergForm(a, n);
        for (int i = 0; i < pairs.Length; i++) pairs[i] = form.PairFor(a, lambdas[i]);
        return pairs;
    }

    /// <summary>All eigenvalues (sorted) and the pairs for the given ones, sharing one reduction.</summary>
    internal static (Complex[] Values, EigenPair[] Pairs) EigenvaluesAndPairs(ReadOnlySpan<double> a, int n, Func<Complex[], Complex[]> choose)
    {
        var (values, pairs, _) = Chosen(a, n, choose, left: false);
        return (values, pairs);
    }

    /// <summary>As <see cref="EigenvaluesAndPairs"/>, plus a unit left eigenvector w (wᵀA = λwᵀ) for each chosen λ.</summary>
    internal static (Complex[] Values, EigenPair[] Pairs, Complex[][] Left) EigenvaluesAndBothVectors(ReadOnlySpan<double> a, int n, Func<Complex[], Complex[]> choose) =>
        Chosen(a, n, choose, left: true);

    static (Complex[] Values, EigenPair[] Pairs, Complex[][] Left) Chosen(ReadOnlySpan<double> a, int n, Func<Complex[], Complex[]> choose, bool left)
    {
        Validate(a, n);
        var form = new HessenbergForm(a, n);
        var values = new Complex[n];
        QrEigenvalues(form.Reduced, n, values);
        var wanted = choose(values);
        var pairs = new EigenPair[wanted.Length];
        var lefts = new Complex[left ? wanted.Length : 0][];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = form.PairFor(a, wanted[i]);
            if (left) lefts[i] = form.LeftVectorFor(wanted[i]);
        }
        return (values, pairs, lefts);
    }

    /// <summary>‖A·v − λ·v‖₂ for a [n × n] row-major and a complex vector v [n].</summary>
    public static double Residual(ReadOnlySpan<double> a, int n, Complex lambda, ReadOnlySpan<Complex> v)
    {
        if (n < 0) ThrowOrder(n);
        if ((long)n * n > a.Length) ThrowSize(a.Length, n);
        if (v.Length != n) throw new ArgumentException($"v has {v.Length} entries, needs n = {n}", nameof(v));
        var vr = new double[n];
        var vi = new double[n];
        for (int i = 0; i < n; i++) { vr[i] = v[i].Real; vi[i] = v[i].Imaginary; }
        var r = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            var row = a.Slice(i * n, n);
            r[i] = DoubleKernels.Dot(row, vr) - (lambda.Real * vr[i] - lambda.Imaginary * vi[i]);
            r[n + i] = DoubleKernels.Dot(row, vi) - (lambda.Real * vi[i] + lambda.Imaginary * vr[i]);
        }
        return DoubleKernels.Norm2(r);
    }

    // QR on a padded copy of the Hessenberg part of reduced [n × n] (left untouched).
    static int QrEigenvalues(ReadOnlySpan<double> reduced, int n, Span<Complex> destination)
    {
        int ld = HessenbergQr.PaddedStride(n);
        double[] h = ArrayPool<double>.Shared.Rent(Math.Max(1, n * ld));
        try
        {
            for (int i = 0; i < n; i++)
            {
                var row = h.AsSpan(i * ld, ld);
                int j0 = Math.Max(0, i - 1);
                row.Slice(0, j0).Clear();
                reduced.Slice(i * n + j0, n - j0).CopyTo(row.Slice(j0));
            }
            var re = new double[n];
            var im = new double[n];
            int sweeps = HessenbergQr.Eigenvalues(h, n, ld, re, im);
            for (int i = 0; i < n; i++) destination[i] = new Complex(re[i], im[i]);
            SortByDecreasingModulus(destination.Slice(0, n));
            return sweeps;
        }
        finally { ArrayPool<double>.Shared.Return(h); }
    }

    /// <summary>Sorts by |λ| descending, then real part, then imaginary part, both descending.</summary>
    public static void SortByDecreasingModulus(Span<Complex> values) => values.Sort(static (x, y) =>
    {
        int c = Complex.Abs(y).CompareTo(Complex.Abs(x));
        if (c != 0) return c;
        c = y.Real.CompareTo(x.Real);
        return c != 0 ? c : y.Imaginary.CompareTo(x.Imaginary);
    });

    internal static void Validate(ReadOnlySpan<double> a, int n)
    {
        if (n < 0) ThrowOrder(n);
        if ((long)n * n > a.Length) ThrowSize(a.Length, n);
        var values = a.Slice(0, n * n);
        for (int k = 0; k < values.Length; k++)
            if (!double.IsFinite(values[k])) ThrowNonFinite(values[k], k / n, k % n);
    }

    [DoesNotReturn]
    static void ThrowOrder(int n) => throw new ArgumentOutOfRangeException(nameof(n), n, $"n = {n}: must be at least 0");

    [DoesNotReturn]
    static void ThrowSize(int length, int n) =>
        throw new ArgumentException($"a has {length} values, needs n·n = {(long)n * n} for n = {n}", "a");

    [DoesNotReturn]
    static void ThrowNonFinite(double value, int row, int column) =>
        throw new ArgumentException($"a[{row}, {column}] = {value}: the matrix must be finite", "a");
}
