// The command line's one reading of MNEMOS_GEMM: which GEMM backend every command (and the library
// calls it makes) runs on. Unset or blank means the managed kernel.
using Mnemos.Kernels;

namespace Mnemos.Cli;

/// <summary>The GEMM backend of this process, from <c>MNEMOS_GEMM</c>.</summary>
internal static class GemmChoice
{
    /// <summary>Environment variable naming the backend: managed (default), openblas or reference.</summary>
    public const string EnvironmentVariable = "MNEMOS_GEMM";

    /// <summary>The backend <c>MNEMOS_GEMM</c> names, managed when unset.</summary>
    /// <exception cref="ArgumentException">The variable names an unknown backend; the message shows it.</exception>
    public static GemmBackend Backend() =>
        GemmBackends.FromVariable(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? GemmBackend.Managed;

    /// <summary>A GEMM of <see cref="Backend"/> on <paramref name="threads"/> threads; the caller disposes it.</summary>
    public static IGemm Create(int threads) => GemmBackends.Create(Backend(), threads);
}
