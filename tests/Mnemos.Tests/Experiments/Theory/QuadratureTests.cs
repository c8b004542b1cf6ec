// Adaptive Gauss–Kronrod against closed-form integrals: exact on polynomials up to degree 22 in one
// panel, adaptive on a sharp peak, honest error estimates, and a named point where f blows up.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class QuadratureTests
{
    [Fact]
    public void One_panel_suffices_when_both_rules_are_exact()
    {
        // G7 is exact to degree 13, K15 to degree 22: on a degree-13 polynomial the estimate is rounding only.
        var result = Quadrature.Integrate(x => Math.Pow(x, 13) + 3 * x * x, 0, 1);
        Assert.Equal(1.0 / 14 + 1, result.Value, 1e-15);
        Assert.Equal(15, result.Evaluations);
    }

    [Fact]
    public void A_degree_21_polynomial_is_integrated_to_rounding()
    {
        Assert.Equal(1.0 / 22 - 0.5, Quadrature.Integrate(x => Math.Pow(x, 21) - x, 0, 1).Value, 1e-15);
    }

    [Theory]
    [InlineData(0.0, Math.PI)]
    [InlineData(-3.0, 2.0)]
    public void Smooth_integrals_match_their_closed_forms(double a, double b)
    {
        Assert.Equal(Math.Cos(a) - Math.Cos(b), Quadrature.Integrate(Math.Sin, a, b).Value, 1e-13);
        Assert.Equal(Math.Exp(b) - Math.Exp(a), Quadrature.Integrate(Math.Exp, a, b).Value, 1e-12);
    }

    [Fact]
    public void A_sharp_peak_is_resolved_by_splitting_with_a_truthful_error_estimate()
    {
        // ∫_{−1}^{1} dx / (ε + x²) = (2/√ε) atan(1/√ε).
        const double eps = 1e-4;
        double exact = 2 / Math.Sqrt(eps) * Math.Atan(1 / Math.Sqrt(eps));
        var result = Quadrature.Integrate(x => 1 / (eps + x * x), -1, 1);
        Assert.True(result.Converged);
        Assert.True(result.Evaluations > 15, $"{result.Evaluations} evaluations: the peak needs splitting");
        double error = Math.Abs(result.Value - exact);
        Assert.True(error <= 1e-12 * exact, $"error {error:G3} for value {exact}");
        var coarse = Quadrature.Integrate(x => 1 / (eps + x * x), -1, 1, absoluteTolerance: 1e-2, relativeTolerance: 0, maxIntervals: 4);
        Assert.True(Math.Abs(coarse.Value - exact) <= coarse.ErrorEstimate, $"actual {Math.Abs(coarse.Value - exact):G3} vs estimate {coarse.ErrorEstimate:G3}");
    }

    [Fact]
    public void Reversed_limits_negate_the_integral()
    {
        Assert.Equal(-Quadrature.Integrate(Math.Exp, 0, 1).Value, Quadrature.Integrate(Math.Exp, 1, 0).Value);
        Assert.Equal(0, Quadrature.Integrate(Math.Exp, 2, 2).Value);
    }

    [Fact]
    public void An_integrand_that_is_infinite_at_a_node_is_reported_with_its_place()
    {
        var e = Assert.Throws<ArithmeticException>(() => Quadrature.Integrate(x => 1 / x, -1, 1));
        Assert.Contains("z = 0", e.Message);
    }
}
