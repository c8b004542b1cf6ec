// Certifies fixed points and cycles of an MLP map by the spectrum of its Jacobian, linearized in
// double (float weights and points widened; float products moved ρ by 1e-3 relative where the top
// eigenvalue is ill-conditioned). J = A·B with A = W_out [d × w] and B [w × d]; the non-zero
// eigenvalues of AB are those of BA [w × w], so the smaller of the two is solved. For a cycle
// x⁽¹⁾…x⁽ⁿ⁾, J_n⋯J_1 = A B_n A B_{n−1} ⋯ A B_1 has the non-zero spectrum of
// M = (B_n A)⋯(B_1 A). An eigenvector u of M gives v = A·u with J v − λ v = A (M u − λ u), which
// is how the eigen-residual is measured in ℝᵈ.
using System.Numerics;
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

/// <summary>Spectral certificates of attractors (Radhakrishnan, Belkin &amp; Uhler, PNAS 2020).</summary>
internal static class Certifier
{
    /// <summary>
    /// Certifies every unit of <paramref name="memory"/> (examples at their anchors, or cycles) on up
    /// to <paramref name="threads"/> threads, each with its own single-threaded GEMM of
    /// <paramref name="backend"/>. The first failure is rethrown as itself.
    /// </summary>
    public static Certificate[] All(AssociativeMemory memory, CertifyOptions options, GemmBackend backend, int threads,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var certify = memory.Map.Certifier(options);
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var certificates = new Certificate[count];
        int done = 0;
        GemmBackends.ParallelFor(count, threads, backend, (i, gemm) =>
        {
            IReadOnlyList<float[]> points = memory.IsSequence ? memory.CyclePoints(i) : [memory.Anchors.Row(i).ToArray()];
            certificates[i] = certify(gemm, points);
            progress?.Report(Interlocked.Increment(ref done));
        }, cancellation);
        return certificates;
    }

    /// <summary>
    /// The certifier of <see cref="MlpMap"/>: checks once and widens the network to double once,
    /// shared read-only by every call (and thread) after.
    /// </summary>
    internal static Func<IGemm, IReadOnlyList<float[]>, Certificate> Prepare(Mlp map, CertifyOptions options)
    {
        Check(map, options);
        var net = new DoubleMlp(map);
        return (gemm, points) => Certify(map, net, gemm, points, options);
    }

    /// <summary>Certifies the fixed point <paramref name="point"/> of <paramref name="map"/>.</summary>
    public static Certificate FixedPoint(Mlp map, IGemm gemm, ReadOnlySpan<float> point, CertifyOptions? options = null) =>
        Cycle(map, gemm, [point.ToArray()], options);

    /// <summary>
    /// Certifies the cycle x⁽¹⁾ → x⁽²⁾ → … → x⁽ⁿ⁾ → x⁽¹⁾ (one point: a fixed point) by ρ(J_{fⁿ}(x⁽¹⁾)).
    /// <paramref name="gemm"/> runs the float forward pass behind the fixed-point residual (the map
    /// recall iterates); the Jacobian and its spectrum are computed in double.
    /// </summary>
    public static Certificate Cycle(Mlp map, IGemm gemm, IReadOnlyList<float[]> points, CertifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(gemm);
        options ??= new CertifyOptions();
        Check(map, options);
        return Certify(map, new DoubleMlp(map), gemm, points, options);
    }

    static void Check(Mlp map, CertifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (map.Spec.OutputSize != map.Spec.InputSize)
            throw new ArgumentException($"certification needs a map R^d → R^d, this one maps {map.Spec.InputSize} → {map.Spec.OutputSize}");
    }

