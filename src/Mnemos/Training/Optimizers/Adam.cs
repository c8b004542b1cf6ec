// Adam (L2 weight decay added to the gradient) and AdamW (decoupled decay p *= 1 − lr·wd before the
// moments), as torch.optim.Adam/AdamW 1.13's single-tensor path, with optional amsgrad.
namespace Mnemos.Training.Optimizers;

internal sealed class Adam(OptimizerSettings settings, int parameterCount)
    : BufferedOptimizer(settings, parameterCount,
        settings.AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"])
{
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        var c = AdamCoefficients.From(Settings, step);
        Span<float> maxExpAvgSq = c.AmsGrad ? Buffer(2) : default;
        OptimizerKernels.Adam(OptimizerKernels.Preferred, parameters, gradients, Buffer(0), Buffer(1), maxExpAvgSq, c);
    }
}
