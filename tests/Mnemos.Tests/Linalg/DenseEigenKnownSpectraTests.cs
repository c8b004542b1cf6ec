// DenseEigen against matrices whose spectra are known in closed form: diagonal, triangular,
// rotation-scaling blocks, similarity transforms, companion matrices, Jordan blocks, edge orders.
using System.Numerics;
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class DenseEigenKnownSpectraTests
{
    // Backward-stable QR: eigenvalue error ≲ n·eps·‖A‖·cond(λ). The test matrices have cond(λ) ≤ ~16.
    const double WellConditioned = 1e-12;

    [Fact]
    public void Diagonal_matrix_eigenvalues_are_its_diagonal_sorted_by_decreasing_modulus()
    {
        double[] d = [0.5, -3, 2, 0, -0.25, 1];
        var a = new double[36];
        for (int i = 0; i < 6; i++) a[i * 6 + i] = d[i];
        var values = DenseEigen.Eigenvalues(a, 6);
        Assert.Equal(new Complex[] { -3, 2, 1, 0.5, -0.25, 0 }, values);
    }

    [Fact]
    public void Upper_triangular_matrix_eigenvalues_are_its_diagonal()
    {
        const int n = 30;
        var a = Gaussian(n, seed: 11);
        var expected = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) a[i * n + j] = 0;
            a[i * n + i] = 1 + i * 0.1 * (i % 2 == 0 ? 1 : -1);
            expected[i] = a[i * n + i];
        }
        Assert.True(MatchError(expected, DenseEigen.Eigenvalues(a, n)) <= WellConditioned * FrobeniusNorm(a));
    }

    [Fact]
    public void Rotation_scaling_block_has_eigenvalues_r_times_e_to_the_plus_minus_it()
    {
        var values = DenseEigen.Eigenvalues(RotationScaling(1.7, 0.6), 2);
        var expected = Complex.FromPolarCoordinates(1.7, 0.6);
        Assert.True(Complex.Abs(values[0] - expected) <= 1e-15 * 1.7, $"{values[0]} vs {expected}");
        Assert.True(Complex.Abs(values[1] - Complex.Conjugate(expected)) <= 1e-15 * 1.7, $"{values[1]}");
        Assert.Equal(1.7, DenseEigen.SpectralRadius(RotationScaling(1.7, 0.6), 2), 14);
    }

    [Fact]
    public void Similarity_transform_of_blocks_with_complex_pairs_keeps_the_block_spectrum()
    {
        var d = BlockDiagonal(RotationScaling(0.95, 1.1), [0.3], RotationScaling(0.6, 2.5), [-0.8],
            RotationScaling(0.2, 0.3), [0.05], [-0.45], RotationScaling(0.9, 0.01));
        int n = (int)Math.Sqrt(d.Length);
        var expected = DenseEigen.Eigenvalues(d, n); // block diagonal: 2×2 blocks solved in closed form
        Complex[] closedForm =
        [
            Complex.FromPolarCoordinates(0.95, 1.1), Complex.FromPolarCoordinates(0.95, -1.1), 0.3,
            Complex.FromPolarCoordinates(0.6, 2.5), Complex.FromPolarCoordinates(0.6, -2.5), -0.8,
            Complex.FromPolarCoordinates(0.2, 0.3), Complex.FromPolarCoordinates(0.2, -0.3), 0.05, -0.45,
            Complex.FromPolarCoordinates(0.9, 0.01), Complex.FromPolarCoordinates(0.9, -0.01),
        ];
        Assert.True(MatchError(closedForm, expected) <= 1e-15);
        var a = Similar(d, n, seed: 5);
        var values = DenseEigen.Eigenvalues(a, n);
        double error = MatchError(closedForm, values);
        Assert.True(error <= 1e-12, $"worst eigenvalue error {error:E2}");
        Assert.Equal(0.95, DenseEigen.SpectralRadius(a, n), 12);
    }

    [Fact]
    public void Companion_matrix_eigenvalues_are_the_polynomial_roots()
    {
        Complex[] roots = [2, -1.5, 1, 0.5, new(0.3, 0.7), new(0.3, -0.7), new(-0.6, 0.2), new(-0.6, -0.2), -0.1];
        var values = DenseEigen.Eigenvalues(Companion(roots), roots.Length);
        double error = MatchError(roots, values);
        Assert.True(error <= 1e-11, $"worst root error {error:E2}");
        Assert.True(Complex.Abs(values[0] - 2) <= 1e-11, $"largest root {values[0]}");
    }

    [Fact]
    public void Defective_jordan_block_eigenvalues_are_accurate_to_sqrt_eps_and_their_mean_to_eps()
    {
        // A 2×2 Jordan block J = [[λ, 1], [0, λ]] hidden by a similarity: rounding errors of size ε
        // split λ into λ ± O(√ε) (≈1.5e-8), which is the best any backward-stable method can do.
        // The mean of the split pair is well-conditioned and stays within O(ε).
        var d = BlockDiagonal([0.7, 1, 0, 0.7], [0.2], RotationScaling(0.4, 1.0));
        int n = 5;
        var values = DenseEigen.Eigenvalues(Similar(d, n, seed: 9), n);
        var near = values.OrderBy(v => Complex.Abs(v - 0.7)).Take(2).ToArray();
        Assert.All(near, v => Assert.True(Complex.Abs(v - 0.7) <= 1e-6, $"{v} is far from the Jordan eigenvalue 0.7"));
        Assert.True(Complex.Abs((near[0] + near[1]) / 2 - 0.7) <= 1e-13, $"mean {(near[0] + near[1]) / 2}");
    }

    [Fact]
    public void Cyclic_permutation_stalls_plain_shifts_and_converges_to_roots_of_unity()
    {
        // The shifted QR step leaves a cyclic permutation unchanged; only exceptional shifts move it.
        foreach (int n in new[] { 3, 5, 8 })
        {
            var a = new double[n * n];
            for (int i = 0; i < n; i++) a[((i + 1) % n) * n + i] = 1;
            var roots = Enumerable.Range(0, n).Select(k => Complex.FromPolarCoordinates(1, 2 * Math.PI * k / n)).ToArray();
            double error = MatchError(roots, DenseEigen.Eigenvalues(a, n));
            Assert.True(error <= 1e-13, $"n = {n}: worst error {error:E2}");
        }
    }

    [Fact]
    public void Zero_one_by_one_and_empty_matrices_have_the_obvious_spectra()
    {
        Assert.All(DenseEigen.Eigenvalues(new double[49], 7), v => Assert.Equal(Complex.Zero, v));
        Assert.Equal(new Complex[] { -2.5 }, DenseEigen.Eigenvalues([-2.5], 1));
        Assert.Empty(DenseEigen.Eigenvalues([], 0));
        Assert.Equal(0, DenseEigen.SpectralRadius([], 0));
        Assert.Equal(0, DenseEigen.SpectralRadius(new double[16], 4));
        var pair = DenseEigen.Dominant([3.0], 1);
        Assert.Equal(new Complex(3, 0), pair.Value);
        Assert.Equal(new Complex(1, 0), pair.Vector[0]);
        Assert.Equal(0, pair.Residual);
    }

    [Fact]
    public void Two_by_two_block_with_a_huge_off_diagonal_ratio_keeps_absolute_accuracy()
    {
        // [[1, 1e8], [1e-8·(1 − 1e-9), 1]] has eigenvalues 1 ± √(1 − 1e-9) ≈ 2 − 5e-10 and 5e-10.
        double c = 1e-8 * (1 - 1e-9);
        var values = DenseEigen.Eigenvalues([1, 1e8, c, 1], 2);
        double root = Math.Sqrt(1e8 * c);
        Assert.Equal(1 + root, values[0].Real, 14);
        Assert.True(Math.Abs(values[1].Real - (1 - root)) <= 1e-15, $"{values[1].Real:R} vs {1 - root:R}");
    }

    [Fact]
    public void Qr_that_cannot_deflate_throws_a_convergence_exception_naming_the_block()
    {
        // NaN never compares as negligible, so no subdiagonal deflates; the guard must stop it.
        const int n = 4;
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = Math.Max(0, i - 1); j < n; j++) h[i * n + j] = 1;
        h[1 * n + 2] = double.NaN;
        var error = Assert.Throws<ConvergenceException>(() => HessenbergQr.Eigenvalues(h, n, n, new double[n], new double[n]));
        Assert.Contains($"{HessenbergQr.MaxIterationsPerDeflation} sweeps on the unreduced block rows 0..3 of an 4×4", error.Message);
    }

    [Fact]
    public void Input_matrix_is_not_modified()
    {
        var a = Gaussian(20, seed: 3);
        var copy = (double[])a.Clone();
        DenseEigen.Eigenvalues(a, 20);
        DenseEigen.Analyze(a, 20);
        Assert.Equal(copy, a);
    }

    [Fact]
    public void Invalid_arguments_throw_with_the_offending_values()
    {
        var wrongLength = Assert.Throws<ArgumentException>(() => DenseEigen.Eigenvalues(new double[8], 3));
        Assert.Contains("needs n·n = 9", wrongLength.Message);
        var a = new double[9];
        a[5] = double.NaN;
        var nan = Assert.Throws<ArgumentException>(() => DenseEigen.Eigenvalues(a, 3));
        Assert.Contains("a[1, 2] = NaN", nan.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseEigen.Eigenvalues([], -1));
        var lambda = Assert.Throws<ArgumentException>(() => DenseEigen.EigenvectorFor(new double[4], 2, new Complex(double.PositiveInfinity, 0)));
        Assert.Contains("must be finite", lambda.Message);
    }
}
