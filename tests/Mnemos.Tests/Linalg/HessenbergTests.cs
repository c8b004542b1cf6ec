// Householder Hessenberg reduction and balancing: the fused kernel against its naive twin, and
// the similarity H = Qᵀ·A·Q checked by rebuilding Q from the stored reflectors.
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class HessenbergTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(64)]
    public void Fused_reduction_matches_the_naive_twin(int n)
    {
        var a = Gaussian(n, seed: (ulong)(100 + n));
        var fast = (double[])a.Clone();
        var naive = (double[])a.Clone();
        var tauFast = new double[n];
        var tauNaive = new double[n];
        Hessenberg.Reduce(fast, n, tauFast);
        HessenbergReference.Reduce(naive, n, tauNaive);
        double limit = 1e-13 * Math.Max(1, FrobeniusNorm(a));
        for (int i = 0; i < n * n; i++)
            Assert.True(Math.Abs(fast[i] - naive[i]) <= limit, $"n = {n}: entry ({i / n}, {i % n}) fused {fast[i]:R} vs naive {naive[i]:R}");
        for (int k = 0; k < n; k++) Assert.True(Math.Abs(tauFast[k] - tauNaive[k]) <= 1e-13, $"tau[{k}]");
    }

    [Fact]
    public void Reduction_is_an_orthogonal_similarity_to_an_upper_hessenberg_matrix()
    {
        const int n = 41;
        var a = Gaussian(n, seed: 41);
        var reduced = (double[])a.Clone();
        var tau = new double[n];
        Hessenberg.Reduce(reduced, n, tau);
        // Column j of Q is Q·e_j; store Q row-major.
        var q = new double[n * n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            Hessenberg.ApplyQ(reduced, n, tau, e);
            for (int i = 0; i < n; i++) q[i * n + j] = e[i];
        }
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = Math.Max(0, i - 1); j < n; j++) h[i * n + j] = reduced[i * n + j];
        var qt = Transpose(q, n);
        var qtq = Multiply(qt, q, n);
        var qhqt = Multiply(Multiply(q, h, n), qt, n);
        for (int i = 0; i < n * n; i++)
        {
            Assert.True(Math.Abs(qtq[i] - (i / n == i % n ? 1 : 0)) <= 1e-14 * n, $"QᵀQ[{i / n}, {i % n}] = {qtq[i]:R}");
            Assert.True(Math.Abs(qhqt[i] - a[i]) <= 1e-14 * n, $"(QHQᵀ − A)[{i / n}, {i % n}] = {qhqt[i] - a[i]:E2}");
        }
    }

    [Fact]
    public void Balancing_is_an_exact_diagonal_similarity_by_powers_of_two_that_shrinks_a_graded_matrix()
    {
        const int n = 12;
        var g = Gaussian(n, seed: 12);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = g[i * n + j] * Math.Pow(10, i - j);
        var balanced = (double[])a.Clone();
        var scale = new double[n];
        Balance.Apply(balanced, n, scale);
        foreach (double s in scale) Assert.Equal(0, Math.Abs(Math.Log2(s)) % 1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(a[i * n + j] * scale[j] / scale[i], balanced[i * n + j]); // exact: powers of 2
        Assert.True(FrobeniusNorm(balanced) < 1e-6 * FrobeniusNorm(a), $"‖balanced‖ = {FrobeniusNorm(balanced):E2}, ‖A‖ = {FrobeniusNorm(a):E2}");
    }

    static double[] Transpose(double[] a, int n)
    {
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
        return t;
    }
}
