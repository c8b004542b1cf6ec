// The study's cycle statement read for one block network (our extension of its Theorem 4) against trained block networks in double: gradient descent keeps
// the block form when φ(0) = 0, the measured cycle spectral radius is max(|Πλᵢ|, |Πcᵢ|) (not |Πλᵢ|),
// so a tanh cycle repels although every step alone attracts, and a swish cycle whose first step
// alone repels attracts. Sigmoid (φ(0) ≠ 0) leaves the block form.
// No test for φ(0) = φ′(0) = 0: none of the smooth activations has it; relu's φ′(0) = 0 is a kink
// convention, and the other blocks' pre-activations are ±1e-17 rounding, so its side is noise.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class CycleCheckTests
{
    static readonly ScalarActivation Tanh = ScalarActivation.Parse("tanh");

    // At the trained weights the Jacobian algebra is exact: measured 4e-16.
    const double AlgebraAgreement = 1e-12;
    // Central differences of fⁿ with step 1e-5: O(ε²) curvature error, measured ≤ 1.2e-10.
    const double DifferenceAgreement = 1e-8;
    // Richardson extrapolation of gradient descent at lr 1e-3 and 5e-4 to lr → 0: O(lr²) left, measured ≤ 2e-9.
    const double ExtrapolatedAgreement = 1e-7;

    public static TheoryData<int, int, double[]> TanhCycles => new()
    {
        { 2, 6, [0.1, 0.1, 0.5, -0.3] },
        { 3, 8, [0.1, 0.1, 0.5, -0.3, 0.3, 0.4] },
    };

    [Theory]
    [MemberData(nameof(TanhCycles))]
    public void Tanh_cycle_radius_is_the_larger_of_both_products_as_trained(int k, int d, double[] flat)
    {
        var starts = Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[2 * i + 1])).ToArray();
        CycleResult Run(double lr) => CycleCheck.Train(Tanh, k, starts, new CycleOptions { Dimension = d, LearningRate = lr, Seed = 4 });
        var coarse = Run(1e-3);
        var m = Run(5e-4);
        Assert.True(m.FormResidual < 1e-12, $"gradient descent left the block form by {m.FormResidual:G3}");
        Assert.True(m.DiagonalResidual < 1e-12, $"the cycle Jacobian is off the example-basis diagonal by {m.DiagonalResidual:G3}");

        var atWeights = m.Predicted!;
        Assert.Equal(atWeights.SpectralRadius, m.SpectralRadius, AlgebraAgreement);
        Assert.Equal(atWeights.StepProduct, m.BasisDiagonal[0], AlgebraAgreement);
        for (int i = 0; i < m.Length; i++)
        {
            if (i > 0) Assert.Equal(atWeights.OffCycleProduct, m.BasisDiagonal[i], AlgebraAgreement);
            Assert.Equal(m.BasisDiagonal[i], m.DifferenceDiagonal[i], DifferenceAgreement);
        }

        // Gradient descent ends O(lr) from the flow's end point the solver gives (measured: ρ 4.6e-5
        // off at lr 1e-3, in proportion to lr), so 2·m(lr/2) − m(lr) cancels that term.
        var solved = starts.Select(s => TheorySolver.Solve(Tanh, k, s.Item1, s.Item2)).ToArray();
        var formula = TheorySolver.CycleSpectrum(Tanh, solved);
        double Extrapolated(Func<CycleResult, double> value) => 2 * value(m) - value(coarse);
        Assert.True(Math.Abs(m.SpectralRadius - formula.SpectralRadius) < 1e-4, $"ρ measured {m.SpectralRadius:R}, formula {formula.SpectralRadius:R}");
        Assert.Equal(formula.SpectralRadius, Extrapolated(r => r.SpectralRadius), ExtrapolatedAgreement);
        Assert.Equal(formula.StepProduct, Extrapolated(r => r.BasisDiagonal[0]), ExtrapolatedAgreement);
        Assert.Equal(formula.OffCycleProduct, Extrapolated(r => r.BasisDiagonal[1]), ExtrapolatedAgreement);
        for (int i = 0; i < m.Length; i++) Assert.Equal(solved[i].V, Extrapolated(r => r.V[i]), ExtrapolatedAgreement);
    }

    [Fact]
    public void A_tanh_cycle_of_attracting_steps_is_not_an_attractor()
    {
        (double, double)[] starts = [(0.1, 0.1), (0.5, -0.3)];
        var solved = starts.Select(s => TheorySolver.Solve(Tanh, 2, s.Item1, s.Item2)).ToArray();
        Assert.All(solved, s => Assert.True(s.IsAttractor, $"λ₁ {s.Lambda}"));
        var formula = TheorySolver.CycleSpectrum(Tanh, solved);
        Assert.True(formula.StepProduct < 1, $"Πλ {formula.StepProduct}"); // what the study's Theorem 4 calls the cycle's λ₁
        Assert.False(formula.IsAttracting);

        var m = CycleCheck.Train(Tanh, 2, starts, new CycleOptions { Dimension = 6, Seed = 9 });
        Assert.True(m.SpectralRadius > 1.1, $"measured ρ {m.SpectralRadius}");
        // f² pushes a perturbation along x⁽¹⁾ away from the cycle: the finite-difference growth is > 1.
        Assert.True(m.DifferenceDiagonal[1] > 1.1, $"growth along x⁽¹⁾ {m.DifferenceDiagonal[1]}");
        Assert.True(Math.Abs(m.DifferenceDiagonal[0]) < 1, $"growth along x⁽⁰⁾ {m.DifferenceDiagonal[0]}");
    }

    [Fact]
    public void A_swish_cycle_attracts_though_its_first_step_alone_repels()
    {
        // swish: φ′(0) = 1/2, c = (1 + e^{−v})/2. Block 0 ends at v ≈ 4 (λ ≈ 1.07, c ≈ 0.51), block 1 at
        // v ≈ −0.81 (λ ≈ 0.44, c ≈ 1.62): Πλ ≈ 0.47, Πc ≈ 0.83. With φ′(0) taken as 1, Πc would be 3.3.
        var swish = ScalarActivation.Parse("swish");
        (double, double)[] starts = [(0.2, 4), (-2, -0.8)];
        var solved = starts.Select(s => TheorySolver.Solve(swish, 2, s.Item1, s.Item2)).ToArray();
        Assert.False(solved[0].IsAttractor);
        var formula = TheorySolver.CycleSpectrum(swish, solved);
        Assert.True(formula.IsAttracting, $"Πλ {formula.StepProduct}, Πc {formula.OffCycleProduct}");

        var m = CycleCheck.Train(swish, 2, starts, new CycleOptions { Dimension = 6, Seed = 2 });
        Assert.True(m.FormResidual < 1e-12, $"gradient descent left the block form by {m.FormResidual:G3}");
        Assert.Equal(m.Predicted!.SpectralRadius, m.SpectralRadius, AlgebraAgreement);
        Assert.True(Math.Abs(m.SpectralRadius - formula.SpectralRadius) < 1e-4, $"ρ measured {m.SpectralRadius:R}, formula {formula.SpectralRadius:R}");
        Assert.True(m.SpectralRadius < 0.9, $"measured ρ {m.SpectralRadius}");
        Assert.Equal(m.BasisDiagonal[1], m.DifferenceDiagonal[1], DifferenceAgreement);
    }

    [Fact]
    public void Sigmoid_training_leaves_the_block_form_and_gets_no_prediction()
    {
        var sigmoid = ScalarActivation.Parse("sigmoid");
        var m = CycleCheck.Train(sigmoid, 2, [(0.1, 0.1), (0.1, 0.1)], new CycleOptions { Dimension = 6 });
        Assert.Null(m.Predicted);
        Assert.True(m.CycleResidual < 1e-9, $"‖f(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖ {m.CycleResidual:G3}");
        Assert.True(m.FormResidual > 0.1, $"block-form residual {m.FormResidual:G3}: φ(0) = 1/2 should mix the blocks");
        Assert.True(m.DiagonalResidual > 0.1, $"diagonal residual {m.DiagonalResidual:G3}");
    }

    [Fact]
    public void A_cycle_longer_than_the_dimension_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CycleCheck.Train(Tanh, 2, [(0.1, 0.1), (0.1, 0.1), (0.1, 0.1)], new CycleOptions { Dimension = 2 }));
        Assert.Contains("dimension 2 < cycle length 3", e.Message);
    }
}
