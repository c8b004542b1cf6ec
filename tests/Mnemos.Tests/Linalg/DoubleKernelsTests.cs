// The double span kernels of the eigensolvers against plain scalar loops, for every length up to
// 40 so that each vector width and scalar tail is hit.
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class DoubleKernelsTests
{
    const double Tolerance = 1e-14; // FMA vs separate rounding on O(1) sums of ≤ 40 terms

    [Fact]
    public void Kernels_match_scalar_loops_for_lengths_0_to_40()
    {
        for (int length = 0; length <= 40; length++)
        {
            var x = GaussianValues(length, seed: (ulong)(3 * length + 1));
            var y = GaussianValues(length, seed: (ulong)(3 * length + 2));
            var z = GaussianValues(length, seed: (ulong)(3 * length + 3));
            double expectedDot = 0;
            for (int i = 0; i < length; i++) expectedDot += x[i] * y[i];
            Assert.Equal(expectedDot, DoubleKernels.Dot(x, y), Tolerance);

            var axpy = (double[])y.Clone();
            DoubleKernels.Axpy(0.7, x, axpy);
            for (int i = 0; i < length; i++) Assert.Equal(y[i] + 0.7 * x[i], axpy[i], Tolerance);

            var fused = (double[])y.Clone();
            double dot = DoubleKernels.AxpyDot(-1.3, x, fused, z);
            double expectedFusedDot = 0;
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(y[i] - 1.3 * x[i], fused[i], Tolerance);
                expectedFusedDot += fused[i] * z[i];
            }
            Assert.Equal(expectedFusedDot, dot, Tolerance);

            var row = (double[])y.Clone();
            var sums = (double[])z.Clone();
            DoubleKernels.AxpyThenAccumulate(0.4, x, row, -2, sums);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(y[i] + 0.4 * x[i], row[i], Tolerance);
                Assert.Equal(z[i] - 2 * row[i], sums[i], Tolerance);
            }

            double norm = Math.Sqrt(x.Sum(v => v * v));
            Assert.Equal(norm, DoubleKernels.Norm2(x), 1e-15 * Math.Max(1, norm));
        }
    }

    [Fact]
    public void Norm2_neither_overflows_nor_underflows_and_propagates_nan()
    {
        Assert.Equal(5e300, DoubleKernels.Norm2([3e300, 4e300]), 1e286);
        Assert.Equal(5e-300, DoubleKernels.Norm2([3e-300, 4e-300]), 1e-314);
        Assert.True(double.IsNaN(DoubleKernels.Norm2([1, double.NaN])));
        Assert.Equal(0, DoubleKernels.Norm2([]));
    }
}
