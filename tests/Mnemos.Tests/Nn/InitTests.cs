// InitScheme: ranges, moments against the closed-form variances, fill order, seeds, text forms.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Tests.Nn;

public class InitTests
{
    // 300 → 400 → 400 → 200: layers of 120k, 160k and 80k weights keep the sampling error of a
    // variance near 0.3% (uniform) or 0.4% (normal); 4% is ten standard errors.
    static readonly MlpSpec Big = new(InputSize: 300, OutputSize: 200, Depth: 2, Width: 400, Activation.Relu);
    const double VarianceTolerance = 0.04;

    [Fact]
    public void Pytorch_default_draws_weights_and_biases_from_one_over_sqrt_fan_in()
    {
        var model = Initialized(Big, new InitScheme.PyTorch(), seed: 1);
        for (int l = 0; l < model.LayerCount; l++)
        {
            double bound = 1 / Math.Sqrt(Big.LayerInputs(l));
            CheckUniform($"layer {l} weight", model.Weight(l), bound);
            CheckRange($"layer {l} bias", model.Bias(l), bound);
            Assert.True(MaxAbs(model.Bias(l)) > 0.9 * bound, $"layer {l} bias spans only {MaxAbs(model.Bias(l)):G4} of ±{bound:G4}");
        }
    }

    [Fact]
    public void Uniform_scheme_uses_its_bound_for_weights_and_biases_unless_zero_bias()
    {
        var same = Initialized(Big, new InitScheme.Uniform(0.05), seed: 2);
        var zero = Initialized(Big, new InitScheme.Uniform(0.05, ZeroBias: true), seed: 2);
        for (int l = 0; l < same.LayerCount; l++)
        {
            CheckUniform($"layer {l} weight", same.Weight(l), 0.05);
            CheckRange($"layer {l} bias", same.Bias(l), 0.05);
            Assert.True(MaxAbs(same.Bias(l)) > 0.045, $"layer {l} bias spans only {MaxAbs(same.Bias(l)):G4} of ±0.05");
            CheckUniform($"layer {l} weight (zero bias)", zero.Weight(l), 0.05);
            Assert.All(zero.Bias(l).ToArray(), b => Assert.Equal(0f, b));
        }
    }

    public static TheoryData<string> ZeroBiasSchemes => new(
        "xavier-uniform", "xavier-uniform:2", "xavier-normal", "xavier-normal:0.5",
        "kaiming-uniform", "kaiming-uniform:1", "kaiming-normal", "kaiming-normal:3");

