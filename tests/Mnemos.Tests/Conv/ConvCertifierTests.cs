// Jacobian of the U-Net at a point: J·v and Jᵀ·w as dense matrices agree, and ρ(J) by matrix-free
// Arnoldi on J·v agrees with a dense eigen-decomposition of J on a small image (8×8×1, d = 64).
using Mnemos.Conv;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class ConvCertifierTests
{
    // ρ from float products: both methods see J to ~1e-6 relative; 1e-4 leaves margin for the
    // conditioning of a non-normal J's top eigenvalue.
    const double RadiusRelative = 1e-4;

    static (UNet Net, float[] Point) Problem(Activation activation, int depth, int baseChannels, ulong seed)
    {
        var net = new UNet(new UNetSpec(1, 8, 8, depth, baseChannels, activation));
        net.InitPyTorch(new Rng(seed));
        return (net, Uniform(64, seed + 1));
    }

    [Theory]
    [InlineData(Activation.LeakyRelu, 2, 2, 1UL)]
    [InlineData(Activation.Tanh, 1, 3, 2UL)]
    [InlineData(Activation.Relu, 0, 4, 3UL)]
    public void Jvp_and_vjp_give_transposed_dense_Jacobians(Activation activation, int depth, int baseChannels, ulong seed)
    {
        var (net, point) = Problem(activation, depth, baseChannels, seed);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var lin = new UNetLinearization(net, gemm, point);
        double[] j = lin.Dense();
        var e = new double[64];
        var row = new double[64];
        for (int r = 0; r < 64; r++)
        {
            e[r] = 1;
            lin.Vjp(e, row); // row r of J = Jᵀ·e_r
            e[r] = 0;
            var f = row.Select(v => (float)v).ToArray();
            Tolerance.AllClose(j.AsSpan(r * 64, 64), f, 1e-5, 1e-7, $"row {r}");
        }
    }

    [Theory]
    [InlineData(Activation.LeakyRelu, 2, 2, 1UL)]
    [InlineData(Activation.Tanh, 1, 3, 2UL)]
    [InlineData(Activation.Swish, 2, 2, 4UL)]
    public void Arnoldi_on_Jv_matches_dense_eigenvalues(Activation activation, int depth, int baseChannels, ulong seed)
    {
        var (net, point) = Problem(activation, depth, baseChannels, seed);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var lin = new UNetLinearization(net, gemm, point);
        double dense = DenseEigen.SpectralRadius(lin.Dense(), 64);
        var arnoldi = Arnoldi.TopEigenvalues(lin.Jvp, 64, new ArnoldiOptions { KrylovDimension = 20, Wanted = 3, Tolerance = 1e-7 });
        Assert.True(arnoldi.Converged, $"Arnoldi did not converge in {arnoldi.Restarts} restarts");
        Tolerance.Close(dense, arnoldi.SpectralRadius, RadiusRelative, 0, "ρ(J)");

        var byArnoldi = ConvCertifier.FixedPoint(net, gemm, point, new CertifyOptions { DenseLimit = 1, TopCount = 3 });
        var byDense = ConvCertifier.FixedPoint(net, gemm, point, new CertifyOptions { TopCount = 3 });
        Assert.StartsWith("arnoldi on J (64×64)", byArnoldi.Method);
        Assert.StartsWith("dense 64×64", byDense.Method);
        Tolerance.Close(dense, byArnoldi.SpectralRadius, RadiusRelative, 0, "certificate ρ (arnoldi)");
        Tolerance.Close(dense, byDense.SpectralRadius, 1e-12, 0, "certificate ρ (dense)");
        Assert.True(byArnoldi.SpectralRadiusError < 1e-3 * dense, $"arnoldi error bound {byArnoldi.SpectralRadiusError}");
        // An untrained net does not map the point to itself: the residual says so.
        Assert.True(byDense.FixedPointResidual > 0.1, $"residual {byDense.FixedPointResidual}");
    }

    [Fact]
    public void Wrong_point_length_is_named()
    {
        var (net, _) = Problem(Activation.Relu, 1, 2, 1);
        var e = Assert.Throws<ArgumentException>(() => ConvCertifier.FixedPoint(net, Mnemos.Kernels.Reference.ReferenceGemm.Instance, new float[63]));
        Assert.Equal("point has 63 values, the U-Net takes 64", e.Message);
    }
}
