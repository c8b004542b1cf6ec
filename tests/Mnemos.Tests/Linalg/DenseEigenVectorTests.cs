// Eigenvectors by inverse iteration: unit norm, fixed phase, and residual ‖A·v − λ·v‖ recomputed
// here independently; a wrong λ must show up as a large residual.
using System.Numerics;
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class DenseEigenVectorTests
{
    // Backward-stable pair: ‖A·v − λ·v‖ ≲ n·eps·‖A‖.
    const double ResidualTolerance = 1e-13;

    [Theory]
    [InlineData(60, 1UL)]
    [InlineData(120, 2UL)]
    [InlineData(97, 3UL)]
    public void Dominant_pair_of_a_random_matrix_has_a_tiny_residual(int n, ulong seed)
    {
        var a = Gaussian(n, seed);
        var spectrum = DenseEigen.Analyze(a, n);
        var pair = spectrum.Dominant;
        Assert.Equal(spectrum.Eigenvalues[0], pair.Value);
        Assert.Equal(Complex.Abs(pair.Value), spectrum.SpectralRadius);
        AssertUnitWithRealLargestComponent(pair.Vector);
        double residual = IndependentResidual(a, n, pair.Value, pair.Vector);
        Assert.True(residual <= ResidualTolerance * n * FrobeniusNorm(a), $"n = {n}: residual {residual:E2}");
        Assert.Equal(residual, pair.Residual, 1e-15 + 1e-6 * residual);
        Assert.Equal(pair.Residual / FrobeniusNorm(a), pair.RelativeResidual, 1e-18);
    }

    [Fact]
    public void Complex_dominant_pair_of_a_similarity_transform_has_a_tiny_residual()
    {
        var d = BlockDiagonal([0.5], RotationScaling(1.3, 0.8), [-0.9], RotationScaling(0.7, 2.0));
        const int n = 6;
        var a = Similar(d, n, seed: 21);
        var pair = DenseEigen.Dominant(a, n);
        Assert.True(Complex.Abs(pair.Value - Complex.FromPolarCoordinates(1.3, 0.8)) <= 1e-13, $"{pair.Value}");
        AssertUnitWithRealLargestComponent(pair.Vector);
        Assert.True(IndependentResidual(a, n, pair.Value, pair.Vector) <= ResidualTolerance * n);
    }

    [Fact]
    public void Defective_eigenvalue_still_gets_a_backward_stable_residual()
    {
        // Regression: with a 3×3 Jordan block the computed λ is off by ≈ ε^(1/3); iterating inverse
        // iteration to convergence gave the exact eigenvector, whose residual is that error (1e-6).
        // The first iterate is the backward-stable pair and must be the one kept.
        var jordan = new double[] { 0.9, 1, 0, 0, 0.9, 1, 0, 0, 0.9 };
        var d = BlockDiagonal(jordan, [0.3], RotationScaling(0.5, 1.2), [-0.6], [0.1]);
        const int n = 8;
        var a = Similar(d, n, seed: 13);
        var pair = DenseEigen.Dominant(a, n);
        Assert.True(Complex.Abs(pair.Value - 0.9) <= 1e-4, $"{pair.Value}");
        double residual = IndependentResidual(a, n, pair.Value, pair.Vector);
        Assert.True(residual <= ResidualTolerance * n * FrobeniusNorm(a), $"residual {residual:E2}");
    }

    [Fact]
    public void Eigenvector_for_each_eigenvalue_of_a_diagonal_matrix_is_a_unit_basis_vector()
    {
        double[] diag = [3, -2, 0.5, 1];
        var a = new double[16];
        for (int i = 0; i < 4; i++) a[i * 4 + i] = diag[i];
        var pairs = DenseEigen.EigenvectorsFor(a, 4, diag.Select(x => new Complex(x, 0)).ToArray());
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) Assert.Equal(i == j ? 1 : 0, pairs[i].Vector[j].Magnitude, 14);
            Assert.True(pairs[i].Residual <= 1e-14, $"residual {pairs[i].Residual:E2}");
        }
    }

    [Fact]
    public void A_value_that_is_not_an_eigenvalue_reports_a_large_residual()
    {
        var a = BlockDiagonal([2.0], [1.0], [-1.0]);
        var pair = DenseEigen.EigenvectorFor(a, 3, 0.5);
        Assert.True(pair.Residual >= 0.4, $"residual {pair.Residual} for λ = 0.5, which is 0.5 away from the spectrum");
    }

    static void AssertUnitWithRealLargestComponent(Complex[] v)
    {
        Assert.Equal(1, Math.Sqrt(v.Sum(x => x.Magnitude * x.Magnitude)), 13);
        var top = v.MaxBy(x => x.Magnitude);
        Assert.Equal(0, top.Imaginary);
        Assert.True(top.Real > 0);
    }

    static double IndependentResidual(double[] a, int n, Complex lambda, Complex[] v)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            Complex r = -lambda * v[i];
            for (int j = 0; j < n; j++) r += a[i * n + j] * v[j];
            sum += r.Magnitude * r.Magnitude;
        }
        return Math.Sqrt(sum);
    }
}
