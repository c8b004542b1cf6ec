// Optional native eigenvalues: LAPACK dgeev from the system OpenBLAS, loaded at run time. A
// cross-check and speed reference for DenseEigen, never required: TryCreate returns null when the
// library or symbol is missing. Not thread-safe (OpenBLAS threading is left as configured).
using System.Numerics;
using System.Runtime.InteropServices;

namespace Mnemos.Linalg;

/// <summary>Eigenvalues by LAPACK dgeev (Fortran symbol dgeev_) in libopenblas.</summary>
internal sealed unsafe partial class LapackEigen
{
    static readonly string[] Candidates =
    [
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0",
    ];

    // dgeev_(jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info, len(jobvl), len(jobvr))
    readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, double*, int*, double*, int*, double*, int*, int*, nuint, nuint, void> dgeev;

    LapackEigen(IntPtr dgeev, string path)
    {
        this.dgeev = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, double*, int*, double*, int*, double*, int*, int*, nuint, nuint, void>)dgeev;
        LibraryPath = path;
    }

    /// <summary>The library that was loaded.</summary>
    public string LibraryPath { get; }

    /// <summary>
    /// Loads OpenBLAS (the given path, else the usual Linux names) and finds dgeev_. Sets
    /// OPENBLAS_CORETYPE=SkylakeX in the native environment first when it is unset: OpenBLAS 0.3.21
    /// does not know newer AVX-512 CPUs and must be told before it loads. Null if unavailable.
    /// </summary>
    public static LapackEigen? TryCreate(string? path = null)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetEnv("OPENBLAS_CORETYPE") == IntPtr.Zero) SetEnv("OPENBLAS_CORETYPE", "SkylakeX", 0);
        }
        catch (DllNotFoundException) { return null; }
        catch (EntryPointNotFoundException) { return null; }
        foreach (var candidate in path is null ? Candidates : [path])
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "dgeev_", out var symbol)) return new LapackEigen(symbol, candidate);
            NativeLibrary.Free(handle);
        }
        return null;
    }

    /// <summary>All eigenvalues of a [n × n] row-major (not modified), sorted like <see cref="DenseEigen"/>.</summary>
    /// <exception cref="ConvergenceException">dgeev reported INFO &gt; 0 (QR did not converge).</exception>
    public Complex[] Eigenvalues(ReadOnlySpan<double> a, int n)
    {
        DenseEigen.Validate(a, n);
        if (n == 0) return [];
        // Row-major A read as column-major is Aᵀ, which has the same eigenvalues.
        var copy = a.Slice(0, n * n).ToArray();
        var wr = new double[n];
        var wi = new double[n];
        byte no = (byte)'N';
        int order = n, lda = n, ldv = 1, lwork = -1, info = 0;
        double query = 0, unused = 0;
        fixed (double* pa = copy, pwr = wr, pwi = wi)
        {
            dgeev(&no, &no, &order, pa, &lda, pwr, pwi, &unused, &ldv, &unused, &ldv, &query, &lwork, &info, 1, 1);
            if (info != 0) throw new InvalidOperationException($"dgeev workspace query failed: INFO = {info}");
            lwork = Math.Max(1, (int)query);
            var work = new double[lwork];
            fixed (double* pw = work)
                dgeev(&no, &no, &order, pa, &lda, pwr, pwi, &unused, &ldv, &unused, &ldv, pw, &lwork, &info, 1, 1);
        }
        if (info > 0) throw new ConvergenceException($"LAPACK dgeev did not converge for n = {n}: INFO = {info} eigenvalues failed");
        if (info < 0) throw new InvalidOperationException($"LAPACK dgeev rejected argument {-info} for n = {n}");
        var values = new Complex[n];
        for (int i = 0; i < n; i++) values[i] = new Complex(wr[i], wi[i]);
        DenseEigen.SortByDecreasingModulus(values);
        return values;
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
