// Arnoldi against the dense solver: random operators with a separated dominant eigenvalue or
// pair, and the low-rank products J = A·B it is meant for; residual bounds vs explicit residuals.
using System.Numerics;
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class ArnoldiTests
{
    // Tolerance 1e-10 on the residual of a well-conditioned dominant eigenvalue (separated by
    // ≥ 0.3 from the rest, near-normal) bounds its error well below 1e-9.
    const double RhoAgreement = 1e-9;

    static Action<ReadOnlySpan<double>, Span<double>> Dense(double[] a, int n) => (x, y) =>
    {
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a[i * n + j] * x[j];
            y[i] = sum;
        }
    };

    [Fact]
    public void Spectral_radius_agrees_with_dense_on_random_300_with_a_separated_dominant_eigenvalue()
    {
        const int n = 300;
        var a = Gaussian(n, seed: 31, scale: 0.5); // bulk spectrum in the disc of radius ≈ 0.5
        var rank1 = GaussianValues(n, seed: 32);
        double norm2 = rank1.Sum(x => x * x);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] += 1.5 * rank1[i] * rank1[j] / norm2; // adds λ ≈ 1.5
        var result = Arnoldi.TopEigenvalues(Dense(a, n), n);
        double dense = DenseEigen.SpectralRadius(a, n);
        Assert.True(result.Converged, $"not converged after {result.Restarts} restarts");
        Assert.True(Math.Abs(result.SpectralRadius - dense) <= RhoAgreement, $"Arnoldi ρ {result.SpectralRadius:R} vs dense {dense:R}");
        Assert.True(result.Residuals[0] <= 1e-10 * result.SpectralRadius);
        Assert.True(result.DominantResidual <= 1e-9, $"explicit residual {result.DominantResidual:E2}");
    }

    [Fact]
    public void Dominant_complex_pair_of_a_similarity_transform_is_found_with_its_conjugate()
    {
        var blocks = new List<double[]> { RotationScaling(1.2, 0.9) };
        for (int b = 0; b < 20; b++) blocks.Add(RotationScaling(0.3 + 0.03 * b, 0.2 * b));
        for (int b = 0; b < 20; b++) blocks.Add([0.8 - 0.08 * b]);
        var d = BlockDiagonal(blocks.ToArray());
        int n = (int)Math.Sqrt(d.Length);
        var a = Similar(d, n, seed: 77);
        var result = Arnoldi.TopEigenvalues(Dense(a, n), n, new ArnoldiOptions { Wanted = 2 });
        var expected = Complex.FromPolarCoordinates(1.2, 0.9);
        Assert.True(result.Converged);
        Assert.True(Complex.Abs(result.RitzValues[0] - expected) <= 1e-9, $"{result.RitzValues[0]} vs {expected}");
        Assert.True(Complex.Abs(result.RitzValues[1] - Complex.Conjugate(expected)) <= 1e-9, $"{result.RitzValues[1]}");
    }

    [Theory]
    [InlineData(20)]  // rank + 1 ≤ m: the Krylov space becomes invariant, no restart
    [InlineData(90)]  // rank > m: thick restarts needed
    public void Spectral_radius_of_a_low_rank_product_agrees_with_dense(int w)
    {
        const int d = 240;
        var left = GaussianValues(d * w, seed: 50, std: 1 / Math.Sqrt(w));  // [d × w]
        var right = GaussianValues(w * d, seed: 51, std: 1 / Math.Sqrt(d)); // [w × d]
        var product = Multiply(left, right, d, w, d);
        var hidden = new double[w];
        Action<ReadOnlySpan<double>, Span<double>> apply = (x, y) =>
        {
            for (int l = 0; l < w; l++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += right[l * d + j] * x[j];
                hidden[l] = sum;
            }
            for (int i = 0; i < d; i++)
            {
                double sum = 0;
                for (int l = 0; l < w; l++) sum += left[i * w + l] * hidden[l];
                y[i] = sum;
            }
        };
        var result = Arnoldi.TopEigenvalues(apply, d, new ArnoldiOptions { Wanted = 4 });
        var denseTop = DenseEigen.Eigenvalues(product, d).Take(4).ToArray();
        double dense = denseTop[0].Magnitude;
        Assert.True(result.Converged, $"w = {w}: not converged after {result.Restarts} restarts");
        Assert.Equal(w < 39, result.InvariantSubspace);
        Assert.True(Math.Abs(result.SpectralRadius - dense) <= RhoAgreement * dense, $"w = {w}: Arnoldi ρ {result.SpectralRadius:R} vs dense {dense:R}");
        Assert.True(MatchError(denseTop, result.RitzValues) <= 1e-8, "top 4 Ritz values vs dense");
    }

    [Fact]
    public void Residual_bound_matches_the_explicit_residual_of_the_top_ritz_pair()
    {
        const int n = 150;
        var a = Gaussian(n, seed: 60);
        // Stop early (loose tolerance, few restarts) so the residual is far from roundoff.
        var result = Arnoldi.TopEigenvalues(Dense(a, n), n, new ArnoldiOptions { Wanted = 3, KrylovDimension = 12, MaxRestarts = 2 });
        Assert.True(result.Residuals[0] > 1e-8, $"bound {result.Residuals[0]:E2} already at roundoff");
        Assert.Equal(result.DominantResidual, result.Residuals[0], 1e-10 + 1e-6 * result.Residuals[0]);
    }

    [Fact]
    public void Same_seed_gives_the_same_result_and_a_different_seed_the_same_spectrum()
    {
        const int n = 120;
        var a = Gaussian(n, seed: 70);
        var first = Arnoldi.TopEigenvalues(Dense(a, n), n, new ArnoldiOptions { Wanted = 2, Seed = 3 });
        var again = Arnoldi.TopEigenvalues(Dense(a, n), n, new ArnoldiOptions { Wanted = 2, Seed = 3 });
        var other = Arnoldi.TopEigenvalues(Dense(a, n), n, new ArnoldiOptions { Wanted = 2, Seed = 4 });
        Assert.Equal(first.RitzValues, again.RitzValues);
        Assert.Equal(first.MatrixVectorProducts, again.MatrixVectorProducts);
        Assert.True(MatchError(first.RitzValues, other.RitzValues) <= 1e-8);
    }

    [Fact]
    public void Zero_operator_small_orders_and_empty_space_are_handled()
    {
        var zero = Arnoldi.TopEigenvalues((x, y) => y.Clear(), 50);
        Assert.True(zero.Converged && zero.InvariantSubspace);
        Assert.Equal(0, zero.SpectralRadius);
        Assert.Equal(new Complex[] { 0 }, zero.RitzValues);

        var scalar = Arnoldi.TopEigenvalues((x, y) => y[0] = -4 * x[0], 1);
        Assert.Equal(new Complex(-4, 0), Assert.Single(scalar.RitzValues));

        var small = new double[] { 2, 1, 0, 3 }; // eigenvalues 3 and 2, n below the Krylov size
        var two = Arnoldi.TopEigenvalues(Dense(small, 2), 2);
        Assert.True(MatchError([3, 2], two.RitzValues) <= 1e-14);

        var empty = Arnoldi.TopEigenvalues((x, y) => { }, 0);
        Assert.Empty(empty.RitzValues);
        Assert.Equal(0, empty.SpectralRadius);
    }

    [Fact]
    public void Invalid_options_and_non_finite_products_throw_with_the_values()
    {
        var ok = Dense(new double[16], 4);
        Assert.Contains("KrylovDimension = 5: must be at least Wanted + 2 = 8",
            Assert.Throws<ArgumentException>(() => Arnoldi.TopEigenvalues(ok, 4, new ArnoldiOptions { KrylovDimension = 5 })).Message);
        Assert.Contains("Tolerance = 0",
            Assert.Throws<ArgumentException>(() => Arnoldi.TopEigenvalues(ok, 4, new ArnoldiOptions { Tolerance = 0 })).Message);
        Assert.Contains("n = -1", Assert.Throws<ArgumentException>(() => Arnoldi.TopEigenvalues(ok, -1)).Message);
        Assert.Contains("non-finite",
            Assert.Throws<ArgumentException>(() => Arnoldi.TopEigenvalues((x, y) => y.Fill(double.NaN), 4)).Message);
    }
}
