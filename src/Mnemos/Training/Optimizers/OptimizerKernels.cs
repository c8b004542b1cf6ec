// Vectorized optimizer updates (System.Numerics.Vector<float>, width set by the runtime) with the
// remainder handed to the scalar twins in ReferenceOptimizerKernels. Same operations, same order,
// so results are bit-identical to the reference for every length. Memory-bound: each step streams
// the parameters, the gradients and 0–3 state buffers once.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Mnemos.Training.Optimizers;

// n = parameter count; p parameters, g gradients, every state buffer [n] or empty when unused.
internal static class OptimizerKernels
{
    public static void Sgd(Span<float> p, ReadOnlySpan<float> g, Span<float> buf, in SgdCoefficients c, bool firstStep)
    {
        Debug.Assert(g.Length == p.Length && (c.Momentum == 0 || buf.Length == p.Length));
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(buf);
        var wd = new Vector<float>(c.WeightDecay);
        var mu = new Vector<float>(c.Momentum);
        var oneMinusDampening = new Vector<float>(c.OneMinusDampening);
        var negLr = new Vector<float>(c.NegLearningRate);
        for (int i = 0; i < pv.Length; i++)
        {
            var d = c.WeightDecay != 0 ? Vector.FusedMultiplyAdd(pv[i], wd, gv[i]) : gv[i];
            if (c.Momentum != 0)
            {
                var b = firstStep ? d : Vector.FusedMultiplyAdd(d, oneMinusDampening, bv[i] * mu);
                bv[i] = b;
                d = c.Nesterov ? Vector.FusedMultiplyAdd(b, mu, d) : b;
            }
            pv[i] = Vector.FusedMultiplyAdd(d, negLr, pv[i]);
        }
        int done = pv.Length * Vector<float>.Count;
        ReferenceOptimizerKernels.Sgd(p[done..], g[done..], c.Momentum != 0 ? buf[done..] : default, c, firstStep);
    }

    public static void RmsProp(Span<float> p, ReadOnlySpan<float> g, Span<float> squareAvg, Span<float> gradAvg,
        Span<float> buf, in RmsPropCoefficients c)
    {
        Debug.Assert(g.Length == p.Length && squareAvg.Length == p.Length);
        Debug.Assert((!c.Centered || gradAvg.Length == p.Length) && (c.Momentum <= 0 || buf.Length == p.Length));
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var sv = MemoryMarshal.Cast<float, Vector<float>>(squareAvg);
        var av = MemoryMarshal.Cast<float, Vector<float>>(gradAvg);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(buf);
        var wd = new Vector<float>(c.WeightDecay);
        var alpha = new Vector<float>(c.Alpha);
        var oneMinusAlpha = new Vector<float>(c.OneMinusAlpha);
        var eps = new Vector<float>(c.Eps);
        var mu = new Vector<float>(c.Momentum);
        var negLr = new Vector<float>(c.NegLearningRate);
        for (int i = 0; i < pv.Length; i++)
        {
            var d = c.WeightDecay != 0 ? Vector.FusedMultiplyAdd(pv[i], wd, gv[i]) : gv[i];
            var sq = Vector.FusedMultiplyAdd(oneMinusAlpha * d, d, sv[i] * alpha);
            sv[i] = sq;
            Vector<float> avg;
            if (c.Centered)
            {
                var ga = Vector.FusedMultiplyAdd(d, oneMinusAlpha, av[i] * alpha);
                av[i] = ga;
                avg = Vector.SquareRoot(Vector.FusedMultiplyAdd(-ga, ga, sq));
            }
            else
            {
                avg = Vector.SquareRoot(sq);
            }
            avg += eps;
            if (c.Momentum > 0)
            {
                var b = bv[i] * mu + d / avg;
                bv[i] = b;
                pv[i] = Vector.FusedMultiplyAdd(b, negLr, pv[i]);
            }
            else
            {
                pv[i] += negLr * d / avg;
            }
        }
        int done = pv.Length * Vector<float>.Count;
        ReferenceOptimizerKernels.RmsProp(p[done..], g[done..], squareAvg[done..],
            c.Centered ? gradAvg[done..] : default, c.Momentum > 0 ? buf[done..] : default, c);
    }

    public static void Adam(Span<float> p, ReadOnlySpan<float> g, Span<float> expAvg, Span<float> expAvgSq,
        Span<float> maxExpAvgSq, in AdamCoefficients c)
    {
        Debug.Assert(g.Length == p.Length && expAvg.Length == p.Length && expAvgSq.Length == p.Length);
        Debug.Assert(!c.AmsGrad || maxExpAvgSq.Length == p.Length);
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(expAvg);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(expAvgSq);
        var xv = MemoryMarshal.Cast<float, Vector<float>>(maxExpAvgSq);
        var decay = new Vector<float>(c.Decay);
        var l2 = new Vector<float>(c.L2);
        var beta1 = new Vector<float>(c.Beta1);
        var oneMinusBeta1 = new Vector<float>(c.OneMinusBeta1);
        var beta2 = new Vector<float>(c.Beta2);
        var oneMinusBeta2 = new Vector<float>(c.OneMinusBeta2);
        var bc2Sqrt = new Vector<float>(c.BiasCorrection2Sqrt);
        var eps = new Vector<float>(c.Eps);
        var negStep = new Vector<float>(c.NegStepSize);
        for (int i = 0; i < pv.Length; i++)
        {
            var w = pv[i] * decay;
            var d = c.L2 != 0 ? Vector.FusedMultiplyAdd(w, l2, gv[i]) : gv[i];
            var m = Vector.FusedMultiplyAdd(d, oneMinusBeta1, mv[i] * beta1);
            var v = Vector.FusedMultiplyAdd(oneMinusBeta2 * d, d, vv[i] * beta2);
            mv[i] = m;
            vv[i] = v;
            if (c.AmsGrad)
            {
                v = Vector.Max(xv[i], v);
                xv[i] = v;
            }
            var denom = Vector.SquareRoot(v) / bc2Sqrt + eps;
            pv[i] = w + negStep * m / denom;
        }
        int done = pv.Length * Vector<float>.Count;
        ReferenceOptimizerKernels.Adam(p[done..], g[done..], expAvg[done..], expAvgSq[done..],
            c.AmsGrad ? maxExpAvgSq[done..] : default, c);
    }
}
