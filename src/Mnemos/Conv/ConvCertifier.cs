// Certificates for images stored by a UNet: ρ(J) at the image, where J = ∂f/∂x, with the fixed-point
// and eigen residuals (Radhakrishnan, Belkin & Uhler, PNAS 2020, Proposition 1). No low-rank
// factorisation of J exists for a conv net, so large images go matrix-free: restarted Arnoldi on
// v ↦ J·v (one tangent pass per product); small ones form J densely from d tangent passes.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Linalg;

namespace Mnemos.Conv;

/// <summary>Certifies fixed points of a <see cref="UNet"/>.</summary>
internal static class ConvCertifier
{
    // J·v is a float32 pass: each product carries rounding of about 1e-6 of ‖J‖·‖v‖ (a few hundred
    // float roundings, see the golden tests' 1e-5). Added to the spectral-radius error so that a
    // certificate never claims more than float products can show; 1e-5·ρ is that level with margin.
    const double FloatProductRelative = 1e-5;
    // Arnoldi stops when every wanted Ritz residual is below this fraction of |θ₁|: float products
    // cannot resolve eigenpairs much beyond 1e-6, so asking for double's 1e-10 only burns restarts.
    const double ArnoldiTolerance = 1e-7;

    /// <summary>
    /// ρ(J_f(point)) and the verdict. With d ≤ <see cref="CertifyOptions.DenseLimit"/> J is formed
    /// (d tangent passes) and solved densely, else Arnoldi runs on J·v.
    /// </summary>
    /// <exception cref="ArgumentException">Bad options, or the point is not one image of the network's shape.</exception>
    public static Certificate FixedPoint(UNet net, IGemm gemm, ReadOnlySpan<float> point, CertifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(gemm);
        options ??= new CertifyOptions();
        options.Validate();
        if (point.Length != net.Spec.ImageSize)
            throw new ArgumentException($"point has {point.Length} values, the U-Net takes {net.Spec.ImageSize}");
        var lin = new UNetLinearization(net, gemm, point);
        int d = lin.Size;
        double residual = Math.Sqrt(VectorOps.SumSquaredDifference(lin.Output, point));
        return d <= options.DenseLimit ? Dense(lin, residual, options) : ByArnoldi(lin, residual, options);
    }

    static Certificate Dense(UNetLinearization lin, double residual, CertifyOptions options)
    {
        int d = lin.Size;
        var bounded = RadiusBound.Estimate(lin.Dense(), d);
        double rho = bounded.SpectralRadius;
        double error = bounded.Error + FloatProductRelative * rho;
        return new Certificate(rho, bounded.Eigenvalues.Take(options.TopCount).ToArray(), residual, bounded.Dominant.Residual,
            Certificate.Judge(rho, error, options.Margin), options.Margin, $"dense {d}×{d} (J from float tangent passes)")
        { SpectralRadiusError = error, Condition = bounded.Condition };
    }

    // As the Mlp's Arnoldi path: κ is taken as 1, each θᵢ exact for a matrix within rᵢ of J.
    static Certificate ByArnoldi(UNetLinearization lin, double residual, CertifyOptions options)
    {
        var result = Arnoldi.TopEigenvalues(lin.Jvp, lin.Size, new ArnoldiOptions { Wanted = options.TopCount, Tolerance = ArnoldiTolerance });
        double rho = result.SpectralRadius;
        double error = result.DominantResidual;
        for (int i = 0; i < result.RitzValues.Length; i++)
            error = Math.Max(error, result.RitzValues[i].Magnitude + result.Residuals[i] - rho);
        error = double.IsNaN(error) ? double.PositiveInfinity : error + FloatProductRelative * rho;
        return new Certificate(rho, result.RitzValues.Take(options.TopCount).ToArray(), residual, result.DominantResidual,
            Certificate.Judge(rho, error, options.Margin), options.Margin,
            $"arnoldi on J ({lin.Size}×{lin.Size}), {result.MatrixVectorProducts} products")
        { SpectralRadiusError = error, Condition = double.NaN };
    }
}
