// The verdict with an error bar: attractor only if ρ + error < 1 − margin, not an attractor only if
// ρ − error > 1 + margin, undecided whenever the interval meets the band; and a network whose
// defective top eigenvalue leaves its certificate undecided.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Linalg;

namespace Mnemos.Tests.Dynamics;

public class CertificateVerdictTests
{
    [Theory]
    [InlineData(0.99, 0.0085, Verdict.Attractor)]     // 0.9985 < 0.999
    [InlineData(0.99, 0.0095, Verdict.Undecided)]     // 0.9995 reaches the band
    [InlineData(1.01, 0.0085, Verdict.NotAttractor)]  // 1.0015 > 1.001
    [InlineData(1.01, 0.0095, Verdict.Undecided)]     // 1.0005 reaches the band
    [InlineData(0.5, double.PositiveInfinity, Verdict.Undecided)]
    [InlineData(0.5, double.NaN, Verdict.Undecided)]
    [InlineData(double.NaN, 0, Verdict.Undecided)]
    public void Verdict_is_undecided_when_the_interval_meets_the_band(double rho, double error, Verdict expected) =>
        Assert.Equal(expected, Certificate.Judge(rho, error, margin: 1e-3));

    [Fact]
    public void A_defective_top_eigenvalue_near_the_band_is_undecided()
    {
        // f(x) = W·x with W = S·J·S⁻¹, J one 6×6 Jordan block at λ = 1 − 2⁻⁹ ≈ 0.99805 (ρ = λ exactly:
        // an attractor by 9.5e-4 beyond the margin). Computed eigenvalues scatter by ≈ ε^(1/6) ≈ 2.5e-3,
        // so no double computation can place ρ on one side of the band; the bound must say so.
        const int d = 6;
        const double lambda = 1 - 1.0 / 512;
        var j = new double[d * d];
        for (int i = 0; i < d; i++) j[i * d + i] = lambda;
        for (int i = 0; i + 1 < d; i++) j[i * d + i + 1] = 1;
        var s = new double[d * d];
        var inverse = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            s[i * d + i] = inverse[i * d + i] = 1;
            if (i > 0) { s[i * d + i - 1] = 1; }
        }
        for (int c = 0; c < d; c++) // S⁻¹ of the unit lower bidiagonal S: (−1)^(i−c) below the diagonal
            for (int i = c + 1; i < d; i++) inverse[i * d + c] = (i - c) % 2 == 0 ? 1 : -1;
        var w = SquareMatrices.Multiply(SquareMatrices.Multiply(s, j, d), inverse, d);
        var weights = Array.ConvertAll(w, v => (float)v);
        Assert.Equal(w, Array.ConvertAll(weights, v => (double)v)); // the construction is exact in float

        var certificate = Certifier.FixedPoint(KnownMaps.Affine(weights, new float[d]), new ManagedGemm(1), new float[d]);

        Assert.Equal(Verdict.Undecided, certificate.Verdict);
        Assert.True(Math.Abs(certificate.SpectralRadius - lambda) <= certificate.SpectralRadiusError,
            $"ρ̂ = {certificate.SpectralRadius:R} ± {certificate.SpectralRadiusError:E2} misses ρ = {lambda}");
    }
}
