// Weight initialization schemes for Mlp, with their command-line text forms. Formulas follow
// torch.nn.Linear.reset_parameters and torch.nn.init (xavier_*, kaiming_* with mode fan_in).
using System.Globalization;
using Mnemos.Tensors;

namespace Mnemos.Nn;

/// <summary>
/// How to draw a network's starting parameters. <see cref="Apply"/> fills layer by layer in
/// parameter order (weight [out × in] row-major, then bias), one draw per value from the given
/// <see cref="Rng"/>, so a seed fixes the result.
/// </summary>
internal abstract record InitScheme
{
    /// <summary>PyTorch's default gain for kaiming_* (nonlinearity leaky_relu with a = 0): √2.</summary>
    public const double KaimingDefaultGain = 1.4142135623730951;

    private protected InitScheme() { }

    /// <summary>torch.nn.Linear's default: weights and biases ~ U[−1/√fan_in, 1/√fan_in].</summary>
    public sealed record PyTorch : InitScheme
    {
        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            double bound = 1 / Math.Sqrt(fanIn);
            rng.FillUniform(weight, -bound, bound);
            rng.FillUniform(bias, -bound, bound);
        }

        public override string Name => "pytorch";
    }

    /// <summary>Weights ~ U[−Bound, Bound]; biases the same, or zero when <paramref name="ZeroBias"/>.</summary>
    public sealed record Uniform(double Bound, bool ZeroBias = false) : InitScheme
    {
        public double Bound { get; } = Positive(Bound, "bound");

        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            rng.FillUniform(weight, -Bound, Bound);
            if (ZeroBias) bias.Clear();
            else rng.FillUniform(bias, -Bound, Bound);
        }

        public override string Name => $"uniform:{Format(Bound)}" + (ZeroBias ? ":zero-bias" : "");
    }

    /// <summary>Weights ~ U[−b, b], b = Gain·√(6/(fan_in + fan_out)) (variance Gain²·2/(fan_in + fan_out)); biases zero.</summary>
    public sealed record XavierUniform(double Gain = 1) : InitScheme
    {
        public double Gain { get; } = Positive(Gain, "gain");

        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            double bound = Gain * Math.Sqrt(6.0 / (fanIn + fanOut));
            rng.FillUniform(weight, -bound, bound);
            bias.Clear();
        }

        public override string Name => WithGain("xavier-uniform", Gain, 1);
    }

    /// <summary>Weights ~ N(0, σ²), σ = Gain·√(2/(fan_in + fan_out)); biases zero.</summary>
    public sealed record XavierNormal(double Gain = 1) : InitScheme
    {
        public double Gain { get; } = Positive(Gain, "gain");

        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            rng.FillGaussian(weight, 0, Gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
            bias.Clear();
        }

        public override string Name => WithGain("xavier-normal", Gain, 1);
    }

    /// <summary>Weights ~ U[−b, b], b = Gain·√(3/fan_in) (variance Gain²/fan_in); biases zero.</summary>
    public sealed record KaimingUniform(double Gain = KaimingDefaultGain) : InitScheme
    {
        public double Gain { get; } = Positive(Gain, "gain");

        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            double bound = Gain * Math.Sqrt(3.0 / fanIn);
            rng.FillUniform(weight, -bound, bound);
            bias.Clear();
        }

        public override string Name => WithGain("kaiming-uniform", Gain, KaimingDefaultGain);
    }

    /// <summary>Weights ~ N(0, σ²), σ = Gain/√fan_in; biases zero.</summary>
    public sealed record KaimingNormal(double Gain = KaimingDefaultGain) : InitScheme
    {
        public double Gain { get; } = Positive(Gain, "gain");

        internal override void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng)
        {
            rng.FillGaussian(weight, 0, Gain / Math.Sqrt(fanIn));
            bias.Clear();
        }

        public override string Name => WithGain("kaiming-normal", Gain, KaimingDefaultGain);
    }

    /// <summary>The text form, e.g. <c>uniform:0.05:zero-bias</c>; <see cref="Parse"/> reads it back.</summary>
    public abstract string Name { get; }

    public sealed override string ToString() => Name;

    /// <summary>Overwrites every parameter of <paramref name="model"/> (gradients are left alone).</summary>
    public void Apply(Mlp model, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        for (int l = 0; l < model.LayerCount; l++)
            FillLayer(model.Weight(l), model.Bias(l), model.Spec.LayerInputs(l), model.Spec.LayerOutputs(l), rng);
    }

    /// <summary>Fills one layer: weight [fanOut × fanIn] first, then bias [fanOut] (empty without biases).</summary>
    internal abstract void FillLayer(Span<float> weight, Span<float> bias, int fanIn, int fanOut, Rng rng);

    /// <summary>Every accepted text form; A is a bound, GAIN a gain, both positive numbers.</summary>
    public static IReadOnlyList<string> Forms { get; } =
    [
        "pytorch", "uniform:A", "uniform:A:zero-bias", "xavier-uniform[:GAIN]", "xavier-normal[:GAIN]",
        "kaiming-uniform[:GAIN]", "kaiming-normal[:GAIN]",
    ];

    /// <summary>Reads a text form such as <c>pytorch</c>, <c>uniform:0.05</c> or <c>kaiming-normal:1</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The text is no valid form; the message names it and lists <see cref="Forms"/>.</exception>
    public static InitScheme Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':');
        InitScheme? scheme = (parts[0], parts.Length) switch
        {
            ("pytorch", 1) => new PyTorch(),
            ("uniform", 2) => TryNumber(parts[1]) is double a ? new Uniform(a) : null,
            ("uniform", 3) when parts[2] == "zero-bias" => TryNumber(parts[1]) is double a ? new Uniform(a, ZeroBias: true) : null,
            ("xavier-uniform", 1) => new XavierUniform(),
            ("xavier-uniform", 2) => TryNumber(parts[1]) is double g ? new XavierUniform(g) : null,
            ("xavier-normal", 1) => new XavierNormal(),
            ("xavier-normal", 2) => TryNumber(parts[1]) is double g ? new XavierNormal(g) : null,
            ("kaiming-uniform", 1) => new KaimingUniform(),
            ("kaiming-uniform", 2) => TryNumber(parts[1]) is double g ? new KaimingUniform(g) : null,
            ("kaiming-normal", 1) => new KaimingNormal(),
            ("kaiming-normal", 2) => TryNumber(parts[1]) is double g ? new KaimingNormal(g) : null,
            _ => null,
        };
        return scheme ?? throw new ArgumentException(
            $"unknown init '{text}': expected one of {string.Join(", ", Forms)} (A and GAIN positive numbers)");
    }

    static double? TryNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0
            ? value
            : null;

    static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentException($"init {name} {value.ToString(CultureInfo.InvariantCulture)}: must be a positive number");

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static string WithGain(string kind, double gain, double defaultGain) =>
        gain == defaultGain ? kind : $"{kind}:{Format(gain)}";
}
