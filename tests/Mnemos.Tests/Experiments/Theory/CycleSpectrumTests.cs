// The cycle spectrum formula on its own: closed forms for tanh's factors, the n = 1 case, and the
// refusals; and the Jacobian algebra behind it, checked on constructed block weights (interpolating
// or not) against the dense double Jacobians multiplied around the cycle.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class CycleSpectrumTests
{
    static readonly ScalarActivation Tanh = ScalarActivation.Parse("tanh");

    [Fact]
    public void Tanh_factors_are_2v_over_sinh_2v_on_the_cycle_and_v_over_tanh_v_off_it()
    {
        var a = TheorySolver.Solve(Tanh, 2, 0.1, 0.1);
        var b = TheorySolver.Solve(Tanh, 2, 0.5, -0.3);
        var s = TheorySolver.CycleSpectrum(Tanh, [a, b]);
        double Lambda(double v) => 2 * v / Math.Sinh(2 * v);
        double C(double v) => v / Math.Tanh(v);
        Assert.Equal(Lambda(a.V) * Lambda(b.V), s.StepProduct, 1e-14);
        Assert.Equal(C(a.V) * C(b.V), s.OffCycleProduct, 1e-14);
        Assert.True(s.StepProduct < 1 && s.OffCycleProduct > 1, $"Πλ {s.StepProduct}, Πc {s.OffCycleProduct}");
        Assert.Equal(s.OffCycleProduct, s.SpectralRadius);
        Assert.False(s.IsAttracting);
    }

    [Fact]
    public void A_cycle_of_one_step_has_no_other_directions()
    {
        var s = CycleSpectrum.FromFactors("tanh", [0.5], [3.0]);
        Assert.Equal(0.5, s.SpectralRadius);
        Assert.True(s.IsAttracting);
        Assert.Equal(3.0, CycleSpectrum.FromFactors("tanh", [0.5, 1], [3.0, 1]).SpectralRadius);
        Assert.Equal(0.8, CycleSpectrum.FromFactors("tanh", [-2, 0.4], [0.5, 0.5]).SpectralRadius, 1e-15);
    }

    [Fact]
    public void Activations_with_phi_of_zero_not_zero_are_refused_with_the_value()
    {
        var sigmoid = ScalarActivation.Parse("sigmoid");
        var e = Assert.Throws<ArgumentException>(() => TheorySolver.CycleSpectrum(sigmoid, [TheorySolver.Solve(sigmoid, 4, 0.1, 0.1)]));
        Assert.Contains("φ(0) = 0.5 for sigmoid", e.Message);
        Assert.Throws<ArgumentException>(() => CycleSpectrum.OfBlocks(ScalarActivation.Softplus, 2, [(1.0, 1.0)]));
        Assert.Contains("solved for sigmoid in a cycle of tanh",
            Assert.Throws<ArgumentException>(() => TheorySolver.CycleSpectrum(Tanh, [TheorySolver.Solve(sigmoid, 4, 0.1, 0.1)])).Message);
        Assert.Contains("at least one step", Assert.Throws<ArgumentException>(() => CycleSpectrum.FromFactors("tanh", [], [])).Message);
    }

    [Theory]
    [InlineData("tanh", 3, 2)]
    [InlineData("swish", 2, 3)]
    [InlineData("sinusoid", 3, 1)]
    [InlineData("identity", 4, 2)]
    public void Block_weights_have_the_predicted_cycle_Jacobian_whether_or_not_they_interpolate(string activation, int n, int k)
    {
        // Arbitrary (u, v): the Jacobian algebra does not need k u φ(v) = 1, only φ(0) = 0 and orthonormal examples.
        var phi = ScalarActivation.Parse(activation);
        var blocks = Enumerable.Range(0, n).Select(i => (U: 0.7 - 0.3 * i, V: -0.9 + 0.8 * i)).ToArray();
        var m = CycleCheck.Measure(phi, k, blocks, dimension: n + 3, seed: 11);
        var p = CycleSpectrum.OfBlocks(phi, k, blocks);
        Assert.True(m.FormResidual < 1e-15, $"form residual {m.FormResidual:G3}");
        Assert.True(m.DiagonalResidual < 1e-13, $"the cycle Jacobian is off the example-basis diagonal by {m.DiagonalResidual:G3}");
        Assert.Equal(p.StepProduct, m.BasisDiagonal[0], 1e-13);
        for (int i = 1; i < n; i++) Assert.Equal(p.OffCycleProduct, m.BasisDiagonal[i], 1e-13);
        Assert.Equal(p.SpectralRadius, m.SpectralRadius, 1e-12);
        Assert.Equal(blocks.Select(b => b.U), m.U, (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void Orthonormal_examples_are_orthonormal_to_rounding_and_seeded()
    {
        var x = CycleCheck.OrthonormalExamples(6, 6, 5);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                Assert.Equal(i == j ? 1 : 0, x[i].Zip(x[j], (a, b) => a * b).Sum(), 1e-15);
        Assert.Equal(x[3], CycleCheck.OrthonormalExamples(6, 6, 5)[3]);
        Assert.NotEqual(x[0], CycleCheck.OrthonormalExamples(6, 6, 6)[0]);
        Assert.Throws<ArgumentException>(() => CycleCheck.OrthonormalExamples(7, 6, 0));
    }
}
