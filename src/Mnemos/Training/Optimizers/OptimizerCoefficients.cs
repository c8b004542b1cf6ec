// Per-step float32 coefficients of each update, rounded from the double hyper-parameters exactly as
// torch turns a Python float into the kernel's scalar_t. Shared by the fast and reference kernels.
namespace Mnemos.Training.Optimizers;

/// <summary>
/// SGD: d = g + wd·p; buf = first ? d : momentum·buf + (1 − dampening)·d; d = nesterov ? d + momentum·buf : buf;
/// p += negLr·d. Momentum 0 means no buffer.
/// </summary>
internal readonly record struct SgdCoefficients(
    float NegLearningRate, float WeightDecay, float Momentum, float OneMinusDampening, bool Nesterov)
{
    public static SgdCoefficients From(OptimizerSettings s) => new(
        (float)-s.LearningRate, (float)s.WeightDecay, (float)s.Momentum, (float)(1 - s.Dampening), s.Nesterov);
}

/// <summary>
/// RMSprop: d = g + wd·p; sq = alpha·sq + (1 − alpha)·d²; centered: ga = alpha·ga + (1 − alpha)·d,
/// avg = sqrt(sq − ga²) + eps, else avg = sqrt(sq) + eps; momentum: buf = momentum·buf + d/avg,
/// p += negLr·buf; else p += negLr·d/avg.
/// </summary>
internal readonly record struct RmsPropCoefficients(
    float NegLearningRate, float WeightDecay, float Alpha, float OneMinusAlpha, float Eps, float Momentum, bool Centered)
{
    public static RmsPropCoefficients From(OptimizerSettings s) => new(
        (float)-s.LearningRate, (float)s.WeightDecay, (float)s.Alpha, (float)(1 - s.Alpha), (float)s.Eps,
        (float)s.Momentum, s.Centered);
}

/// <summary>
/// Adam/AdamW at step t (1-based): p *= decay (AdamW: 1 − lr·wd, Adam: 1); d = g + l2·p (Adam: l2 = wd);
/// m = β1·m + (1 − β1)·d; v = β2·v + (1 − β2)·d²; amsgrad: vmax = max(vmax, v), use vmax for v;
/// p += (negStepSize·m) / (sqrt(v) / sqrt(1 − β2^t) + eps) with negStepSize = −lr / (1 − β1^t).
/// The bias corrections are computed in double and rounded once, as in torch 1.13's single-tensor path.
/// </summary>
internal readonly record struct AdamCoefficients(
    float Decay, float L2, float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2,
    float BiasCorrection2Sqrt, float Eps, float NegStepSize, bool AmsGrad)
{
    public static AdamCoefficients From(OptimizerSettings s, long step)
    {
        bool decoupled = s.Kind == OptimizerKind.AdamW;
        double biasCorrection1 = 1 - Math.Pow(s.Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(s.Beta2, step);
        double stepSize = s.LearningRate / biasCorrection1;
        return new(
            decoupled ? (float)(1 - s.LearningRate * s.WeightDecay) : 1f,
            decoupled ? 0f : (float)s.WeightDecay,
            (float)s.Beta1, (float)(1 - s.Beta1), (float)s.Beta2, (float)(1 - s.Beta2),
            (float)Math.Sqrt(biasCorrection2), (float)s.Eps, (float)-stepSize, s.AmsGrad);
    }
}
