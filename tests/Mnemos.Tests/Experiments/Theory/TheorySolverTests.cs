// The §5 solver against closed forms (identity: u² − v² conserved; sigmoid and tanh potentials in
// closed form) and against direct RK4 integration of the gradient flow, which shares no code path
// with it (no conservation law, no quadrature, no root finding).
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class TheorySolverTests
{
    // The bar for solver vs. gradient flow; RK4 stops at loss 1e-14 (|e| ≈ 1.4e-7).
    const double FlowAgreement = 1e-4;

    static readonly ScalarActivation Sigmoid = ScalarActivation.Parse("sigmoid");
    static readonly ScalarActivation Tanh = ScalarActivation.Parse("tanh");

    [Fact]
    public void Identity_conserves_u_squared_minus_v_squared()
    {
        // φ/φ′ = z, so u² − v² = u0² − v0² = 0.08 and k u v = 1 with k = 4.
        var s = TheorySolver.Solve(ScalarActivation.Parse("identity"), 4, 0.3, 0.1);
        double u = Math.Sqrt((0.08 + Math.Sqrt(0.08 * 0.08 + 0.25)) / 2);
        Assert.Equal(u, s.U, 1e-12);
        Assert.Equal(0.25 / u, s.V, 1e-12);
        Assert.Equal(1, s.Lambda, 1e-12);
    }

    [Theory]
    [InlineData(-2.0, 3.0)]
    [InlineData(0.7, -1.5)]
    public void Potentials_of_sigmoid_and_tanh_match_their_closed_forms(double from, double to)
    {
        // sigmoid: φ/φ′ = 1 + eᶻ; tanh: φ/φ′ = sinh z cosh z = sinh(2z)/2.
        Assert.Equal(to - from + Math.Exp(to) - Math.Exp(from), TheorySolver.Potential(Sigmoid, from, to), 1e-12);
        Assert.Equal((Math.Cosh(2 * to) - Math.Cosh(2 * from)) / 4, TheorySolver.Potential(Tanh, from, to), 1e-12);
    }

    [Theory]
    [InlineData(4, 0.1, 0.1)]
    [InlineData(4, -0.3, 0.5)]
    [InlineData(16, 0.05, -2.0)]
    public void Sigmoid_solution_satisfies_both_equations_with_the_closed_form_potential(int k, double u0, double v0)
    {
        var s = TheorySolver.Solve(Sigmoid, k, u0, v0);
        double potential = s.V - v0 + Math.Exp(s.V) - Math.Exp(v0);
        Assert.Equal(potential, (s.U * s.U - u0 * u0) / 2, 1e-10);
        Assert.Equal(1.0 / k, s.U * Sigmoid.Value(s.V), 1e-14);
        Assert.Equal(Sigmoid.Derivative(s.V) * s.V / Sigmoid.Value(s.V), s.Lambda, 1e-14);
        Assert.True(Math.Abs(s.ConservationResidual) < 1e-10, $"conservation residual {s.ConservationResidual:G3}");
    }

    [Theory]
    [InlineData("sigmoid", 4, 0.1, 0.1)]
    [InlineData("sigmoid", 4, -0.3, 0.5)]
    [InlineData("sigmoid", 16, 0.05, -2.0)]
    [InlineData("tanh", 4, 0.1, 0.1)]
    [InlineData("tanh", 2, 0.5, -0.3)]
    [InlineData("tanh", 4, -0.2, 0.6)]
    [InlineData("softplus", 4, 0.1, 0.1)]
    [InlineData("softplus", 8, -0.2, 1.0)]
    [InlineData("cosid", 4, 0.1, 0.1)]
    [InlineData("cosid", 2, -0.4, 0.3)]
    [InlineData("selu", 4, 0.2, -0.5)]
    [InlineData("swish", 4, 0.3, 0.5)]
    [InlineData("identity", 3, 0.3, 0.1)]
    public void Solver_agrees_with_RK4_integration_of_the_gradient_flow(string activation, int k, double u0, double v0)
    {
        var phi = ScalarActivation.Parse(activation);
        var s = TheorySolver.Solve(phi, k, u0, v0);
        var flow = GradientFlow.Integrate(phi, k, u0, v0);
        Assert.True(Math.Abs(s.U - flow.U) < FlowAgreement, $"u: solver {s.U:R}, flow {flow.U:R}");
        Assert.True(Math.Abs(s.V - flow.V) < FlowAgreement, $"v: solver {s.V:R}, flow {flow.V:R}");
        Assert.True(Math.Abs(s.Lambda - flow.Lambda) < FlowAgreement, $"λ₁: solver {s.Lambda:R}, flow k u φ′(v) v = {flow.Lambda:R}");
    }

    [Theory]
    [InlineData("sigmoid", 4, -0.3, 0.5, true)]
    [InlineData("sigmoid", 4, 0.1, 0.1, false)]
    [InlineData("tanh", 4, -0.2, 0.6, true)]
    public void A_start_with_u0_of_the_wrong_sign_ends_on_the_other_branch(string activation, int k, double u0, double v0, bool crosses)
    {
        var phi = ScalarActivation.Parse(activation);
        var s = TheorySolver.Solve(phi, k, u0, v0);
        Assert.Equal(crosses, s.CrossedZero);
        Assert.Equal(Math.Sign(GradientFlow.Integrate(phi, k, u0, v0).U), Math.Sign(s.U));
    }

    [Fact]
    public void A_relu_path_into_the_dead_half_line_is_refused_at_z_zero()
    {
        // u² = 0.11 + v² never reaches 0 while v falls from 0.5, so v reaches 0 where φ′ = 0.
        var e = Assert.Throws<ArgumentException>(() => TheorySolver.Solve(ScalarActivation.Parse("relu"), 4, -0.6, 0.5));
        Assert.Contains("φ/φ′ of relu blows up at z = 0 (φ′ = 0)", e.Message);
    }

    [Fact]
    public void Bad_numbers_are_refused_with_their_values()
    {
        Assert.Contains("width 0", Assert.Throws<ArgumentException>(() => TheorySolver.Solve(Sigmoid, 0, 0.1, 0.1)).Message);
        Assert.Contains("u0 NaN", Assert.Throws<ArgumentException>(() => TheorySolver.Solve(Sigmoid, 4, double.NaN, 0.1)).Message);
        Assert.Contains("v0 100", Assert.Throws<ArgumentException>(() => TheorySolver.Solve(Sigmoid, 4, 0.1, 100)).Message);
    }

    [Fact]
    public void Tanh_has_no_interpolation_of_this_form_with_modulus_above_one()
    {
        // λ₁(v) = 2v / sinh(2v) ∈ (0, 1].
        Assert.Null(TheorySolver.UnstableInterpolation(Tanh, 4));
    }
}
