// The packed double GEMM against its naive twin over awkward shapes: every row tail of the 6-row
// micro-kernel, column tails of the vector panels, k across the 128-deep blocks, and empty sizes.
using Mnemos.Linalg;
using Mnemos.Linalg.Reference;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class DoubleGemmTests
{
    // Both sum k products of O(1) Gaussians in a different order (and with FMA): the difference is a
    // few ulps of Σ|aᵢₚ||bₚⱼ| ≈ k.
    const double UlpsOfAbsoluteSum = 8 * 2.220446049250313e-16;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 5, 3, 7 }, { 6, 8, 8 }, { 7, 9, 17 }, { 13, 1, 9 },
        { 12, 128, 16 }, { 11, 129, 23 }, { 25, 300, 31 }, { 64, 257, 64 }, { 3, 784, 5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Packed_product_matches_the_triple_loop(int m, int k, int n)
    {
        var a = GaussianValues(m * k, seed: (ulong)(m * 1000 + k));
        var b = GaussianValues(k * n, seed: (ulong)(n * 1000 + k + 1));
        var expected = new double[m * n];
        ReferenceDoubleGemm.Multiply(a, b, m, k, n, expected);
        var actual = new double[m * n];
        actual.AsSpan().Fill(double.NaN); // c is overwritten, never read
        DoubleGemm.Multiply(a, b, m, k, n, actual);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double scale = 0;
                for (int p = 0; p < k; p++) scale += Math.Abs(a[i * k + p] * b[p * n + j]);
                double error = Math.Abs(actual[i * n + j] - expected[i * n + j]);
                Assert.True(error <= UlpsOfAbsoluteSum * scale, $"c[{i}, {j}] = {actual[i * n + j]}, naive {expected[i * n + j]} ({m}×{k}·{k}×{n})");
            }
    }

    [Fact]
    public void Empty_inner_size_gives_zeros()
    {
        var c = new double[6];
        c.AsSpan().Fill(double.NaN);
        DoubleGemm.Multiply([], [], 2, 0, 3, c);
        Assert.All(c, v => Assert.Equal(0, v));
    }
}
