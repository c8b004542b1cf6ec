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
public static class FixedPointLocator
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
            if (!TryNewtonStep(lin, g, out var delta)) break;
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
    static bool TryNewtonStep(MlpLinearization lin, double[] g, out double[] delta)
    {
        var (a, b) = lin.Factors();
        int d = a.Rows, w = a.Cols;
        if (w >= d)
        {
            // Solve the d×d system directly with J = A·B.
            var m = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int k = 0; k < w; k++)
                {
                    double aik = a[i, k];
                    if (aik == 0) continue;
                    for (int j = 0; j < d; j++) m[i * d + j] -= aik * b[k, j];
                }
            for (int i = 0; i < d; i++) m[i * d + i] += 1;
            delta = (double[])g.Clone();
            return LuSolver.TrySolve(m, d, delta);
        }
        var ba = ProductBA(a, b);
        for (int i = 0; i < w * w; i++) ba[i] = -ba[i];
        for (int i = 0; i < w; i++) ba[i * w + i] += 1;
        var z = new double[w];
        for (int k = 0; k < w; k++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++) sum += b[k, j] * g[j];
            z[k] = sum;
        }
        delta = (double[])g.Clone();
        if (!LuSolver.TrySolve(ba, w, z)) return false;
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int k = 0; k < w; k++) sum += a[i, k] * z[k];
            delta[i] += sum;
        }
        return true;
    }

    /// <summary>B·A [w × w] in double, from A [d × w] and B [w × d].</summary>
    public static double[] ProductBA(Tensors.Matrix a, Tensors.Matrix b)
    {
        int d = a.Rows, w = a.Cols;
        var result = new double[w * w];
        var row = new double[w];
        for (int i = 0; i < w; i++)
        {
            Array.Clear(row);
            for (int j = 0; j < d; j++)
            {
                double bij = b[i, j];
                if (bij == 0) continue;
                var aRow = a.Row(j);
                for (int k = 0; k < w; k++) row[k] += bij * aRow[k];
            }
            row.CopyTo(result, i * w);
        }
        return result;
    }
}
