// Certification on maps with known spectra, and the factored w×w problem against the full d×d Jacobian.
using System.Numerics;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Linalg;
using Mnemos.Nn;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class CertifierTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    [Theory]
    [InlineData(0.8, 0.5, Verdict.Attractor)]
    [InlineData(1.25, 2.0, Verdict.NotAttractor)]
    [InlineData(1.0002, 1.0, Verdict.Undecided)]
    public void Rotation_scaling_has_radius_r_and_the_right_verdict(double r, double theta, Verdict verdict)
    {
        var certificate = Certifier.FixedPoint(KnownMaps.RotationScaling(r, theta), Gemm, [0f, 0f]);

        Assert.Equal(r, certificate.SpectralRadius, 1e-6);
        Assert.Equal(verdict, certificate.Verdict);
        Assert.Equal(0, certificate.FixedPointResidual);
        Assert.True(certificate.EigenResidual < 1e-6, $"eigen-residual {certificate.EigenResidual}");
        var top = certificate.TopEigenvalues[0];
        Assert.Equal(theta, Math.Abs(top.Phase), 1e-6);
    }

    [Fact]
    public void Double_tanh_fixed_point_has_the_closed_form_slope()
    {
        double x = KnownMaps.DoubleTanhFixedPoint();
        var certificate = Certifier.FixedPoint(KnownMaps.DoubleTanh(), Gemm, [(float)x]);
        double slope = 2 * (1 - Math.Tanh(x) * Math.Tanh(x));
        Assert.Equal(slope, certificate.SpectralRadius, 1e-6);
        Assert.Equal(Verdict.Attractor, certificate.Verdict);
        Assert.True(certificate.FixedPointResidual < 1e-6);

        var origin = Certifier.FixedPoint(KnownMaps.DoubleTanh(), Gemm, [0f]);
        Assert.Equal(2, origin.SpectralRadius, 1e-6);
        Assert.Equal(Verdict.NotAttractor, origin.Verdict);
    }

    [Theory]
    [InlineData(12, 5, 3, Activation.Cosid)]   // w < d: the w×w problem B·A
    [InlineData(6, 9, 2, Activation.Selu)]     // w > d: the d×d Jacobian
    [InlineData(10, 4, 0, Activation.Tanh)]    // depth 0: linear
    public void Factored_radius_equals_the_radius_of_the_full_jacobian(int d, int w, int depth, Activation activation)
    {
        var mlp = TestNets.Random(new MlpSpec(d, d, depth, w, activation), seed: 7);
        var point = TestNets.Uniform(d, seed: 8);
        var full = mlp.LinearizeAt(Gemm, point).Full();
        double expected = DenseEigen.SpectralRadius(Array.ConvertAll(full.Data, v => (double)v), d);

        var certificate = Certifier.FixedPoint(mlp, Gemm, point);
        Assert.Equal(expected, certificate.SpectralRadius, 1e-5 * Math.Max(1, expected));
        Assert.True(certificate.EigenResidual < 1e-4, $"eigen-residual {certificate.EigenResidual}");
    }

    [Fact]
    public void Cycle_radius_equals_the_radius_of_the_product_of_full_jacobians()
    {
        int d = 10, w = 4;
        var mlp = TestNets.Random(new MlpSpec(d, d, 2, w, Activation.Swish), seed: 3);
        var points = Enumerable.Range(0, 3).Select(i => TestNets.Uniform(d, seed: (ulong)(20 + i))).ToArray();
        double[] product = Identity(d);
        foreach (var p in points)
            product = Multiply(Array.ConvertAll(mlp.LinearizeAt(Gemm, p).Full().Data, v => (double)v), product, d);
        double expected = DenseEigen.SpectralRadius(product, d);

        var certificate = Certifier.Cycle(mlp, Gemm, points);
        Assert.Equal(expected, certificate.SpectralRadius, 1e-5 * Math.Max(1, expected));
    }

    [Fact]
    public void Arnoldi_path_agrees_with_the_dense_path()
    {
        var mlp = TestNets.Random(new MlpSpec(40, 40, 2, 24, Activation.Cosid), seed: 5);
        var point = TestNets.Uniform(40, seed: 6);
        var dense = Certifier.FixedPoint(mlp, Gemm, point);
        var arnoldi = Certifier.FixedPoint(mlp, Gemm, point, new CertifyOptions { DenseLimit = 8 });
        Assert.StartsWith("arnoldi", arnoldi.Method);
        Assert.Equal(dense.SpectralRadius, arnoldi.SpectralRadius, 1e-5 * Math.Max(1, dense.SpectralRadius));
    }

    static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
    }

    static double[] Multiply(double[] left, double[] right, int n)
    {
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                for (int j = 0; j < n; j++) result[i * n + j] += left[i * n + k] * right[k * n + j];
        return result;
    }
}
