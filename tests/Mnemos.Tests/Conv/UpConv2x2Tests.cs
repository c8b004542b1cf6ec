// UpConv2x2 (transposed convolution, kernel 2, stride 2) against the general naive twin and central
// differences of it.
using Mnemos.Conv;
using Mnemos.Conv.Reference;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class UpConv2x2Tests
{
    // (batch, C, H, W, O, bias)
    public static TheoryData<GemmBackend, int, int, int, int, int, bool> Shapes()
    {
        var data = new TheoryData<GemmBackend, int, int, int, int, int, bool>();
        foreach (var backend in Backends)
        {
            data.Add(backend, 1, 1, 1, 1, 1, true);
            data.Add(backend, 2, 3, 2, 5, 4, true);
            data.Add(backend, 1, 4, 3, 3, 2, false);
            data.Add(backend, 3, 2, 4, 1, 3, true);
            data.Add(backend, 5, 2, 32, 32, 3, true); // GEMMs over groups of 2, 2 and 1 images
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_naive_twin(GemmBackend backend, int batch, int c, int h, int w, int o, bool bias)
    {
        float[] x = Uniform(batch * c * h * w, 1), weight = Uniform(UpConv2x2.WeightCount(c, o), 2), b = bias ? Uniform(o, 3) : [];
        double[] expected = ReferenceConv.ConvTranspose(batch, c, h, w, o, 2, 2, Widen(x), Widen(weight), Widen(b));
        using var gemm = GemmBackends.Create(backend, 1);
        var y = new float[expected.Length];
        y.AsSpan().Fill(float.NaN);
        UpConv2x2.Forward(gemm, batch, c, h, w, o, x, weight, b, new float[UpConv2x2.WorkspaceSize(c, o, h, w, batch)], y);
        Tolerance.AllClose(expected, y, FloatRelative, FloatAbsolute, "up-convolution");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_central_differences_of_the_twin(GemmBackend backend, int batch, int c, int h, int w, int o, bool bias)
    {
        float[] x = Uniform(batch * c * h * w, 4), weight = Uniform(UpConv2x2.WeightCount(c, o), 5), b = bias ? Uniform(o, 6) : [];
        float[] v = Uniform(batch * o * 4 * h * w, 7);
        using var gemm = GemmBackends.Create(backend, 1);
        var dWeight = new float[weight.Length];
        var dBias = new float[b.Length];
        var dInput = new float[x.Length];
        dWeight.AsSpan().Fill(0.5f);
        dBias.AsSpan().Fill(0.5f);
        dInput.AsSpan().Fill(float.NaN);
        UpConv2x2.Backward(gemm, batch, c, h, w, o, x, v, weight, new float[UpConv2x2.WorkspaceSize(c, o, h, w, batch)], dWeight, dBias, dInput);
        for (int i = 0; i < dWeight.Length; i++) dWeight[i] -= 0.5f;
        for (int i = 0; i < dBias.Length; i++) dBias[i] -= 0.5f;

        var rng = new Rng(8);
        double[] ux = Gaussian(x.Length, rng), uw = Gaussian(weight.Length, rng), ub = Gaussian(b.Length, rng);
        double Loss(double step) => Dot(Widen(v), ReferenceConv.ConvTranspose(batch, c, h, w, o, 2, 2,
            Axpy(Widen(x), step, ux), Axpy(Widen(weight), step, uw), Axpy(Widen(b), step, ub)));
        double numeric = (Loss(Step) - Loss(-Step)) / (2 * Step);
        double analytic = Dot(dInput, ux) + Dot(dWeight, uw) + Dot(dBias, ub);
        double scale = AbsDot(dInput, ux) + AbsDot(dWeight, uw) + AbsDot(dBias, ub);
        Tolerance.Close(numeric, analytic, 0, FloatRelative * scale + 1e-9, "⟨∇, u⟩");
    }

    [Fact]
    public void Short_output_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => UpConv2x2.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance,
            1, 2, 3, 3, 1, new float[18], new float[8], [], new float[54], new float[35]));
        Assert.Equal("output has 35 values, needs at least 36", e.Message);
    }
}