    [Theory, MemberData(nameof(ZeroBiasSchemes))]
    public void Xavier_and_kaiming_weights_have_the_closed_form_variance_and_zero_biases(string text)
    {
        var scheme = InitScheme.Parse(text);
        var model = Initialized(Big, scheme, seed: 3);
        for (int l = 0; l < model.LayerCount; l++)
        {
            int fanIn = Big.LayerInputs(l), fanOut = Big.LayerOutputs(l);
            // torch.nn.init: xavier Var = gain²·2/(fan_in + fan_out); kaiming (fan_in) Var = gain²/fan_in.
            double variance = scheme switch
            {
                InitScheme.XavierUniform s => s.Gain * s.Gain * 2.0 / (fanIn + fanOut),
                InitScheme.XavierNormal s => s.Gain * s.Gain * 2.0 / (fanIn + fanOut),
                InitScheme.KaimingUniform s => s.Gain * s.Gain / fanIn,
                InitScheme.KaimingNormal s => s.Gain * s.Gain / fanIn,
                _ => throw new InvalidOperationException(text),
            };
            var (mean, measured) = Moments(model.Weight(l));
            string where = $"{text} layer {l} ({fanIn}→{fanOut})";
            Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(variance / model.Weight(l).Length), $"{where}: mean {mean:G4}");
            Assert.True(Math.Abs(measured / variance - 1) < VarianceTolerance, $"{where}: variance {measured:G5}, expected {variance:G5}");
            if (scheme is InitScheme.XavierUniform or InitScheme.KaimingUniform)
                CheckRange(where, model.Weight(l), Math.Sqrt(3 * variance));
            Assert.All(model.Bias(l).ToArray(), b => Assert.Equal(0f, b));
        }
    }

    [Fact]
    public void Kaiming_default_gain_is_root_two_as_in_pytorch()
    {
        Assert.Equal(Math.Sqrt(2), new InitScheme.KaimingUniform().Gain);
        Assert.Equal(Math.Sqrt(2), InitScheme.Parse("kaiming-normal") is InitScheme.KaimingNormal k ? k.Gain : 0);
        Assert.Equal(1.0, new InitScheme.XavierNormal().Gain);
    }

    [Fact]
    public void Layers_are_filled_in_parameter_order_weight_then_bias_one_draw_each()
    {
        var spec = new MlpSpec(InputSize: 3, OutputSize: 2, Depth: 2, Width: 5, Activation.Cosid);
        var model = Initialized(spec, new InitScheme.PyTorch(), seed: 42);
        var rng = new Rng(42);
        var expected = new float[model.Parameters.Length];
        int offset = 0;
        for (int l = 0; l < spec.LayerCount; l++)
        {
            double bound = 1 / Math.Sqrt(spec.LayerInputs(l));
            int count = spec.LayerInputs(l) * spec.LayerOutputs(l) + spec.LayerOutputs(l);
            for (int i = 0; i < count; i++) expected[offset++] = rng.Uniform(-bound, bound);
        }
        Assert.Equal(expected, model.Parameters);
    }

    [Fact]
    public void Same_seed_gives_same_parameters_and_another_seed_differs()
    {
        foreach (string text in new[] { "pytorch", "uniform:0.1", "xavier-normal", "kaiming-uniform" })
        {
            var scheme = InitScheme.Parse(text);
            var spec = new MlpSpec(8, 8, 3, 16, Activation.Selu);
            Assert.Equal(Initialized(spec, scheme, 7).Parameters, Initialized(spec, scheme, 7).Parameters);
            Assert.NotEqual(Initialized(spec, scheme, 7).Parameters, Initialized(spec, scheme, 8).Parameters);
        }
    }

    [Fact]
    public void Networks_without_biases_get_weights_only()
    {
        var spec = new MlpSpec(4, 4, 1, 6, Activation.Tanh, Bias: false);
        var model = Initialized(spec, new InitScheme.PyTorch(), seed: 5);
        Assert.Equal(4 * 6 + 6 * 4, model.Parameters.Length);
        CheckRange("layer 0", model.Weight(0), 0.5);
        CheckRange("layer 1", model.Weight(1), 1 / Math.Sqrt(6));
    }

    [Theory]
    [InlineData("pytorch")]
    [InlineData("uniform:0.05")]
    [InlineData("uniform:0.15:zero-bias")]
    [InlineData("xavier-uniform")]
    [InlineData("xavier-normal:1.5")]
    [InlineData("kaiming-uniform")]
    [InlineData("kaiming-normal:0.75")]
    public void Names_round_trip_through_parse(string text)
    {
        var scheme = InitScheme.Parse(text);
        Assert.Equal(text, scheme.Name);
        Assert.Equal(text, scheme.ToString());
        Assert.Equal(scheme, InitScheme.Parse(scheme.Name));
    }

    [Fact]
    public void Parse_ignores_case_and_surrounding_space_and_gives_the_constructed_records()
    {
        Assert.Equal(new InitScheme.Uniform(0.02, ZeroBias: true), InitScheme.Parse("  Uniform:0.02:Zero-Bias "));
        Assert.Equal(new InitScheme.KaimingNormal(), InitScheme.Parse("KAIMING-NORMAL"));
        Assert.Equal("kaiming-uniform:1", new InitScheme.KaimingUniform(1).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gaussian")]
    [InlineData("uniform")]
    [InlineData("uniform:abc")]
    [InlineData("uniform:-0.1")]
    [InlineData("uniform:0")]
    [InlineData("uniform:0.05:bias")]
    [InlineData("xavier-uniform:0")]
    [InlineData("kaiming-normal:nan")]
    [InlineData("kaiming-normal:1:2")]
    [InlineData("pytorch:1")]
    public void Bad_text_throws_one_line_naming_the_value_and_the_valid_forms(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => InitScheme.Parse(text));
        Assert.Equal(
            $"unknown init '{text}': expected one of pytorch, uniform:A, uniform:A:zero-bias, xavier-uniform[:GAIN], " +
            "xavier-normal[:GAIN], kaiming-uniform[:GAIN], kaiming-normal[:GAIN] (A and GAIN positive numbers)",
            ex.Message);
    }

    [Fact]
    public void Constructors_reject_non_positive_bounds_and_gains()
    {
        Assert.Equal("init bound -1: must be a positive number", Assert.Throws<ArgumentException>(() => new InitScheme.Uniform(-1)).Message);
        Assert.Equal("init gain 0: must be a positive number", Assert.Throws<ArgumentException>(() => new InitScheme.XavierUniform(0)).Message);
        Assert.Throws<ArgumentException>(() => new InitScheme.KaimingNormal(double.PositiveInfinity));
    }

    static Mlp Initialized(MlpSpec spec, InitScheme scheme, ulong seed)
    {
        var model = new Mlp(spec);
        scheme.Apply(model, new Rng(seed));
        return model;
    }

    /// <summary>Within ±bound, reaching close to it, with the variance bound²/3 of U[−bound, bound].</summary>
    static void CheckUniform(string what, ReadOnlySpan<float> values, double bound)
    {
        CheckRange(what, values, bound);
        Assert.True(MaxAbs(values) > 0.999 * bound, $"{what}: largest |w| {MaxAbs(values):G5} of ±{bound:G5}");
        var (mean, variance) = Moments(values);
        double expected = bound * bound / 3;
        Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(expected / values.Length), $"{what}: mean {mean:G4}");
        Assert.True(Math.Abs(variance / expected - 1) < VarianceTolerance, $"{what}: variance {variance:G5}, expected {expected:G5}");
    }

    static void CheckRange(string what, ReadOnlySpan<float> values, double bound)
    {
        float limit = (float)bound;
        for (int i = 0; i < values.Length; i++)
            if (!(Math.Abs(values[i]) <= limit)) Assert.Fail($"{what}: element {i} is {values[i]:R}, outside ±{bound:G6}");
    }

    static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    static (double Mean, double Variance) Moments(ReadOnlySpan<float> values)
    {
        double sum = 0, sumSq = 0;
        foreach (float v in values) { sum += v; sumSq += (double)v * v; }
        double mean = sum / values.Length;
        return (mean, sumSq / values.Length - mean * mean);
    }
}
