// RMSprop as torch.optim.RMSprop 1.13: eps is added after the square root; optional centering
// (grad_avg), momentum buffer and L2 weight decay. All buffers start at zero.
namespace Mnemos.Training.Optimizers;

internal sealed class RmsProp(OptimizerSettings settings, int parameterCount)
    : BufferedOptimizer(settings, parameterCount, BufferNames(settings))
{
    readonly RmsPropCoefficients coefficients = RmsPropCoefficients.From(settings);

    static string[] BufferNames(OptimizerSettings s) =>
        ["square_avg", .. s.Centered ? ["grad_avg"] : Array.Empty<string>(), .. s.Momentum > 0 ? ["momentum_buffer"] : Array.Empty<string>()];

    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        int next = 1;
        Span<float> gradAvg = coefficients.Centered ? Buffer(next++) : default;
        Span<float> momentum = coefficients.Momentum > 0 ? Buffer(next) : default;
        OptimizerKernels.RmsProp(OptimizerKernels.Preferred, parameters, gradients, Buffer(0), gradAvg, momentum, coefficients);
    }
}
