// Certifies fixed points and cycles of an MLP map by the spectrum of its Jacobian. J = A·B with
// A = W_out [d × w] and B [w × d]; the non-zero eigenvalues of AB are those of BA [w × w], so the
// smaller of the two is solved. For a cycle x⁽¹⁾…x⁽ⁿ⁾, J_n⋯J_1 = A B_n A B_{n−1} ⋯ A B_1 has the
// non-zero spectrum of M = (B_n A)⋯(B_1 A). An eigenvector u of M gives v = A·u with
// J v − λ v = A (M u − λ u), which is how the eigen-residual is measured in ℝᵈ.
using System.Numerics;
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>Spectral certificates of attractors (SPEC §3).</summary>
public static class Certifier
{
    /// <summary>
    /// Certifies every unit of <paramref name="memory"/> (examples at their anchors, or cycles) on up
    /// to <paramref name="threads"/> threads, each with its own single-threaded GEMM of
    /// <paramref name="backend"/>. The first failure is rethrown as itself.
    /// </summary>
    public static Certificate[] All(AssociativeMemory memory, CertifyOptions options, GemmBackend backend, int threads,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var certificates = new Certificate[count];
        int done = 0;
        GemmBackends.ParallelFor(count, threads, backend, (i, gemm) =>
        {
            certificates[i] = memory.IsSequence
                ? Cycle(memory.Model, gemm, memory.CyclePoints(i), options)
                : FixedPoint(memory.Model, gemm, memory.Anchors.Row(i), options);
            progress?.Report(Interlocked.Increment(ref done));
        }, cancellation);
        return certificates;
    }

    /// <summary>Certifies the fixed point <paramref name="point"/> of <paramref name="map"/>.</summary>
    public static Certificate FixedPoint(Mlp map, IGemm gemm, ReadOnlySpan<float> point, CertifyOptions? options = null) =>
        Cycle(map, gemm, [point.ToArray()], options);

    /// <summary>
    /// Certifies the cycle x⁽¹⁾ → x⁽²⁾ → … → x⁽ⁿ⁾ → x⁽¹⁾ (one point: a fixed point) by ρ(J_{fⁿ}(x⁽¹⁾)).
    /// </summary>
    public static Certificate Cycle(Mlp map, IGemm gemm, IReadOnlyList<float[]> points, CertifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(points);
        options ??= new CertifyOptions();
        options.Validate();
        if (points.Count == 0) throw new ArgumentException("a cycle needs at least one point");
        int d = map.Spec.InputSize;
        if (map.Spec.OutputSize != d) throw new ArgumentException($"certification needs a map R^d → R^d, this one maps {d} → {map.Spec.OutputSize}");

        double residual = 0;
        var linearizations = new MlpLinearization[points.Count];
        for (int j = 0; j < points.Count; j++)
        {
            if (points[j].Length != d) throw new ArgumentException($"point {j} has {points[j].Length} values, the map expects {d}");
            linearizations[j] = map.LinearizeAt(gemm, points[j]);
            residual = Math.Max(residual, Math.Sqrt(VectorOps.SumSquaredDifference(linearizations[j].Output, points[(j + 1) % points.Count])));
        }
        int w = map.Spec.Depth == 0 ? d : map.Spec.Width;
        bool reduced = w < d;
        int n = reduced ? w : d;
        if (n > options.DenseLimit && reduced) return ByArnoldi(linearizations.Select(l => l.Factors()).ToArray(), residual, options);
        var a = new Matrix(d, w, map.Weight(map.Spec.Depth).ToArray()); // A = W_out: the same at every point

        // M = product over the cycle, in order j = 1 … n (later factors on the left).
        double[] m = SquareMatrices.Identity(n);
        foreach (var lin in linearizations)
        {
            Matrix step;
            if (reduced) step = lin.ReducedProduct();
            else
            {
                var (fa, fb) = lin.Factors();
                step = new Matrix(n, n);
                gemm.Multiply(Transpose.No, Transpose.No, d, d, fa.Cols, 1f, fa.Data, fa.Cols, fb.Data, d, 0f, step.Data, d);
            }
            m = linearizations.Length == 1 ? Widen(step.Data) : SquareMatrices.Multiply(Widen(step.Data), m, n);
        }
        var spectrum = DenseEigen.Analyze(m, n);
        var dominant = spectrum.Dominant;
        double eigenResidual = reduced ? LiftedResidual(a, m, n, dominant.Value, dominant.Vector) : dominant.Residual;
        double rho = spectrum.SpectralRadius;
        return new Certificate(rho, spectrum.Eigenvalues.Take(options.TopCount).ToArray(), residual, eigenResidual,
            Certificate.Judge(rho, options.Margin), options.Margin, reduced ? $"dense {n}×{n} (B·A)" : $"dense {n}×{n} (J)");
    }

    static Certificate ByArnoldi((Matrix A, Matrix B)[] factors, double residual, CertifyOptions options)
    {
        var a = factors[0].A;
        int d = a.Rows, w = a.Cols;
        var t = new double[d];
        var u = new double[w];
        void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            x.CopyTo(u);
            foreach (var (fa, fb) in factors)
            {
                for (int i = 0; i < d; i++) t[i] = Dot(fa.Row(i), u);
                for (int k = 0; k < w; k++) y[k] = Dot(fb.Row(k), t);
                y.CopyTo(u);
            }
        }
        var result = Arnoldi.TopEigenvalues(Apply, w, new ArnoldiOptions { Wanted = options.TopCount });
        double rho = result.SpectralRadius;
        return new Certificate(rho, result.RitzValues.Take(options.TopCount).ToArray(), residual, result.DominantResidual,
            Certificate.Judge(rho, options.Margin), options.Margin, $"arnoldi on {w}×{w} (B·A), {result.MatrixVectorProducts} products");
    }

    // ‖A(Mu − λu)‖ / ‖Au‖: the residual of (λ, A·u) for the d×d Jacobian product.
    static double LiftedResidual(Matrix a, double[] m, int w, Complex lambda, Complex[] u)
    {
        var r = new Complex[w];
        for (int i = 0; i < w; i++)
        {
            Complex sum = 0;
            for (int k = 0; k < w; k++) sum += m[i * w + k] * u[k];
            r[i] = sum - lambda * u[i];
        }
        double top = 0, bottom = 0;
        for (int i = 0; i < a.Rows; i++)
        {
            Complex ar = 0, au = 0;
            var row = a.Row(i);
            for (int k = 0; k < w; k++) { ar += row[k] * r[k]; au += row[k] * u[k]; }
            top += ar.Real * ar.Real + ar.Imaginary * ar.Imaginary;
            bottom += au.Real * au.Real + au.Imaginary * au.Imaginary;
        }
        return bottom > 0 ? Math.Sqrt(top / bottom) : double.NaN;
    }

    static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    static double[] Widen(float[] x) => Array.ConvertAll(x, v => (double)v);
}
