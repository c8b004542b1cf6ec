// UNet: the float forward, backward (parameters and input) and tangent passes against central
// differences of the double reference network; layout, initialisation and spec checks.
using Mnemos.Conv;
using Mnemos.Conv.Reference;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class UNetTests
{
    // Central differences of the double reference network with step 1e-6: truncation O(h²) ~1e-12
    // for smooth φ, rounding ~1e-16/1e-6 = 1e-10. A larger step (1e-4) was seen to cross a ReLU-type
    // kink with these seeds; 1e-6 keeps every pre-activation and pooling winner on its side.
    const double NetworkStep = 1e-6;

    public static TheoryData<Activation, int, int, int, int> Specs() => new()
    {
        { Activation.Tanh, 1, 8, 2, 2 },
        { Activation.LeakyRelu, 2, 4, 1, 3 },
        { Activation.Swish, 3, 4, 0, 2 },
        { Activation.Relu, 1, 8, 3, 1 },
    };

    static (UNet Net, float[] X) Problem(Activation activation, int channels, int size, int depth, int baseChannels, int batch, ulong seed)
    {
        var net = new UNet(new UNetSpec(channels, size, size, depth, baseChannels, activation));
        net.InitPyTorch(new Rng(seed));
        return (net, Uniform(batch * net.Spec.ImageSize, seed + 100));
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Forward_matches_reference_network(Activation activation, int channels, int size, int depth, int baseChannels)
    {
        var (net, x) = Problem(activation, channels, size, depth, baseChannels, batch: 2, seed: 1);
        double[] expected = ReferenceUNet.Forward(net, Widen(net.Parameters), Widen(x), 2);
        var y = net.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance, x, new UNetWorkspace(net, 2));
        Tolerance.AllClose(expected, y, FloatRelative, FloatAbsolute, "U-Net output");
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Backward_matches_central_differences(Activation activation, int channels, int size, int depth, int baseChannels)
    {
        const int batch = 2;
        var (net, x) = Problem(activation, channels, size, depth, baseChannels, batch, seed: 2);
        float[] v = Uniform(x.Length, 3);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var ws = new UNetWorkspace(net, batch);
        net.Forward(gemm, x, ws);
        net.Gradients.AsSpan().Fill(0.125f); // parameter gradients accumulate
        var dInput = new float[x.Length];
        net.Backward(gemm, v, ws, parameterGradients: true, dInput);
        var dTheta = net.Gradients.Select(g => g - 0.125f).ToArray();

        var rng = new Rng(4);
        double[] ux = Gaussian(x.Length, rng), ut = Gaussian(net.ParameterCount, rng);
        double[] theta = Widen(net.Parameters), xs = Widen(x);
        double Loss(double h) => Dot(Widen(v), ReferenceUNet.Forward(net, Axpy(theta, h, ut), Axpy(xs, h, ux), batch));
        double numeric = (Loss(NetworkStep) - Loss(-NetworkStep)) / (2 * NetworkStep);
        double analytic = Dot(dTheta, ut) + Dot(dInput, ux);
        double scale = AbsDot(dTheta, ut) + AbsDot(dInput, ux);
        Tolerance.Close(numeric, analytic, 0, 1e-4 * scale + 1e-8, "⟨∇, u⟩");
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Jacobian_products_match_central_differences(Activation activation, int channels, int size, int depth, int baseChannels)
    {
        const int batch = 2;
        var (net, x) = Problem(activation, channels, size, depth, baseChannels, batch, seed: 5);
        float[] u = Uniform(x.Length, 6), v = Uniform(x.Length, 7);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var ws = new UNetWorkspace(net, batch);
        net.Forward(gemm, x, ws);
        float[] ju = net.Tangent(gemm, u, ws).ToArray();
        var vj = new float[x.Length];
        net.ZeroGradients();
        net.Backward(gemm, v, ws, parameterGradients: false, vj);
        Assert.All(net.Gradients, g => Assert.Equal(0f, g)); // a VJP leaves the parameter gradients alone

        double[] theta = Widen(net.Parameters), xs = Widen(x), uw = Widen(u);
        double[] plus = ReferenceUNet.Forward(net, theta, Axpy(xs, NetworkStep, uw), batch);
        double[] minus = ReferenceUNet.Forward(net, theta, Axpy(xs, -NetworkStep, uw), batch);
        var numeric = new double[plus.Length];
        for (int i = 0; i < plus.Length; i++) numeric[i] = (plus[i] - minus[i]) / (2 * NetworkStep);
        Tolerance.AllClose(numeric, ju, 1e-4, 1e-6, "J·u");
        double vJu = Dot(Widen(v), numeric);
        Tolerance.Close(vJu, Dot(vj, uw), 0, 1e-4 * AbsDot(vj, uw) + 1e-6, "⟨Jᵀv, u⟩");
    }

    [Fact]
    public void Parameters_carry_PyTorch_names_shapes_and_order()
    {
        var net = new UNet(new UNetSpec(3, 8, 8, 1, 4, Activation.Relu));
        string[] expected =
        [
            "enc.0.conv1.weight [4, 3, 3, 3]", "enc.0.conv1.bias [4]", "enc.0.conv2.weight [4, 4, 3, 3]", "enc.0.conv2.bias [4]",
            "bottom.conv1.weight [8, 4, 3, 3]", "bottom.conv1.bias [8]", "bottom.conv2.weight [8, 8, 3, 3]", "bottom.conv2.bias [8]",
            "up.0.weight [8, 4, 2, 2]", "up.0.bias [4]",
            "dec.0.conv1.weight [4, 8, 3, 3]", "dec.0.conv1.bias [4]", "dec.0.conv2.weight [4, 4, 3, 3]", "dec.0.conv2.bias [4]",
            "head.weight [3, 4, 1, 1]", "head.bias [3]",
        ];
        Assert.Equal(expected, net.ParameterTensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]"));
        int offset = 0;
        foreach (var t in net.ParameterTensors)
        {
            Assert.Equal(offset, t.Offset);
            Assert.Equal(t.Shape.Aggregate(1, (a, b) => a * b), t.Length);
            offset += t.Length;
        }
        Assert.Equal(offset, net.ParameterCount);
        Assert.Equal(1727, net.ParameterCount); // the sum of the shapes above, counted by hand
    }

    [Fact]
    public void PyTorch_init_fills_each_tensor_within_its_fan_in_bound_and_a_seed_fixes_it()
    {
        var net = new UNet(new UNetSpec(3, 8, 8, 2, 4, Activation.Relu));
        net.InitPyTorch(new Rng(2));
        foreach (var t in net.ParameterTensors)
        {
            // fan_in = dimension 1 × kernel area (torch's rule; for ConvTranspose2d that is out channels × 4).
            double bound = 1 / Math.Sqrt(t.Name.EndsWith(".bias")
                ? FanIn(net, t.Name[..^5]) : t.Shape[1] * t.Shape[2] * t.Shape[3]);
            var values = net.Parameters.AsSpan(t.Offset, t.Length).ToArray();
            Assert.All(values, p => Assert.InRange(Math.Abs(p), 0, bound));
            Assert.True(values.Max() - values.Min() > bound / 2 || t.Length < 8, $"{t.Name} does not spread over its range");
        }
        var again = new UNet(net.Spec);
        again.InitPyTorch(new Rng(2));
        Assert.Equal(net.Parameters, again.Parameters);
    }

    static int FanIn(UNet net, string layer)
    {
        var weight = net.ParameterTensors.Single(t => t.Name == layer + ".weight");
        return weight.Shape[1] * weight.Shape[2] * weight.Shape[3];
    }

    [Theory]
    [InlineData(3, 30, 32, 2, 8, 3, "image 30×32 at depth 2: both sides must be multiples of 2^2 = 4")]
    [InlineData(3, 32, 32, 2, 0, 3, "base channels 0: must be at least 1")]
    [InlineData(3, 32, 32, 2, 8, 4, "kernel 4: must be odd and at least 1 (padding (k − 1)/2 keeps the size)")]
    [InlineData(0, 32, 32, 2, 8, 3, "image channels 0: must be at least 1")]
    [InlineData(3, 32, 32, -1, 8, 3, "depth -1: must be in [0, 10]")]
    public void Bad_spec_is_named(int c, int h, int w, int depth, int baseChannels, int kernel, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new UNet(new UNetSpec(c, h, w, depth, baseChannels, Activation.Relu, kernel)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Wrong_input_length_is_named()
    {
        var net = new UNet(new UNetSpec(3, 4, 4, 1, 2, Activation.Relu));
        var e = Assert.Throws<ArgumentException>(() => net.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance, new float[47], new UNetWorkspace(net, 1)));
        Assert.Equal("input has 47 values, expected 1 images of 3×4×4 = 48", e.Message);
    }
}
