// Conv2d: the im2col + GEMM kernels against the naive double twin over awkward shapes, the backward
// pass against central differences of the twin, and the argument checks.
using Mnemos.Conv;
using Mnemos.Conv.Reference;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class Conv2dTests
{
    // (batch, C, H, W, O, kernel, stride, padding, bias)
    public static TheoryData<GemmBackend, int, int, int, int, int, int, int, int, bool> Shapes()
    {
        var data = new TheoryData<GemmBackend, int, int, int, int, int, int, int, int, bool>();
        foreach (var backend in Backends)
        {
            data.Add(backend, 1, 1, 5, 5, 1, 3, 1, 1, true);
            data.Add(backend, 2, 3, 7, 4, 5, 3, 2, 1, true);
            data.Add(backend, 1, 2, 6, 9, 3, 1, 1, 0, false); // pointwise
            data.Add(backend, 3, 4, 3, 3, 2, 1, 1, 0, true);
            data.Add(backend, 2, 2, 8, 5, 3, 5, 3, 2, true);
            data.Add(backend, 1, 3, 4, 11, 6, 2, 3, 1, false);
            data.Add(backend, 1, 5, 2, 2, 7, 3, 1, 2, true);  // padding larger than the image
            data.Add(backend, 5, 2, 32, 32, 3, 3, 1, 1, true); // GEMMs over groups of 2, 2 and 1 images
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_naive_twin(GemmBackend backend, int batch, int c, int h, int w, int o, int k, int s, int p, bool bias)
    {
        var g = new ConvGeometry(c, h, w, o, k, s, p);
        float[] x = Uniform(batch * g.InputSize, 1), weight = Uniform(g.WeightCount, 2), b = bias ? Uniform(o, 3) : [];
        double[] expected = ReferenceConv.Conv2d(g, batch, Widen(x), Widen(weight), Widen(b));

        using var gemm = GemmBackends.Create(backend, 1);
        var y = new float[batch * g.OutputSize];
        y.AsSpan().Fill(float.NaN); // forward must overwrite
        Conv2d.Forward(gemm, g, batch, x, weight, b, new float[Conv2d.WorkspaceSize(g, batch)], y);
        Tolerance.AllClose(expected, y, FloatRelative, FloatAbsolute, g.ToString());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_central_differences_of_the_twin(GemmBackend backend, int batch, int c, int h, int w, int o, int k, int s, int p, bool bias)
    {
        var g = new ConvGeometry(c, h, w, o, k, s, p);
        float[] x = Uniform(batch * g.InputSize, 4), weight = Uniform(g.WeightCount, 5), b = bias ? Uniform(o, 6) : [];
        float[] v = Uniform(batch * g.OutputSize, 7);

        using var gemm = GemmBackends.Create(backend, 1);
        var dWeight = new float[g.WeightCount];
        var dBias = new float[b.Length];
        var dInput = new float[x.Length];
        dWeight.AsSpan().Fill(0.25f); // weight and bias gradients accumulate
        dBias.AsSpan().Fill(0.25f);
        dInput.AsSpan().Fill(float.NaN); // the input gradient is overwritten
        Conv2d.Backward(gemm, g, batch, x, v, weight, new float[Conv2d.WorkspaceSize(g, batch)], dWeight, dBias, dInput);
        for (int i = 0; i < dWeight.Length; i++) dWeight[i] -= 0.25f;
        for (int i = 0; i < dBias.Length; i++) dBias[i] -= 0.25f;

        var rng = new Rng(8);
        double[] ux = Gaussian(x.Length, rng), uw = Gaussian(weight.Length, rng), ub = Gaussian(b.Length, rng);
        double Loss(double h) => Dot(Widen(v), ReferenceConv.Conv2d(g, batch,
            Axpy(Widen(x), h, ux), Axpy(Widen(weight), h, uw), Axpy(Widen(b), h, ub)));
        double numeric = (Loss(Step) - Loss(-Step)) / (2 * Step);
        double analytic = Dot(dInput, ux) + Dot(dWeight, uw) + Dot(dBias, ub);
        double scale = AbsDot(dInput, ux) + AbsDot(dWeight, uw) + AbsDot(dBias, ub);
        Tolerance.Close(numeric, analytic, 0, FloatRelative * scale + 1e-9, $"⟨∇, u⟩ for {g}");
    }

    [Fact]
    public void Backward_skips_empty_gradients()
    {
        var g = new ConvGeometry(2, 5, 5, 3, 3, 1, 1);
        float[] x = Uniform(g.InputSize, 1), weight = Uniform(g.WeightCount, 2), v = Uniform(g.OutputSize, 3);
        var dInput = new float[x.Length];
        Conv2d.Backward(ReferenceGemm(), g, 1, x, v, weight, new float[Conv2d.WorkspaceSize(g, 1)], [], [], dInput);
        var full = new float[x.Length];
        Conv2d.Backward(ReferenceGemm(), g, 1, x, v, weight, new float[Conv2d.WorkspaceSize(g, 1)], new float[g.WeightCount], new float[3], full);
        Assert.Equal(full, dInput);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        // Large enough that im2col and col2im are split over threads (Im2Col.ParallelMinValues).
        var g = new ConvGeometry(8, 32, 32, 4, 3, 1, 1);
        const int batch = 3;
        float[] x = Uniform(batch * g.InputSize, 1), weight = Uniform(g.WeightCount, 2), b = Uniform(4, 3), v = Uniform(batch * g.OutputSize, 4);
        (float[] Y, float[] DWeight, float[] DBias, float[] DInput) Run(int threads)
        {
            using var gemm = GemmBackends.Create(GemmBackend.Managed, threads);
            var cols = new float[Conv2d.WorkspaceSize(g, batch)];
            var y = new float[batch * g.OutputSize];
            float[] dWeight = new float[g.WeightCount], dBias = new float[4], dInput = new float[x.Length];
            Conv2d.Forward(gemm, g, batch, x, weight, b, cols, y);
            Conv2d.Backward(gemm, g, batch, x, v, weight, cols, dWeight, dBias, dInput);
            return (y, dWeight, dBias, dInput);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.DWeight, two.DWeight);
        Assert.Equal(one.DBias, two.DBias);
        Assert.Equal(one.DInput, two.DInput);
    }

    [Theory]
    [InlineData(0, 4, 4, 1, 3, 1, 0, "channels 0: must be at least 1")]
    [InlineData(1, 4, 4, 1, 0, 1, 0, "kernel 0: must be at least 1")]
    [InlineData(1, 4, 4, 1, 3, 0, 0, "stride 0: must be at least 1")]
    [InlineData(1, 4, 4, 1, 3, 1, -1, "padding -1: must be at least 0")]
    [InlineData(1, 2, 4, 1, 5, 1, 1, "input 2×4 with kernel 5 and padding 1: the kernel does not fit, no output")]
    public void Bad_geometry_is_named(int c, int h, int w, int o, int k, int s, int p, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new ConvGeometry(c, h, w, o, k, s, p));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Short_weight_is_named_with_both_lengths()
    {
        var g = new ConvGeometry(2, 4, 4, 3, 3, 1, 1);
        var e = Assert.Throws<ArgumentException>(() => Conv2d.Forward(ReferenceGemm(), g, 1,
            new float[g.InputSize], new float[5], [], new float[Conv2d.WorkspaceSize(g, 1)], new float[g.OutputSize]));
        Assert.Equal("weight has 5 values, needs at least 54", e.Message);
    }

    static IGemm ReferenceGemm() => Mnemos.Kernels.Reference.ReferenceGemm.Instance;
}