    static Certificate Certify(Mlp map, DoubleMlp net, IGemm gemm, IReadOnlyList<float[]> points, CertifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("a cycle needs at least one point");
        int d = map.Spec.InputSize;
        double residual = 0;
        var workspace = new MlpWorkspace(map.Spec, 1);
        var linearizations = new DoubleMlp.Linearization[points.Count];
        for (int j = 0; j < points.Count; j++)
        {
            if (points[j].Length != d) throw new ArgumentException($"point {j} has {points[j].Length} values, the map expects {d}");
            var output = map.Forward(gemm, points[j], workspace);
            residual = Math.Max(residual, Math.Sqrt(VectorOps.SumSquaredDifference(output, points[(j + 1) % points.Count])));
            linearizations[j] = net.LinearizeAt(points[j]);
        }
        int w = map.Spec.Depth == 0 ? d : map.Spec.Width;
        bool reduced = w < d;
        int n = reduced ? w : d;
        if (n > options.DenseLimit && reduced) return ByArnoldi(linearizations, d, w, residual, options);
        double[] a = linearizations[0].A; // A = W_out [d × w]: the same at every point

        // M = product over the cycle, in order j = 1 … n (later factors on the left).
        double[]? m = null;
        foreach (var lin in linearizations)
        {
            double[] step;
            if (reduced) step = lin.ReducedProduct();
            else if (map.Spec.Depth == 0) step = a;
            else
            {
                step = new double[d * d];
                DoubleGemm.Multiply(a, lin.B(), d, w, d, step);
            }
            if (m is null) m = step;
            else
            {
                var product = new double[n * n];
                DoubleGemm.Multiply(step, m, n, n, n, product);
                m = product;
            }
        }
        var bounded = RadiusBound.Estimate(m, n);
        var dominant = bounded.Dominant;
        double eigenResidual = reduced ? LiftedResidual(a, m!, d, n, dominant.Value, dominant.Vector) : dominant.Residual;
        double rho = bounded.SpectralRadius;
        return new Certificate(rho, bounded.Eigenvalues.Take(options.TopCount).ToArray(), residual, eigenResidual,
            Certificate.Judge(rho, bounded.Error, options.Margin), options.Margin, reduced ? $"dense {n}×{n} (B·A)" : $"dense {n}×{n} (J)")
        { SpectralRadiusError = bounded.Error, Condition = bounded.Condition };
    }

    // Arnoldi gives Ritz values θᵢ with residual bounds rᵢ but no left vectors, so κ is taken as 1:
    // each θᵢ is exact for a matrix within rᵢ of M, which bounds |δλ| by rᵢ only for normal M.
    static Certificate ByArnoldi(DoubleMlp.Linearization[] linearizations, int d, int w, double residual, CertifyOptions options)
    {
        double[] a = linearizations[0].A;
        var bs = linearizations.Select(l => l.B()).ToArray(); // [w × d] each
        var t = new double[d];
        var u = new double[w];
        void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            x.CopyTo(u);
            foreach (var b in bs)
            {
                for (int i = 0; i < d; i++) t[i] = DoubleKernels.Dot(a.AsSpan(i * w, w), u);
                for (int k = 0; k < w; k++) y[k] = DoubleKernels.Dot(b.AsSpan(k * d, d), t);
                y.CopyTo(u);
            }
        }
        var result = Arnoldi.TopEigenvalues(Apply, w, new ArnoldiOptions { Wanted = options.TopCount });
        double rho = result.SpectralRadius;
        double error = result.DominantResidual;
        for (int i = 0; i < result.RitzValues.Length; i++)
            error = Math.Max(error, result.RitzValues[i].Magnitude + result.Residuals[i] - rho);
        if (double.IsNaN(error)) error = double.PositiveInfinity;
        return new Certificate(rho, result.RitzValues.Take(options.TopCount).ToArray(), residual, result.DominantResidual,
            Certificate.Judge(rho, error, options.Margin), options.Margin, $"arnoldi on {w}×{w} (B·A), {result.MatrixVectorProducts} products")
        { SpectralRadiusError = error, Condition = double.NaN };
    }

    // ‖A(Mu − λu)‖ / ‖Au‖ for a [d × w] and m [w × w]: the residual of (λ, A·u) for the d×d Jacobian product.
    static double LiftedResidual(double[] a, double[] m, int d, int w, Complex lambda, Complex[] u)
    {
        var r = new Complex[w];
        for (int i = 0; i < w; i++)
        {
            Complex sum = 0;
            for (int k = 0; k < w; k++) sum += m[i * w + k] * u[k];
            r[i] = sum - lambda * u[i];
        }
        double top = 0, bottom = 0;
        for (int i = 0; i < d; i++)
        {
            Complex ar = 0, au = 0;
            var row = a.AsSpan(i * w, w);
            for (int k = 0; k < w; k++) { ar += row[k] * r[k]; au += row[k] * u[k]; }
            top += ar.Real * ar.Real + ar.Imaginary * ar.Imaginary;
            bottom += au.Real * au.Real + au.Imaginary * au.Imaginary;
        }
        return bottom > 0 ? Math.Sqrt(top / bottom) : double.NaN;
    }
}
