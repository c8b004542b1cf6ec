// Managed GEMM backend: public surface, argument checks and the trivial cases. The blocked driver,
// packing, micro-kernels and the deterministic worker threads live in the ManagedGemm.*.cs partials.
namespace Mnemos.Kernels;

/// <summary>
/// Cache-blocked, packed, SIMD single-precision GEMM in managed code. Every element of C is computed
/// by exactly one thread with a summation order that depends only on k and the micro-kernel, so
/// results are bit-identical for any thread count. Create one instance and reuse it: it owns
/// threads − 1 helper threads. Concurrent calls on one instance are safe and run one after another.
/// </summary>
internal sealed unsafe partial class ManagedGemm : IGemm, IDisposable
{
    readonly MicroKernel kernel;
    readonly GemmWorkers? workers;

    /// <summary>Creates the backend with one thread per processor (<see cref="Environment.ProcessorCount"/>).</summary>
    public ManagedGemm()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Creates the backend with the best micro-kernel this CPU supports.</summary>
    /// <param name="threads">Threads per multiply (the calling thread plus threads − 1 workers).</param>
    /// <exception cref="ArgumentOutOfRangeException">threads is less than 1 or more than <see cref="MaxThreads"/>.</exception>
    public ManagedGemm(int threads)
        : this(threads, MicroKernel.Best)
    {
    }

    internal ManagedGemm(int threads, MicroKernel kernel)
    {
        if (threads < 1 || threads > MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads {threads}: must be at least 1 and at most {MaxThreads}");
        if (!kernel.IsSupported)
            throw new PlatformNotSupportedException($"micro-kernel {kernel.Name} is not supported on this CPU");
        Threads = threads;
        this.kernel = kernel;
        workers = threads > 1 ? new GemmWorkers(threads - 1) : null;
    }

    ~ManagedGemm() => workers?.Dispose();

    /// <summary>Largest accepted thread count.</summary>
    public const int MaxThreads = 4096;

    public GemmBackend Backend => GemmBackend.Managed;

    public string Name => "managed";

    /// <summary>Threads used for one multiply.</summary>
    public int Threads { get; }

    /// <summary>Name of the micro-kernel in use, e.g. <c>vector512-12x32</c>.</summary>
    public string KernelName => kernel.Name;

    /// <inheritdoc />
    /// <remarks>When alpha is 0, A and B are not read (as in BLAS); with beta 0 as well, C becomes 0.</remarks>
    /// <exception cref="ArgumentException">A size, leading dimension or span length is inconsistent.</exception>
    public void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        if (GemmArguments.ValidateAndHandleTrivial(transA, transB, m, n, k, alpha, a.Length, lda, b.Length, ldb, beta, c, ldc))
            return;

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new GemmJob
            {
                A = pa, Lda = lda, TransA = transA == Transpose.Yes,
                B = pb, Ldb = ldb, TransB = transB == Transpose.Yes,
                C = pc, Ldc = ldc,
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                Driver = kernel.Driver,
            };
            Partition(ref job, Threads, kernel);
            if (job.Parts == 1 || workers is null)
                job.RunPart(0);
            else
                workers.Run(ref job);
        }
    }

    /// <summary>Stops the worker threads; later multiplies fall back to the calling thread only.</summary>
    public void Dispose()
    {
        workers?.Dispose();
        GC.SuppressFinalize(this);
    }
}
