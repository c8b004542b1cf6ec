// Vectorized optimizer updates: each loop is written once over ISimdFloat and run as Vector512 or
// Vector256, the remainder handed to the scalar twins in ReferenceOptimizerKernels. Same operations
// in the same order, each correctly rounded, so every variant is bit-identical to the reference.
// Memory-bound: one step streams the parameters, the gradients and 0–3 state buffers once.
using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Mnemos.Training.Optimizers;

/// <summary>How the optimizer kernels run: plain scalar loop, or 8 or 16 float lanes.</summary>
internal enum OptimizerKernelVariant { Scalar, Vector256, Vector512 }

// n = parameter count; p parameters [n] (updated in place), g gradients [n], every state buffer [n]
// or empty when the configuration does not use it.
internal static class OptimizerKernels
{
    /// <summary>The widest variant the hardware accelerates; the one place a variant is chosen.</summary>
    public static OptimizerKernelVariant Preferred { get; } =
        Vector512.IsHardwareAccelerated ? OptimizerKernelVariant.Vector512
        : Vector256.IsHardwareAccelerated ? OptimizerKernelVariant.Vector256
        : OptimizerKernelVariant.Scalar;

    public static void Sgd(OptimizerKernelVariant variant, Span<float> p, ReadOnlySpan<float> g, Span<float> buf,
        in SgdCoefficients c, bool firstStep)
    {
        Debug.Assert(g.Length == p.Length && (c.Momentum == 0 || buf.Length == p.Length));
        int done = variant switch
        {
            OptimizerKernelVariant.Vector512 => Sgd<Simd512>(p, g, buf, c, firstStep),
            OptimizerKernelVariant.Vector256 => Sgd<Simd256>(p, g, buf, c, firstStep),
            _ => 0,
        };
        ReferenceOptimizerKernels.Sgd(p[done..], g[done..], c.Momentum != 0 ? buf[done..] : default, c, firstStep);
    }

    public static void RmsProp(OptimizerKernelVariant variant, Span<float> p, ReadOnlySpan<float> g,
        Span<float> squareAvg, Span<float> gradAvg, Span<float> buf, in RmsPropCoefficients c)
    {
        Debug.Assert(g.Length == p.Length && squareAvg.Length == p.Length);
        Debug.Assert((!c.Centered || gradAvg.Length == p.Length) && (c.Momentum <= 0 || buf.Length == p.Length));
        int done = variant switch
        {
            OptimizerKernelVariant.Vector512 => RmsProp<Simd512>(p, g, squareAvg, gradAvg, buf, c),
            OptimizerKernelVariant.Vector256 => RmsProp<Simd256>(p, g, squareAvg, gradAvg, buf, c),
            _ => 0,
        };
        ReferenceOptimizerKernels.RmsProp(p[done..], g[done..], squareAvg[done..],
            c.Centered ? gradAvg[done..] : default, c.Momentum > 0 ? buf[done..] : default, c);
    }

    public static void Adam(OptimizerKernelVariant variant, Span<float> p, ReadOnlySpan<float> g,
        Span<float> expAvg, Span<float> expAvgSq, Span<float> maxExpAvgSq, in AdamCoefficients c)
    {
        Debug.Assert(g.Length == p.Length && expAvg.Length == p.Length && expAvgSq.Length == p.Length);
        Debug.Assert(!c.AmsGrad || maxExpAvgSq.Length == p.Length);
        int done = variant switch
        {
            OptimizerKernelVariant.Vector512 => Adam<Simd512>(p, g, expAvg, expAvgSq, maxExpAvgSq, c),
            OptimizerKernelVariant.Vector256 => Adam<Simd256>(p, g, expAvg, expAvgSq, maxExpAvgSq, c),
            _ => 0,
        };
        ReferenceOptimizerKernels.Adam(p[done..], g[done..], expAvg[done..], expAvgSq[done..],
            c.AmsGrad ? maxExpAvgSq[done..] : default, c);
    }

