// Restarted GMRES against dense LU on random non-symmetric systems (restarts forced by a short
// cycle), a zero right-hand side, and the product count on the identity.
using Mnemos.Linalg;
using Mnemos.Tensors;

namespace Mnemos.Tests.Linalg;

public class GmresTests
{
    // A = n·I + R with R uniform on [−1, 1]: non-symmetric, eigenvalues within about √n of n, well conditioned.
    static double[] Matrix(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++) a[i] = 2 * rng.NextDouble() - 1;
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        return a;
    }

    static Action<ReadOnlySpan<double>, Span<double>> Product(double[] a, int n) => (v, y) =>
    {
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a[i * n + j] * v[j];
            y[i] = sum;
        }
    };

    [Theory]
    [InlineData(1, 50, 1UL)]
    [InlineData(7, 50, 2UL)]
    [InlineData(40, 5, 3UL)]
    [InlineData(40, 50, 4UL)]
    public void Solution_matches_dense_LU(int n, int restart, ulong seed)
    {
        var a = Matrix(n, seed);
        var rng = new Rng(seed + 100);
        var b = Enumerable.Range(0, n).Select(_ => rng.Gaussian()).ToArray();
        var x = new double[n];
        var result = Gmres.Solve(Product(a, n), b, x, tolerance: 1e-12, restart: restart, maxProducts: 2000);
        var expected = (double[])b.Clone();
        Assert.True(LuSolver.TrySolve((double[])a.Clone(), n, expected));
        Assert.True(result.RelativeResidual <= 1e-12, $"relative residual {result.RelativeResidual} after {result.Products} products");
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-10);
    }

    [Fact]
    public void Zero_right_hand_side_gives_zero_without_products()
    {
        var x = new double[] { 5, 5, 5 };
        var result = Gmres.Solve((v, y) => throw new InvalidOperationException("no product expected"), new double[3], x);
        Assert.Equal(new double[3], x);
        Assert.Equal(0, result.Products);
    }

    [Fact]
    public void Identity_is_solved_by_one_Krylov_step()
    {
        var b = new double[] { 1, -2, 3, 0.5 };
        var x = new double[4];
        var result = Gmres.Solve((v, y) => v.CopyTo(y), b, x);
        for (int i = 0; i < b.Length; i++) Assert.Equal(b[i], x[i], 1e-14);
        // One product for the initial residual, one Krylov step, one for the final residual check.
        Assert.Equal(3, result.Products);
    }
}
