// Training stops at MSE 1e-8, so a stored example xᵢ is only near a fixed point x̂ᵢ of f (off by
// about √(d·MSE)). Newton's method on g(x) = f(x) − x finds x̂ᵢ whether or not it attracts.
// With J = A·B (A = W_out [d × w], B [w × d]) a step solves only a w×w system (Woodbury):
// (I − AB)⁻¹ = I + A (I − BA)⁻¹ B, so δ = g + A·z with (I − BA)·z = B·g.
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

/// <summary>A located fixed point: where it is, ‖x̂ − x₀‖, the residual ‖f(x̂) − x̂‖ and Newton steps used.</summary>
public sealed record FixedPoint(float[] Point, double Offset, double Residual, int Steps);

/// <summary>Finds the fixed point of a network map next to a given point.</summary>
internal static class FixedPointLocator
{
    /// <summary>Newton from <paramref name="start"/>; returns the iterate with the smallest residual seen.</summary>
    public static FixedPoint Locate(Mlp map, IGemm gemm, ReadOnlySpan<float> start, int maxSteps = 8)
    {
        int d = map.Spec.InputSize;
        if (map.Spec.OutputSize != d) throw new ArgumentException($"a fixed point needs a map R^d → R^d, this one maps {d} → {map.Spec.OutputSize}");
        if (start.Length != d) throw new ArgumentException($"start point has {start.Length} values, the map expects {d}");
        var x = start.ToArray();
        var best = (Point: x, Residual: Residual(map, gemm, x, out _));
        int steps = 0;
        for (int s = 0; s < maxSteps && best.Residual > 0; s++)
        {
            var lin = map.LinearizeAt(gemm, x);
            var g = new double[d];
            for (int i = 0; i < d; i++) g[i] = (double)lin.Output[i] - x[i];
            if (!TryNewtonStep(map, gemm, lin, g, out var delta)) break;
            var next = new float[d];
            for (int i = 0; i < d; i++) next[i] = (float)(x[i] + delta[i]);
            double residual = Residual(map, gemm, next, out _);
            steps = s + 1;
            if (!(residual < best.Residual)) break;
            best = (next, residual);
            x = next;
        }
        double offset = Math.Sqrt(VectorOps.SumSquaredDifference(best.Point, start));
        return new FixedPoint(best.Point, offset, best.Residual, steps);
    }

    /// <summary>‖f(x) − x‖₂, with f(x) in <paramref name="image"/>.</summary>
    public static double Residual(Mlp map, IGemm gemm, ReadOnlySpan<float> x, out float[] image)
    {
        var workspace = new MlpWorkspace(map.Spec, 1);
        image = map.Forward(gemm, x, workspace).ToArray();
        return Math.Sqrt(VectorOps.SumSquaredDifference(image, x));
    }

    // δ solving (I − J)δ = g, i.e. the Newton step x + δ for g(x) = f(x) − x.
    static bool TryNewtonStep(Mlp map, IGemm gemm, MlpLinearization lin, double[] g, out double[] delta)
    {
        int d = map.Spec.InputSize, w = map.Spec.Width;
        if (map.Spec.Depth > 0 && w < d)
            return TryReducedStep(lin, new Tensors.Matrix(d, w, map.Weight(map.Spec.Depth).ToArray()), g, out delta);
        // Width ≥ d (or no hidden layer): solve the d×d system directly with J = A·B.
        // J = A·B by one float GEMM (as the reduced step's products): a d×d×w product in scalar
        // double was most of a step's time at w = d = 1,024.
        var (a, b) = lin.Factors();
        w = a.Cols;
        var product = new float[d * d];
        gemm.Multiply(Transpose.No, Transpose.No, d, d, w, 1f, a.Data, w, b.Data, d, 0f, product, d);
        var m = new double[d * d];
        for (int i = 0; i < m.Length; i++) m[i] = -product[i];
        for (int i = 0; i < d; i++) m[i * d + i] += 1;
        delta = (double[])g.Clone();
        return LuSolver.TrySolve(m, d, delta);
    }

    // Woodbury: (I − A·B)⁻¹ g = g + A (I − B·A)⁻¹ B g, solved at width w with B·A and B·g built by
    // w-wide products only (B [w × d] itself is never formed). Float products are close enough: each
    // Newton step is checked by its residual, and a step that does not reduce it ends the search.
    static bool TryReducedStep(MlpLinearization lin, Tensors.Matrix a, double[] g, out double[] delta)
    {
        int d = a.Rows, w = a.Cols;
        var reduced = lin.ReducedProduct();
        var m = new double[w * w];
        for (int i = 0; i < w * w; i++) m[i] = -reduced.Data[i];
        for (int i = 0; i < w; i++) m[i * w + i] += 1;
        var z = Array.ConvertAll(lin.HiddenTangent(Array.ConvertAll(g, v => (float)v)), v => (double)v);
        delta = (double[])g.Clone();
        if (!LuSolver.TrySolve(m, w, z)) return false;
        for (int i = 0; i < d; i++)
        {
            var aRow = a.Row(i);
            double sum = 0;
            for (int k = 0; k < w; k++) sum += aRow[k] * z[k];
            delta[i] += sum;
        }
        return true;
    }
}
