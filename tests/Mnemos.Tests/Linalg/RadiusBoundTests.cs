// The error bound on ρ against exactly known spectra: M = S·T·S⁻¹ with T block upper triangular
// and S unit lower triangular with integer entries, all numbers dyadic, so M is formed exactly in
// double and its eigenvalues are T's (diagonal entries, or a ± ib of 2×2 rotation blocks).
using Mnemos.Linalg;

namespace Mnemos.Tests.Linalg;

public class RadiusBoundTests
{
    const double Gap = 1.0 / (1 << 30); // ≈ 9.3e-10: the distance between the two top moduli

    [Theory]
    [InlineData(4.0)]   // κ ≈ coupling/gap ≈ 4e9: non-normal, nearly equal real top eigenvalues
    [InlineData(0.0)]   // the same moduli, uncoupled (normal top block): κ near 1
    public void Bound_covers_the_error_for_nearly_equal_real_top_eigenvalues(double coupling)
    {
        const int n = 7;
        var t = new double[n * n];
        double[] diagonal = [15.0 / 16, 15.0 / 16 + Gap, 0.5, -0.375, 0.25, 0.125, -0.0625];
        for (int i = 0; i < n; i++) t[i * n + i] = diagonal[i];
        FillUpper(t, n, skipFirstPair: true);
        t[0 * n + 1] = coupling;
        double rho = 15.0 / 16 + Gap;

        var bounded = RadiusBound.Estimate(Similar(t, n), n);

        double error = Math.Abs(bounded.SpectralRadius - rho);
        Assert.True(error <= bounded.Error, $"|ρ̂ − ρ| = {error:E3} above the bound {bounded.Error:E3} (κ {bounded.Condition:E2})");
        Assert.True(bounded.Error < 1e-4, $"bound {bounded.Error:E3}: too loose to certify anything");
        Assert.True(bounded.Examined >= 2, $"examined {bounded.Examined}: the runner-up could reach ρ and must be examined");
    }

    [Fact]
    public void Bound_covers_the_error_for_a_coupled_complex_top_pair()
    {
        const int n = 6;
        var t = new double[n * n];
        // Rotation blocks a ± ib: moduli √(0.8125) and √(0.5625 + (0.5 − gap)²), a hair apart.
        SetRotation(t, n, 0, 0.75, 0.5);
        SetRotation(t, n, 2, 0.75, 0.5 - Gap);
        t[4 * n + 4] = 0.25;
        t[5 * n + 5] = -0.5;
        FillUpper(t, n, skipFirstPair: false);
        for (int i = 0; i < 2; i++)
            for (int j = 2; j < 4; j++) t[i * n + j] = 3; // non-normal coupling of the two pairs
        double rho = Math.Sqrt(0.8125);

        var bounded = RadiusBound.Estimate(Similar(t, n), n);

        double error = Math.Abs(bounded.SpectralRadius - rho);
        Assert.True(bounded.Eigenvalues[0].Imaginary != 0, $"top eigenvalue {bounded.Eigenvalues[0]}: expected a complex pair");
        Assert.True(error <= bounded.Error + 2.3e-16, $"|ρ̂ − ρ| = {error:E3} above the bound {bounded.Error:E3} (κ {bounded.Condition:E2})");
        Assert.True(bounded.Error < 1e-4, $"bound {bounded.Error:E3}: too loose");
    }

    [Fact]
    public void A_symmetric_matrix_has_condition_one_and_a_roundoff_bound()
    {
        const int n = 12;
        var g = EigenTestMatrices.GaussianValues(n * n, seed: 9);
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i * n + j] = g[i * n + j] + g[j * n + i];

        var bounded = RadiusBound.Estimate(m, n);

