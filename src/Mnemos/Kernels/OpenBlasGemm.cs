// OpenBLAS backend: cblas_sgemm from libopenblas.so.0 loaded at run time (optional; absent → not
// available). Not the place that picks a backend: that is GemmBackends.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Mnemos.Kernels;

/// <summary>Single-precision GEMM through OpenBLAS <c>cblas_sgemm</c>.</summary>
/// <remarks>
/// OpenBLAS keeps one process-wide thread count, so calls are serialised and the count is set to this
/// instance's value before each call that needs a different one.
/// </remarks>
internal sealed unsafe class OpenBlasGemm : IGemm
{
    /// <summary>Library names tried in order: the loader's choice, then the pthread build of Debian/Ubuntu.</summary>
    public static IReadOnlyList<string> LibraryCandidates { get; } =
        ["libopenblas.so.0", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"];

    const string InstallHint = "install it with: apt-get install libopenblas0-pthread";

    const int CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112;

    static readonly object gate = new();
    static bool attempted;
    static string? loadFailure;
    static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    static delegate* unmanaged<int, void> setNumThreads;
    static int currentThreads;
    static string coreName = "";

    OpenBlasGemm(int threads) => Threads = threads;

    public GemmBackend Backend => GemmBackend.OpenBlas;

    /// <summary>Nothing to release: the library stays loaded for the process.</summary>
    public void Dispose() { }

    public string Name => "openblas";

    /// <summary>OpenBLAS threads used for one multiply.</summary>
    public int Threads { get; }

    /// <summary>The CPU kernel set OpenBLAS chose (<c>openblas_get_corename</c>), e.g. <c>SkylakeX</c>.</summary>
    public static string CoreName => coreName;

    /// <summary>Loads OpenBLAS once per process; returns null and says why when it cannot be used.</summary>
    /// <exception cref="ArgumentOutOfRangeException">threads is less than 1.</exception>
    public static OpenBlasGemm? TryCreate(int threads, out string reason)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads {threads}: must be at least 1");
        lock (gate)
        {
            if (!attempted)
            {
                loadFailure = Load();
                attempted = true;
            }
        }
        reason = loadFailure ?? "";
        return loadFailure is null ? new OpenBlasGemm(threads) : null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A size, leading dimension or span length is inconsistent.</exception>
    public void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        if (GemmArguments.ValidateAndHandleTrivial(transA, transB, m, n, k, alpha, a.Length, lda, b.Length, ldb, beta, c, ldc))
            return;
        int ta = transA == Transpose.Yes ? CblasTrans : CblasNoTrans;
        int tb = transB == Transpose.Yes ? CblasTrans : CblasNoTrans;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            lock (gate)
            {
                if (currentThreads != Threads && setNumThreads != null)
                {
                    setNumThreads(Threads);
                    currentThreads = Threads;
                }
                sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        }
    }

    /// <summary>Environment variable OpenBLAS reads once, when it loads, to pick its CPU kernels.</summary>
    public const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    // Returns null on success, else the reason OpenBLAS cannot be used.
    static string? Load()
    {
        // OpenBLAS 0.3.21 does not know recent AVX-512 CPUs (AMD Zen 4/5) and falls back to Haswell or
        // a generic core; it reads OPENBLAS_CORETYPE from the native environment when it loads. A value
        // already set (natively or through Environment.SetEnvironmentVariable) is kept.
        string? coreType = Environment.GetEnvironmentVariable(CoreTypeVariable);
        if (coreType is not null)
            SetNativeEnvironment(CoreTypeVariable, coreType, overwrite: true);
        else if (Avx512F.IsSupported)
            SetNativeEnvironment(CoreTypeVariable, "SkylakeX", overwrite: false);

        nint handle = 0;
        string? loaded = null;
        foreach (string candidate in LibraryCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, out handle))
            {
                loaded = candidate;
                break;
            }
        }
        if (loaded is null)
            return $"none of {string.Join(", ", LibraryCandidates)} could be loaded; {InstallHint}";
        if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemmAddress))
            return $"{loaded} has no cblas_sgemm export; {InstallHint}";
        sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemmAddress;
        if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint threadsAddress))
            setNumThreads = (delegate* unmanaged<int, void>)threadsAddress;
        if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint coreAddress))
            coreName = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)coreAddress)()) ?? "";
        return null;
    }

    // Environment.SetEnvironmentVariable only changes the managed copy on Unix; native code reads libc's
    // environ, so call setenv. Not on Windows, where the managed call already reaches the process block.
    static void SetNativeEnvironment(string name, string value, bool overwrite)
    {
        if (OperatingSystem.IsWindows() || !NativeLibrary.TryLoad(OperatingSystem.IsLinux() ? "libc.so.6" : "libc", out nint libc))
            return;
        if (!NativeLibrary.TryGetExport(libc, "setenv", out nint address))
            return;
        var setenv = (delegate* unmanaged<byte*, byte*, int, int>)address;
        fixed (byte* pn = System.Text.Encoding.UTF8.GetBytes(name + "\0"))
        fixed (byte* pv = System.Text.Encoding.UTF8.GetBytes(value + "\0"))
            setenv(pn, pv, overwrite ? 1 : 0);
    }
}
