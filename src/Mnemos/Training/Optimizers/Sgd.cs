// Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 weight decay, as
// torch.optim.SGD 1.13: the first momentum step sets buf = d without dampening.
namespace Mnemos.Training.Optimizers;

internal sealed class Sgd(OptimizerSettings settings, int parameterCount)
    : BufferedOptimizer(settings, parameterCount, settings.Momentum != 0 ? ["momentum_buffer"] : [])
{
    readonly SgdCoefficients coefficients = SgdCoefficients.From(settings);

    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        Span<float> buffer = coefficients.Momentum != 0 ? Buffer(0) : default;
        OptimizerKernels.Sgd(OptimizerKernels.Preferred, parameters, gradients, buffer, coefficients, firstStep: step == 1);
    }
}