        Assert.Equal(1, bounded.Condition, 1e-9);
        Assert.True(bounded.Error < 1e-13 * bounded.SpectralRadius, $"bound {bounded.Error:E3} at ρ {bounded.SpectralRadius}");
    }

    [Fact]
    public void A_jordan_block_has_a_large_bound()
    {
        // λ = 1/2 with multiplicity 4 in one Jordan block: computed eigenvalues scatter by ε^(1/4) ≈ 1e-4.
        const int n = 4;
        var t = new double[n * n];
        for (int i = 0; i < n; i++) t[i * n + i] = 0.5;
        for (int i = 0; i + 1 < n; i++) t[i * n + i + 1] = 1;

        var bounded = RadiusBound.Estimate(Similar(t, n), n);

        Assert.True(Math.Abs(bounded.SpectralRadius - 0.5) <= bounded.Error, $"ρ̂ = {bounded.SpectralRadius:R}, bound {bounded.Error:E3}");
        Assert.True(bounded.Error > 1e-8, $"bound {bounded.Error:E3}: a defective eigenvalue cannot be known to roundoff");
    }

    [Fact]
    public void Left_vectors_solve_the_transposed_problem()
    {
        const int n = 20;
        var a = EigenTestMatrices.GaussianValues(n * n, seed: 21);
        var (values, pairs, left) = DenseEigen.EigenvaluesAndBothVectors(a, n, all => all.Take(6).ToArray());
        double norm = Math.Sqrt(a.Sum(v => v * v));
        for (int k = 0; k < pairs.Length; k++)
        {
            var w = left[k];
            double residual = 0;
            for (int j = 0; j < n; j++) // (wᵀA − λwᵀ)_j
            {
                System.Numerics.Complex sum = -values[k] * w[j];
                for (int i = 0; i < n; i++) sum += w[i] * a[i * n + j];
                residual += sum.Magnitude * sum.Magnitude;
            }
            Assert.True(Math.Sqrt(residual) < 1e-12 * norm, $"λ = {values[k]}: ‖wᵀA − λwᵀ‖ = {Math.Sqrt(residual):E2}");
            Assert.Equal(1, Math.Sqrt(w.Sum(x => x.Magnitude * x.Magnitude)), 1e-12);
        }
    }

    // Dyadic entries k/8, k ∈ [−8, 8], above the diagonal (rows ≥ 2 when the top pair is kept apart).
    static void FillUpper(double[] t, int n, bool skipFirstPair)
    {
        var g = EigenTestMatrices.GaussianValues(n * n, seed: 3);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (skipFirstPair && i == 0 && j == 1) continue;
                if (t[i * n + j] != 0 || (j == i + 1 && t[j * n + i] != 0)) continue; // keep rotation blocks
                t[i * n + j] = Math.Round(Math.Clamp(g[i * n + j], -1, 1) * 8) / 8;
            }
    }

    static void SetRotation(double[] t, int n, int at, double a, double b)
    {
        t[at * n + at] = a;
        t[at * n + at + 1] = -b;
        t[(at + 1) * n + at] = b;
        t[(at + 1) * n + at + 1] = a;
    }

    // S·T·S⁻¹ with S = I + L, L strictly lower with entries in {−1, 0, 1}: S⁻¹ is integer too and
    // every product and sum stays exact in double (small integers times dyadics of ≤ 31 bits).
    static double[] Similar(double[] t, int n)
    {
        var s = new double[n * n];
        var g = EigenTestMatrices.GaussianValues(n * n, seed: 4);
        for (int i = 0; i < n; i++)
        {
            s[i * n + i] = 1;
            for (int j = 0; j < i; j++) s[i * n + j] = Math.Sign(Math.Round(g[i * n + j]));
        }
        var inverse = new double[n * n]; // forward substitution, column by column
        for (int c = 0; c < n; c++)
            for (int i = 0; i < n; i++)
            {
                double v = i == c ? 1 : 0;
                for (int j = 0; j < i; j++) v -= s[i * n + j] * inverse[j * n + c];
                inverse[i * n + c] = v;
            }
        return SquareMatrices.Multiply(SquareMatrices.Multiply(s, t, n), inverse, n);
    }
}
