// Initialization schemes: bounds, variances against their closed forms, seeds, and text forms.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Tests.Nn;

public class InitTests
{
    static Mlp Initialized(string scheme, ulong seed = 1, int width = 400, int d = 300)
    {
        var mlp = new Mlp(new MlpSpec(d, d, 2, width, Activation.Selu));
        InitScheme.Parse(scheme).Apply(mlp, new Rng(seed));
        return mlp;
    }

    static (double Mean, double Variance) Moments(ReadOnlySpan<float> x)
    {
        double mean = 0, square = 0;
        foreach (float v in x) { mean += v; square += (double)v * v; }
        mean /= x.Length;
        return (mean, square / x.Length - mean * mean);
    }

    [Theory]
    // scheme, layer, expected variance of the weights (closed form for fan_in = 400, fan_out = 400 at layer 1)
    [InlineData("pytorch", 1, 1.0 / 3 / 400)]
    [InlineData("uniform:0.05", 1, 0.05 * 0.05 / 3)]
    [InlineData("xavier-uniform", 1, 2.0 / 800)]
    [InlineData("xavier-normal", 1, 2.0 / 800)]
    [InlineData("kaiming-uniform", 1, 2.0 / 400)]
    [InlineData("kaiming-normal:1", 1, 1.0 / 400)]
    public void Weight_variance_matches_the_closed_form(string scheme, int layer, double variance)
    {
        var (mean, measured) = Moments(Initialized(scheme).Weight(layer));
        // 160,000 draws: the sample variance is within a few percent of the truth.
        Assert.True(Math.Abs(measured / variance - 1) < 0.03, $"{scheme}: variance {measured:E4}, expected {variance:E4}");
        Assert.True(Math.Abs(mean) < 4 * Math.Sqrt(variance / 160_000), $"{scheme}: mean {mean:E3}");
    }

    [Fact]
    public void Pytorch_default_bounds_weights_and_biases_by_one_over_root_fan_in()
    {
        var mlp = Initialized("pytorch");
        for (int l = 0; l < mlp.LayerCount; l++)
        {
            float bound = (float)(1 / Math.Sqrt(mlp.Spec.LayerInputs(l))); // draws are rounded to float
            foreach (float w in mlp.Weight(l)) Assert.InRange(w, -bound, bound);
            foreach (float b in mlp.Bias(l)) Assert.InRange(b, -bound, bound);
            Assert.True(Moments(mlp.Bias(l)).Variance > 0.5 * bound * bound / 3, "biases are drawn, not zero");
        }
    }

    [Fact]
    public void Uniform_bias_choice_is_respected()
    {
        var drawn = Initialized("uniform:0.1");
        var zero = Initialized("uniform:0.1:zero-bias");
        Assert.Contains(drawn.Bias(0).ToArray(), b => b != 0);
        Assert.All(zero.Bias(0).ToArray(), b => Assert.Equal(0f, b));
        foreach (float w in zero.Weight(2)) Assert.InRange(w, -0.1f, 0.1f);
    }

    [Fact]
    public void Same_seed_gives_the_same_parameters_and_another_seed_does_not()
    {
        Assert.Equal(Initialized("xavier-normal", seed: 4).Parameters, Initialized("xavier-normal", seed: 4).Parameters);
        Assert.NotEqual(Initialized("xavier-normal", seed: 4).Parameters, Initialized("xavier-normal", seed: 5).Parameters);
    }

    [Theory]
    [InlineData("pytorch")]
    [InlineData("uniform:0.05")]
    [InlineData("uniform:0.15:zero-bias")]
    [InlineData("xavier-uniform:1")]
    [InlineData("kaiming-normal:2.5")]
    public void Names_parse_back_to_the_same_scheme(string text)
    {
        var scheme = InitScheme.Parse(text);
        Assert.Equal(scheme, InitScheme.Parse(scheme.Name));
    }

    [Theory]
    [InlineData("gaussian", "unknown init 'gaussian'")]
    [InlineData("uniform:-1", "uniform bound -1")]
    [InlineData("uniform:abc", "'abc' is not a number")]
    [InlineData("uniform:0.1:sometimes", "unknown init")]
    public void Bad_text_is_named_in_the_error(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => InitScheme.Parse(text));
        Assert.Contains(expected, error.Message);
    }
}
