// Scalar twins of OptimizerKernels: one element at a time, the same float32 operations in the same
// order. They define the rounding (torch 1.13 CPU kernels: add with alpha and addcmul are fused
// multiply-adds, addcdiv is self + (value·t1)/t2) and finish the vector kernels' tails.
namespace Mnemos.Training.Optimizers;

// n = parameter count; p parameters, g gradients, every state buffer [n].
internal static class ReferenceOptimizerKernels
{
    /// <summary>SGD; <paramref name="buf"/> is empty when momentum is 0.</summary>
    public static void Sgd(Span<float> p, ReadOnlySpan<float> g, Span<float> buf, in SgdCoefficients c, bool firstStep)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float d = c.WeightDecay != 0 ? MathF.FusedMultiplyAdd(p[i], c.WeightDecay, g[i]) : g[i];
            if (c.Momentum != 0)
            {
                float b = firstStep ? d : MathF.FusedMultiplyAdd(d, c.OneMinusDampening, buf[i] * c.Momentum);
                buf[i] = b;
                d = c.Nesterov ? MathF.FusedMultiplyAdd(b, c.Momentum, d) : b;
            }
            p[i] = MathF.FusedMultiplyAdd(d, c.NegLearningRate, p[i]);
        }
    }

    /// <summary>RMSprop; <paramref name="gradAvg"/> empty unless centered, <paramref name="buf"/> empty unless momentum &gt; 0.</summary>
    public static void RmsProp(Span<float> p, ReadOnlySpan<float> g, Span<float> squareAvg, Span<float> gradAvg,
        Span<float> buf, in RmsPropCoefficients c)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float d = c.WeightDecay != 0 ? MathF.FusedMultiplyAdd(p[i], c.WeightDecay, g[i]) : g[i];
            float sq = MathF.FusedMultiplyAdd(c.OneMinusAlpha * d, d, squareAvg[i] * c.Alpha);
            squareAvg[i] = sq;
            float avg;
            if (c.Centered)
            {
                float ga = MathF.FusedMultiplyAdd(d, c.OneMinusAlpha, gradAvg[i] * c.Alpha);
                gradAvg[i] = ga;
                avg = MathF.Sqrt(MathF.FusedMultiplyAdd(-ga, ga, sq));
            }
            else
            {
                avg = MathF.Sqrt(sq);
            }
            avg += c.Eps;
            if (c.Momentum > 0)
            {
                float b = buf[i] * c.Momentum + d / avg;
                buf[i] = b;
                p[i] = MathF.FusedMultiplyAdd(b, c.NegLearningRate, p[i]);
            }
            else
            {
                p[i] += c.NegLearningRate * d / avg;
            }
        }
    }

    /// <summary>Adam and AdamW; <paramref name="maxExpAvgSq"/> empty unless amsgrad.</summary>
    public static void Adam(Span<float> p, ReadOnlySpan<float> g, Span<float> expAvg, Span<float> expAvgSq,
        Span<float> maxExpAvgSq, in AdamCoefficients c)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float w = p[i] * c.Decay;
            float d = c.L2 != 0 ? MathF.FusedMultiplyAdd(w, c.L2, g[i]) : g[i];
            float m = MathF.FusedMultiplyAdd(d, c.OneMinusBeta1, expAvg[i] * c.Beta1);
            float v = MathF.FusedMultiplyAdd(c.OneMinusBeta2 * d, d, expAvgSq[i] * c.Beta2);
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (c.AmsGrad)
            {
                v = MathF.Max(maxExpAvgSq[i], v);
                maxExpAvgSq[i] = v;
            }
            float denom = MathF.Sqrt(v) / c.BiasCorrection2Sqrt + c.Eps;
            p[i] = w + c.NegStepSize * m / denom;
        }
    }
}
