// Shared pieces of the GEMM tests: the backend variants under test, seeded operands with padded
// leading dimensions, and the error bound every backend must meet against ReferenceGemm.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Kernels;

/// <summary>Named GEMM variants, created once per test run and shared (every backend is thread-safe).</summary>
internal static class GemmVariants
{
    static readonly Dictionary<string, IGemm> cache = [];

    /// <summary>Managed variants this CPU runs: the best kernel at 1 and 2 threads, each other kernel at 1.</summary>
    public static IEnumerable<string> Managed()
    {
        yield return "managed/1";
        yield return "managed/2";
        foreach (var kernel in ManagedGemm.MicroKernel.All)
        {
            if (kernel != ManagedGemm.MicroKernel.Best && kernel.IsSupported)
                yield return $"managed:{kernel.Name}/1";
        }
    }

    public static IEnumerable<string> OpenBlas() => ["openblas/1", "openblas/2"];

    /// <summary>Creates (or reuses) a variant named <c>backend[:kernel]/threads</c>.</summary>
    public static IGemm Get(string id)
    {
        lock (cache)
        {
            if (!cache.TryGetValue(id, out var gemm))
                cache[id] = gemm = Create(id);
            return gemm;
        }
    }

    static IGemm Create(string id)
    {
        string[] nameThreads = id.Split('/');
        string[] backendKernel = nameThreads[0].Split(':');
        int threads = int.Parse(nameThreads[1]);
        if (backendKernel.Length == 2)
            return new ManagedGemm(threads, ManagedGemm.MicroKernel.All.Single(kernel => kernel.Name == backendKernel[1]));
        return GemmBackends.Create(GemmBackends.Parse(backendKernel[0]), threads);
    }
}

/// <summary>A theory that is reported as skipped, with the reason, when OpenBLAS cannot be loaded.</summary>
internal sealed class OpenBlasTheoryAttribute : TheoryAttribute
{
    public OpenBlasTheoryAttribute()
    {
        if (OpenBlasGemm.TryCreate(1, out string reason) is null)
            Skip = $"OpenBLAS not available: {reason}";
    }
}

/// <summary>One multiply with seeded operands stored with padded leading dimensions.</summary>
internal sealed class GemmProblem
{
    // Written into C's padding (elements between rows); a backend must never touch it.
    public const float PadSentinel = 12345.5f;

    public required Transpose TransA, TransB;
    public required int M, N, K, Lda, Ldb, Ldc;
    public required float Alpha, Beta;
    public required float[] A, B, C;

    /// <summary>
    /// op(A) m×k, op(B) k×n, C m×n, each stored with <paramref name="pad"/> extra elements per row and
    /// exactly as many elements as BLAS requires. C is NaN when beta is 0 (it must be ignored).
    /// </summary>
    public static GemmProblem Create(string trans, int m, int n, int k, float alpha, float beta, int pad, ulong seed)
    {
        // Shared by every variant that runs the same case, so the slow reference runs once per case.
        var key = (trans, m, n, k, alpha, beta, pad, seed);
        lock (cache)
        {
            if (!cache.TryGetValue(key, out var problem))
                cache[key] = problem = Generate(trans, m, n, k, alpha, beta, pad, seed);
            return problem;
        }
    }

    static readonly Dictionary<(string, int, int, int, float, float, int, ulong), GemmProblem> cache = [];

