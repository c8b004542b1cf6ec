// The one place that makes a GEMM backend: by enum, by name (also the value of MNEMOS_GEMM, which
// only the command line reads), and which ones this machine has. Kernels and layers receive an IGemm.
using System.Runtime.ExceptionServices;
using Mnemos.Kernels.Reference;

namespace Mnemos.Kernels;

/// <summary>The GEMM implementations Mnemos can run on.</summary>
public enum GemmBackend
{
    /// <summary>Blocked, packed, multi-threaded SIMD kernel in managed code (<see cref="ManagedGemm"/>).</summary>
    Managed,

    /// <summary>OpenBLAS <c>cblas_sgemm</c>, loaded at run time (<see cref="OpenBlasGemm"/>).</summary>
    OpenBlas,

    /// <summary>Naive triple loop with double accumulation (<see cref="ReferenceGemm"/>); slow.</summary>
    Reference,
}

/// <summary>Creates GEMM backends: <c>managed</c> (default), <c>openblas</c> (only when asked), <c>reference</c>.</summary>
internal static class GemmBackends
{
    /// <summary>Environment variable naming the backend; unset or empty means <c>managed</c>.</summary>
    public const string EnvironmentVariable = "MNEMOS_GEMM";

    /// <summary>Every backend, available on this machine or not.</summary>
    public static IReadOnlyList<GemmBackend> All { get; } = [GemmBackend.Managed, GemmBackend.OpenBlas, GemmBackend.Reference];

    /// <summary>Backends that can be created here: openblas only when its library loads.</summary>
    public static IReadOnlyList<GemmBackend> Available =>
        OpenBlasGemm.TryCreate(1, out _) is null ? [GemmBackend.Managed, GemmBackend.Reference] : All;

    /// <summary>The lower-case name used by <c>MNEMOS_GEMM</c> and <see cref="IGemm.Name"/>.</summary>
    public static string Name(GemmBackend backend) => backend switch
    {
        GemmBackend.Managed => "managed",
        GemmBackend.OpenBlas => "openblas",
        GemmBackend.Reference => "reference",
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, $"backend {backend}: not a GemmBackend value"),
    };

    /// <summary>Parses <c>managed</c>, <c>openblas</c> or <c>reference</c> (case-insensitive, surrounding blanks ignored).</summary>
    /// <exception cref="ArgumentException">The name is not one of those; the message shows it.</exception>
    public static GemmBackend Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parse(name, $"GEMM backend '{name}'", nameof(name));
    }


    /// <summary>
    /// Creates <paramref name="backend"/> using <paramref name="threads"/> threads (reference is
    /// single-threaded). A managed backend owns helper threads: create it once and reuse it.
    /// </summary>
    /// <exception cref="ArgumentException">OpenBLAS was requested but cannot be loaded; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException">threads is less than 1, or backend is not a defined value.</exception>
    public static IGemm Create(GemmBackend backend, int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads {threads}: must be at least 1");
        switch (backend)
        {
            case GemmBackend.Managed:
                return new ManagedGemm(threads);
            case GemmBackend.Reference:
                return ReferenceGemm.Instance;
            case GemmBackend.OpenBlas:
                return OpenBlasGemm.TryCreate(threads, out string reason)
                    ?? throw new ArgumentException($"GEMM backend 'openblas' is not available: {reason}", nameof(backend));
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, $"backend {backend}: not a GemmBackend value");
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(i, gemm) for every i in [0, <paramref name="count"/>) on up to
    /// <paramref name="threads"/> workers, each with its own single-threaded GEMM of
    /// <paramref name="backend"/> (a managed GEMM is not shared between threads). The first failure
    /// is rethrown as itself, as if the loop had run serially.
    /// </summary>
    public static void ParallelFor(int count, int threads, GemmBackend backend, Action<int, IGemm> body, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            Parallel.For(0, count,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(threads, count)), CancellationToken = cancellation },
                () => Create(backend, 1),
                (i, _, gemm) =>
                {
                    body(i, gemm);
                    return gemm;
                },
                gemm => gemm.Dispose());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }


    /// <summary>
    /// The backend a value of <c>MNEMOS_GEMM</c> names, or null when it is unset or blank. The
    /// library never reads the environment: the command line does, once, and passes the backend in.
    /// </summary>
    /// <exception cref="ArgumentException">The value names an unknown backend; the message shows it.</exception>
    public static GemmBackend? FromVariable(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : Parse(value, $"{EnvironmentVariable}={value}", EnvironmentVariable);

    static GemmBackend Parse(string name, string subject, string paramName)
    {
        foreach (var backend in All)
        {
            if (string.Equals(name.Trim(), Name(backend), StringComparison.OrdinalIgnoreCase))
                return backend;
        }
        throw new ArgumentException(
            $"{subject}: unknown backend; expected one of {string.Join(", ", All.Select(Name))}", paramName);
    }
}
