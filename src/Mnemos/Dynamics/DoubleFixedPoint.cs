// Newton on g(x) = f(x) − x with f evaluated in double (DoubleMlp), from a float fixed point x̂:
// the centre of a certified basin ball. A float x̂ has ‖f(x̂) − x̂‖ ≈ 1e−5 in double; the refined
// point has a residual at double rounding (≈ 1e−13 on the demo memory). Not a locator: the start
// must already be a fixed point up to float rounding. Steps use the w×w Woodbury system of
// FixedPointLocator: δ = g + A·z with (I − B·A)·z = B·g, all in double.
using Mnemos.Linalg;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

/// <summary>A fixed point of the double map: the point, ‖f(x*) − x*‖₂, ‖x* − start‖₂ and Newton steps taken.</summary>
sealed record DoubleFixedPointResult(double[] Point, double Residual, double Shift, int Steps);

static class DoubleFixedPoint
{
    /// <summary>Newton steps at most; from a float fixed point two or three reach double rounding.</summary>
    public const int MaxSteps = 8;

    /// <summary>Refines <paramref name="start"/> [d]; keeps the iterate with the smallest double residual (depth ≥ 1, d = output size).</summary>
    public static DoubleFixedPointResult Refine(DoubleMlp net, ReadOnlySpan<float> start)
    {
        int d = net.Spec.InputSize, w = net.Spec.Width;
        var x = new double[d];
        for (int i = 0; i < d; i++) x[i] = start[i];
        var lin = net.LinearizeAt(x);
        var g = Residual(lin, x);
        double best = DoubleKernels.Norm2(g);
        var bestPoint = x;
        int steps = 0;
        for (int s = 0; s < MaxSteps && best > 0; s++)
        {
            // (I − B·A) z = B·g  [w × w]
            var m = lin.ReducedProduct();
            for (int i = 0; i < w * w; i++) m[i] = -m[i];
            for (int i = 0; i < w; i++) m[i * w + i] += 1;
            var z = lin.HiddenTangent(g);
            if (!LuSolver.TrySolve(m, w, z)) break;
            var az = new double[d];
            DoubleGemm.Multiply(lin.A, z, d, w, 1, az);
            var next = new double[d];
            for (int i = 0; i < d; i++) next[i] = x[i] + g[i] + az[i];
            var nextLin = net.LinearizeAt(next);
            var nextG = Residual(nextLin, next);
            double residual = DoubleKernels.Norm2(nextG);
            steps = s + 1;
            if (!(residual < best)) break;
            (best, bestPoint, x, lin, g) = (residual, next, next, nextLin, nextG);
        }
        double shift = 0;
        for (int i = 0; i < d; i++) shift += (bestPoint[i] - start[i]) * (bestPoint[i] - start[i]);
        return new DoubleFixedPointResult(bestPoint, best, Math.Sqrt(shift), steps);
    }

    /// <summary><paramref name="point"/> widened, with its double residual: the unrefined centre.</summary>
    public static DoubleFixedPointResult AsIs(DoubleMlp net, ReadOnlySpan<float> point)
    {
        var x = new double[point.Length];
        for (int i = 0; i < x.Length; i++) x[i] = point[i];
        return new DoubleFixedPointResult(x, DoubleKernels.Norm2(Residual(net.LinearizeAt(x), x)), 0, 0);
    }

    static double[] Residual(DoubleMlp.Linearization lin, double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++) g[i] = lin.Output[i] - x[i];
        return g;
    }
}
