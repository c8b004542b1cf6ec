// The optional LAPACK dgeev path: loads where OpenBLAS is installed, agrees with DenseEigen, and
// reports absence as null rather than an exception.
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class LapackEigenTests
{
    const string DebianOpenBlas = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0";

    [Fact]
    public void Lapack_dgeev_agrees_with_dense_eigen_where_openblas_is_installed()
    {
        var lapack = LapackEigen.TryCreate();
        if (lapack is null)
        {
            Assert.False(File.Exists(DebianOpenBlas), $"{DebianOpenBlas} exists but dgeev_ could not be loaded");
            return;
        }
        foreach (int n in new[] { 1, 7, 150 })
        {
            var a = Gaussian(n, seed: (ulong)(900 + n));
            var expected = lapack.Eigenvalues(a, n);
            double error = MatchError(expected, DenseEigen.Eigenvalues(a, n));
            Assert.True(error <= 1e-12 * Math.Max(1, FrobeniusNorm(a)), $"n = {n}: worst difference {error:E2}");
        }
        Assert.Empty(lapack.Eigenvalues([], 0));
    }

    [Fact]
    public void Missing_library_gives_null()
    {
        Assert.Null(LapackEigen.TryCreate("/nonexistent/libopenblas.so.0"));
    }
}