    // Each loop returns how many leading elements it updated (a multiple of V.Count).
    static int Sgd<V>(Span<float> p, ReadOnlySpan<float> g, Span<float> buf, in SgdCoefficients c, bool firstStep)
        where V : struct, ISimdFloat<V>
    {
        bool decay = c.WeightDecay != 0, momentum = c.Momentum != 0, nesterov = c.Nesterov;
        var wd = V.Create(c.WeightDecay);
        var mu = V.Create(c.Momentum);
        var oneMinusDampening = V.Create(c.OneMinusDampening);
        var negLr = V.Create(c.NegLearningRate);
        int i = 0;
        for (; i <= p.Length - V.Count; i += V.Count)
        {
            var w = V.Load(p, i);
            var d = decay ? V.FusedMultiplyAdd(w, wd, V.Load(g, i)) : V.Load(g, i);
            if (momentum)
            {
                var b = firstStep ? d : V.FusedMultiplyAdd(d, oneMinusDampening, V.Load(buf, i) * mu);
                b.Store(buf, i);
                d = nesterov ? V.FusedMultiplyAdd(b, mu, d) : b;
            }
            V.FusedMultiplyAdd(d, negLr, w).Store(p, i);
        }
        return i;
    }

    static int RmsProp<V>(Span<float> p, ReadOnlySpan<float> g, Span<float> squareAvg, Span<float> gradAvg,
        Span<float> buf, in RmsPropCoefficients c)
        where V : struct, ISimdFloat<V>
    {
        bool decay = c.WeightDecay != 0, centered = c.Centered, momentum = c.Momentum > 0;
        var wd = V.Create(c.WeightDecay);
        var alpha = V.Create(c.Alpha);
        var oneMinusAlpha = V.Create(c.OneMinusAlpha);
        var eps = V.Create(c.Eps);
        var mu = V.Create(c.Momentum);
        var negLr = V.Create(c.NegLearningRate);
        int i = 0;
        for (; i <= p.Length - V.Count; i += V.Count)
        {
            var w = V.Load(p, i);
            var d = decay ? V.FusedMultiplyAdd(w, wd, V.Load(g, i)) : V.Load(g, i);
            var sq = V.FusedMultiplyAdd(oneMinusAlpha * d, d, V.Load(squareAvg, i) * alpha);
            sq.Store(squareAvg, i);
            V avg;
            if (centered)
            {
                var ga = V.FusedMultiplyAdd(d, oneMinusAlpha, V.Load(gradAvg, i) * alpha);
                ga.Store(gradAvg, i);
                avg = V.Sqrt(V.FusedMultiplyAdd(-ga, ga, sq));
            }
            else
            {
                avg = V.Sqrt(sq);
            }
            avg += eps;
            if (momentum)
            {
                var b = V.Load(buf, i) * mu + d / avg;
                b.Store(buf, i);
                V.FusedMultiplyAdd(b, negLr, w).Store(p, i);
            }
            else
            {
                (w + negLr * d / avg).Store(p, i);
            }
        }
        return i;
    }

    static int Adam<V>(Span<float> p, ReadOnlySpan<float> g, Span<float> expAvg, Span<float> expAvgSq,
        Span<float> maxExpAvgSq, in AdamCoefficients c)
        where V : struct, ISimdFloat<V>
    {
        bool l2Decay = c.L2 != 0, amsGrad = c.AmsGrad;
        var decay = V.Create(c.Decay);
        var l2 = V.Create(c.L2);
        var beta1 = V.Create(c.Beta1);
        var oneMinusBeta1 = V.Create(c.OneMinusBeta1);
        var beta2 = V.Create(c.Beta2);
        var oneMinusBeta2 = V.Create(c.OneMinusBeta2);
        var bc2Sqrt = V.Create(c.BiasCorrection2Sqrt);
        var eps = V.Create(c.Eps);
        var negStep = V.Create(c.NegStepSize);
        int i = 0;
        for (; i <= p.Length - V.Count; i += V.Count)
        {
            var w = V.Load(p, i) * decay;
            var d = l2Decay ? V.FusedMultiplyAdd(w, l2, V.Load(g, i)) : V.Load(g, i);
            var m = V.FusedMultiplyAdd(d, oneMinusBeta1, V.Load(expAvg, i) * beta1);
            var v = V.FusedMultiplyAdd(oneMinusBeta2 * d, d, V.Load(expAvgSq, i) * beta2);
            m.Store(expAvg, i);
            v.Store(expAvgSq, i);
            if (amsGrad)
            {
                v = V.Max(V.Load(maxExpAvgSq, i), v);
                v.Store(maxExpAvgSq, i);
            }
            var denom = V.Sqrt(v) / bc2Sqrt + eps;
            (w + negStep * m / denom).Store(p, i);
        }
        return i;
    }
}
