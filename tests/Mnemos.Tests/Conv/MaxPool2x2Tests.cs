// MaxPool2x2 and ChannelConcat: values against the naive twins, gradients against central
// differences (random inputs have no ties), PyTorch's tie and NaN rules, and the argument checks.
using Mnemos.Conv;
using Mnemos.Conv.Reference;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class MaxPool2x2Tests
{
    [Theory]
    [InlineData(1, 1, 2, 2)]
    [InlineData(2, 3, 6, 4)]
    [InlineData(1, 2, 5, 7)] // odd sides: the last row and column are dropped
    public void Forward_and_backward_match_the_twin(int batch, int c, int h, int w)
    {
        float[] x = Uniform(batch * c * h * w, 1);
        int outSize = batch * c * (h / 2) * (w / 2);
        var y = new float[outSize];
        var winners = new int[outSize];
        MaxPool2x2.Forward(batch, c, h, w, x, y, winners);
        Tolerance.AllClose(ReferenceConv.MaxPool2x2(batch, c, h, w, Widen(x)), y, 0, 0, "max-pool");

        float[] v = Uniform(outSize, 2);
        var dInput = new float[x.Length];
        dInput.AsSpan().Fill(float.NaN);
        MaxPool2x2.Backward(v, winners, dInput);
        double[] u = Gaussian(x.Length, new Rng(3));
        double Loss(double step) => Dot(Widen(v), ReferenceConv.MaxPool2x2(batch, c, h, w, Axpy(Widen(x), step, u)));
        double numeric = (Loss(Step) - Loss(-Step)) / (2 * Step);
        Tolerance.Close(numeric, Dot(dInput, u), 1e-9, 1e-9, "⟨∇, u⟩");

        var tangent = new float[outSize];
        var ux = new float[x.Length];
        for (int i = 0; i < x.Length; i++) ux[i] = (float)u[i];
        MaxPool2x2.Tangent(ux, winners, tangent);
        Tolerance.Close(numeric, Dot(tangent, Widen(v)), 1e-6, 1e-6, "⟨v, J·u⟩");
    }

    [Fact]
    public void First_maximum_wins_a_tie_and_NaN_wins_over_numbers()
    {
        float[] x = [1, 3, 3, 0, /* row 2 */ 2, 2, float.NaN, 5];
        var y = new float[2];
        var winners = new int[2];
        MaxPool2x2.Forward(1, 1, 2, 4, x, y, winners);
        Assert.Equal([1, 6], winners);
        Assert.Equal(3f, y[0]);
        Assert.True(float.IsNaN(y[1]));
    }

    [Fact]
    public void A_side_below_two_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => MaxPool2x2.Forward(1, 1, 1, 4, new float[4], new float[2], new int[2]));
        Assert.Equal("input 1×4: a 2×2 pool needs both sides at least 2", e.Message);
    }

    [Fact]
    public void Concat_joins_channels_per_image_and_splits_the_gradient_back()
    {
        float[] a = Uniform(2 * 6, 1), b = Uniform(2 * 9, 2);
        var joined = new float[30];
        ChannelConcat.Forward(2, 6, 9, a, b, joined);
        Tolerance.AllClose(ReferenceConv.Concat(2, 6, 9, Widen(a), Widen(b)), joined, 0, 0, "concat");
        var da = new float[12];
        var db = new float[18];
        ChannelConcat.Backward(2, 6, 9, joined, da, db);
        Assert.Equal(a, da);
        Assert.Equal(b, db);
    }

    [Fact]
    public void Concat_short_output_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => ChannelConcat.Forward(2, 6, 9, new float[12], new float[18], new float[29]));
        Assert.Equal("output has 29 values, needs at least 30", e.Message);
    }
}
