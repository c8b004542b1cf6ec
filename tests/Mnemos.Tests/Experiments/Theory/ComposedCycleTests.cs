// The study's cycle theorem in its setting: n one-step networks trained separately and composed.
// Checked against independent references: the composed map's Jacobian by central differences, one
// trip around the cycle from a perturbed x⁽⁰⁾, and the gradient-flow solver's λᵢ per step. The tanh
// 2-cycle is one where the single block network (our extension) has ρ = Πcᵢ > 1 while the theorem's
// composition has Πλᵢ < 1: the two models disagree, and each test would catch a mix-up.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class ComposedCycleTests
{
    static readonly ScalarActivation Tanh = ScalarActivation.Parse("tanh");

    // GD with rate η ends O(η) from the gradient-flow endpoint the solver gives.
    const double FlowAgreement = 2e-2;

    static ComposedCycleResult Run(string activation, params (double, double)[] starts) =>
        ComposedCycle.Train(ScalarActivation.Parse(activation), 2, starts, new ComposedCycleOptions { Dimension = 6, LearningRate = 4e-3, LossTarget = 1e-22, Seed = 3 });

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")] // φ(0) ≠ 0: no block form, the theorem still holds
    public void The_composed_cycle_has_one_nonzero_eigenvalue_the_product_of_the_steps(string activation)
    {
        var r = Run(activation, (0.1, 0.1), (0.5, -0.3), (0.3, 0.4));
        Assert.True(r.CycleResidual < 1e-10, $"‖fᵢ(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖ {r.CycleResidual:G3}");
        Assert.True(r.RankOneResidual < 1e-9, $"Jᵢ − λᵢx⁽ⁱ⁺¹⁾x⁽ⁱ⁾ᵀ {r.RankOneResidual:G3}");
        Assert.True(r.CompositionGap < 1e-6, $"product of Jacobians vs differences of f: {r.CompositionGap:G3}");
        Assert.True(r.SecondMagnitude < 1e-9, $"second |eigenvalue| {r.SecondMagnitude:G3}");
        Assert.Equal(Math.Abs(r.MeasuredProduct), r.ProductRadius, 1e-9);
        Assert.Equal(Math.Abs(r.MeasuredProduct), r.IterationRatio, 1e-4);
        for (int i = 0; i < r.Length; i++) Assert.Equal(r.Predicted[i].Lambda, r.StepFactors[i], FlowAgreement);
        Assert.Equal(r.PredictedProduct, r.MeasuredProduct, FlowAgreement);
    }

    [Fact]
    public void Where_the_block_network_repels_the_composed_cycle_attracts()
    {
        var solved = new[] { TheorySolver.Solve(Tanh, 2, 0.1, 0.1), TheorySolver.Solve(Tanh, 2, 0.5, -0.3) };
        var block = TheorySolver.CycleSpectrum(Tanh, solved);
        Assert.False(block.IsAttracting, $"block ρ {block.SpectralRadius}");
        var r = Run("tanh", (0.1, 0.1), (0.5, -0.3));
        Assert.True(r.IsAttracting, $"Πλᵢ {r.PredictedProduct}");
        Assert.Equal(block.StepProduct, r.PredictedProduct, 1e-12);
        Assert.True(r.ProductRadius < 1 && r.IterationRatio < 1, $"ρ {r.ProductRadius}, trip ratio {r.IterationRatio}");
    }

    [Fact]
    public void A_cycle_needs_a_step_and_a_unit()
    {
        Assert.Contains("at least one step", Assert.Throws<ArgumentException>(() => ComposedCycle.Train(Tanh, 2, [])).Message);
        Assert.Contains("width 0", Assert.Throws<ArgumentException>(() => ComposedCycle.Train(Tanh, 0, [(0.1, 0.1)])).Message);
    }
}
