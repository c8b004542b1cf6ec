// The §5 prediction against gradient descent on a dense double network in ℝ⁸ and against the
// float32 Mlp certificate of the trained weights; and the corollary's repelling interpolation.
using Mnemos.Dynamics;
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class EmpiricalCheckTests
{
    static readonly ScalarActivation Sigmoid = ScalarActivation.Parse("sigmoid");

    // Measured at rate 1e-3: |measured − formula| = 7e-6 (sigmoid), 1.3e-6 (tanh), 1.4e-5 (softplus).
    const double DescentAgreement = 1e-4;

    [Theory]
    [InlineData("sigmoid", 4, 0.1, 0.1)]
    [InlineData("tanh", 4, 0.1, 0.1)]
    [InlineData("softplus", 4, 0.1, 0.1)]
    [InlineData("cosid", 4, 0.1, 0.1)]
    public void Trained_top_eigenvalue_matches_the_formula_to_within_the_learning_rate(string activation, int k, double u0, double v0)
    {
        var phi = ScalarActivation.Parse(activation);
        var theory = TheorySolver.Solve(phi, k, u0, v0);
        var run = EmpiricalCheck.Train(phi, k, u0, v0, new EmpiricalOptions { LearningRate = 1e-3, Seed = 7 });
        Assert.True(run.FormResidual < 1e-12, $"GD left the rank-1 equal-row form by {run.FormResidual:G3}");
        Assert.True(run.SecondMagnitude < 1e-10, $"second |λ| {run.SecondMagnitude:G3}");
        Assert.True(Math.Abs(run.Lambda - theory.Lambda) < DescentAgreement, $"measured λ {run.Lambda:R}, theory {theory.Lambda:R}");
        Assert.True(Math.Abs(run.V - theory.V) < DescentAgreement, $"measured v {run.V:R}, theory {theory.V:R}");
        if (phi.Kernel is null) Assert.Null(run.Certificate);
        else Assert.Equal(Math.Abs(run.Lambda), run.Certificate!.SpectralRadius, 1e-5);
    }

    [Fact]
    public void The_gap_to_the_formula_shrinks_in_proportion_to_within_the_learning_rate()
    {
        var theory = TheorySolver.Solve(Sigmoid, 4, 0.1, 0.1);
        double Gap(double lr) => EmpiricalCheck.Train(Sigmoid, 4, 0.1, 0.1, new EmpiricalOptions { LearningRate = lr }).Lambda - theory.Lambda;
        double coarse = Gap(8e-3), fine = Gap(2e-3);
        Assert.InRange(coarse / fine, 3.5, 4.5);
    }

    [Fact]
    public void The_corollary_interpolates_and_repels()
    {
        var weights = TheorySolver.UnstableInterpolation(Sigmoid, 4)!;
        Assert.True(Math.Abs(weights.Lambda) > 1, $"λ₁ {weights.Lambda}");
        var measured = EmpiricalCheck.Measure(Sigmoid, weights, dimension: 8, seed: 3);
        Assert.True(measured.FixedPointResidual < 1e-14, $"‖f(x) − x‖ {measured.FixedPointResidual:G3}");
        Assert.Equal(weights.Lambda, measured.Lambda, 1e-12);
        Assert.Equal(Verdict.NotAttractor, measured.Certificate!.Verdict);
        Assert.Equal(Math.Abs(weights.Lambda), measured.Certificate.SpectralRadius, 1e-5);
    }
}