    static GemmProblem Generate(string trans, int m, int n, int k, float alpha, float beta, int pad, ulong seed)
    {
        var rng = new Rng(seed);
        bool ta = trans[0] == 'T', tb = trans[1] == 'T';
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        var problem = new GemmProblem
        {
            TransA = ta ? Transpose.Yes : Transpose.No, TransB = tb ? Transpose.Yes : Transpose.No,
            M = m, N = n, K = k, Lda = Math.Max(1, lda), Ldb = Math.Max(1, ldb), Ldc = Math.Max(1, ldc),
            Alpha = alpha, Beta = beta,
            A = Stored(aRows, aCols, Math.Max(1, lda)), B = Stored(bRows, bCols, Math.Max(1, ldb)), C = Stored(m, n, Math.Max(1, ldc)),
        };
        rng.FillUniform(problem.A, -1, 1);
        rng.FillUniform(problem.B, -1, 1);
        rng.FillUniform(problem.C, -1, 1);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < problem.Ldc; j++)
            {
                int index = i * problem.Ldc + j;
                if (index < problem.C.Length)
                    problem.C[index] = j >= n ? PadSentinel : beta == 0 ? float.NaN : problem.C[index];
            }
        }
        return problem;
    }

    static float[] Stored(int rows, int cols, int ld) => new float[rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols];

    /// <summary>Runs <paramref name="gemm"/> on a copy of C and returns the result.</summary>
    public float[] Run(IGemm gemm)
    {
        var c = (float[])C.Clone();
        gemm.Multiply(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>ReferenceGemm's result, computed once.</summary>
    public float[] Expected => expected ??= Run(ReferenceGemm.Instance);

    float[]? expected;

    /// <summary>The exact-arithmetic bound |alpha|·(|op(A)|·|op(B)|) + |beta|·|C|, per element m×n, in double.</summary>
    public double[] Magnitude => magnitude ??= ComputeMagnitude();

    double[]? magnitude;

    double[] ComputeMagnitude()
    {
        var bound = new double[M * N];
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double sum = 0;
                for (int p = 0; p < K; p++)
                    sum += Math.Abs((double)OpA(i, p) * OpB(p, j));
                double old = Beta == 0 ? 0 : Math.Abs((double)Beta * C[i * Ldc + j]);
                bound[i * N + j] = Math.Abs(Alpha) * sum + old;
            }
        }
        return bound;
    }

    public float OpA(int i, int p) => TransA == Transpose.Yes ? A[p * Lda + i] : A[i * Lda + p];

    public float OpB(int p, int j) => TransB == Transpose.Yes ? B[j * Ldb + p] : B[p * Ldb + j];

    public override string ToString() =>
        $"{(TransA == Transpose.Yes ? 'T' : 'N')}{(TransB == Transpose.Yes ? 'T' : 'N')} m={M} n={N} k={K} " +
        $"alpha={Alpha} beta={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";
}

internal static class GemmAssert
{
    // Float32 accumulation over k terms (fma chains, plus the alpha and beta steps) errs by at most
    // about (k + 2)·2⁻²⁴ of the magnitude bound; 2⁻²³ per term leaves a factor-of-2 margin.
    public static double Tolerance(int k) => (k + 3) * Math.ScaleB(1.0, -23);

    /// <summary>Asserts <paramref name="actual"/> is within the k·eps bound of <paramref name="expected"/>
    /// and that C's padding still holds the sentinel.</summary>
    public static void Close(GemmProblem problem, float[] actual, string label)
    {
        float[] expected = problem.Expected;
        double[] magnitude = problem.Magnitude;
        double tolerance = Tolerance(problem.K);
        for (int i = 0; i < problem.M; i++)
        {
            for (int j = 0; j < problem.Ldc; j++)
            {
                int index = i * problem.Ldc + j;
                if (index >= actual.Length)
                    break;
                if (j >= problem.N)
                {
                    if (actual[index] != GemmProblem.PadSentinel)
                        Assert.Fail($"{label} {problem}: wrote {actual[index]} into C padding at row {i}, column {j}");
                    continue;
                }
                double allowed = tolerance * magnitude[i * problem.N + j];
                double error = Math.Abs((double)actual[index] - expected[index]);
                if (!(error <= allowed))
                    Assert.Fail($"{label} {problem}: C[{i},{j}] = {actual[index]:R}, reference {expected[index]:R}, " +
                        $"|error| {error:G3} > allowed {allowed:G3}");
            }
        }
    }
}
