// The per-unit bounds of the basin radius against brute force: over a fine grid of δ in [−β, β],
// |φ′(ẑ + δ) − φ′(ẑ)| and |φ(ẑ + δ) − φ(ẑ) − φ′(ẑ)δ| from the double formulas never exceed them.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class SlopeBoundsTests
{
    const int Grid = 2001;

    /// <summary>Relative slack for rounding of the double formulas at the grid points.</summary>
    const double Rounding = 1e-12;

    public static TheoryData<Activation> Activations => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void Bounds_hold_on_a_grid(Activation activation)
    {
        var rng = new Rng(7);
        for (int trial = 0; trial < 200; trial++)
        {
            double z = rng.Uniform(-4, 4), beta = Math.Pow(10, rng.Uniform(-3, 0.5));
            if (trial % 10 == 0) z = 0; // on a kink
            double slope = ReferenceActivations.Derivative(activation, z), value = ReferenceActivations.Value(activation, z);
            double deviation = 0, remainder = 0;
            for (int g = 0; g < Grid; g++)
            {
                double delta = beta * (2.0 * g / (Grid - 1) - 1);
                deviation = Math.Max(deviation, Math.Abs(ReferenceActivations.Derivative(activation, z + delta) - slope));
                remainder = Math.Max(remainder, Math.Abs(ReferenceActivations.Value(activation, z + delta) - value - slope * delta));
            }
            double deviationBound = SlopeBounds.SlopeDeviation(activation, z, beta), remainderBound = SlopeBounds.Remainder(activation, z, beta);
            Assert.True(deviation <= deviationBound * (1 + Rounding) + 1e-15, $"{activation} ẑ {z} β {beta}: |Δφ′| {deviation} > bound {deviationBound}");
            Assert.True(remainder <= remainderBound * (1 + Rounding) + 1e-14, $"{activation} ẑ {z} β {beta}: remainder {remainder} > bound {remainderBound}");
        }
    }

    [Fact]
    public void Swish_curvature_peaks_at_zero()
    {
        // φ″ by central differences of the double φ′ over [−10, 10]; the peak is the named constant.
        double peak = 0, h = 1e-5;
        for (double t = -10; t <= 10; t += 1e-3)
            peak = Math.Max(peak, Math.Abs(ReferenceActivations.Derivative(Activation.Swish, t + h) - ReferenceActivations.Derivative(Activation.Swish, t - h)) / (2 * h));
        Assert.Equal(SlopeBounds.SwishCurvature, peak, 1e-6);
    }
}
