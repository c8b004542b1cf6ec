// Seeded weight initialization schemes, named as on the command line:
//   pytorch                 nn.Linear default: W and b ~ U[−1/√fan_in, 1/√fan_in]
//   uniform:A[:zero-bias]   W ~ U[−A, A]; b ~ U[−A, A] too, or 0 with :zero-bias
//   xavier-uniform[:G]      W ~ U[−G·√(6/(fan_in+fan_out)), +…], b = 0
//   xavier-normal[:G]       W ~ N(0, G²·2/(fan_in+fan_out)), b = 0
//   kaiming-uniform[:G]     W ~ U[−G·√(3/fan_in), +…], b = 0 (G defaults to √2, for ReLU-like units)
//   kaiming-normal[:G]      W ~ N(0, G²/fan_in), b = 0
// Layers are filled in parameter order (layer 0 weight, bias, layer 1 …) from one Rng.
using System.Globalization;
using Mnemos.Tensors;

namespace Mnemos.Nn;

/// <summary>How the parameters of an <see cref="Mlp"/> are drawn.</summary>
public sealed record InitScheme
{
    public enum Family { PyTorch, Uniform, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal }

    InitScheme(Family kind, double scale, bool zeroBias)
    {
        Kind = kind;
        Scale = scale;
        ZeroBias = zeroBias;
    }

    public Family Kind { get; }

    /// <summary>The bound a of uniform:a, or the gain of Xavier/Kaiming; unused for pytorch.</summary>
    public double Scale { get; }

    public bool ZeroBias { get; }

    public static InitScheme PyTorch { get; } = new(Family.PyTorch, 0, false);

    public static InitScheme Uniform(double bound, bool zeroBias = false) =>
        double.IsFinite(bound) && bound > 0 ? new(Family.Uniform, bound, zeroBias)
            : throw new ArgumentException($"uniform bound {Format(bound)}: must be a positive number");

    public static InitScheme Xavier(bool normal, double gain = 1) => new(normal ? Family.XavierNormal : Family.XavierUniform, CheckGain(gain), true);

    public static InitScheme Kaiming(bool normal, double gain = 1.4142135623730951) => new(normal ? Family.KaimingNormal : Family.KaimingUniform, CheckGain(gain), true);

    const string Forms = "pytorch, uniform:A, uniform:A:zero-bias, xavier-uniform[:GAIN], xavier-normal[:GAIN], kaiming-uniform[:GAIN], kaiming-normal[:GAIN]";

    /// <summary>The text form, which <see cref="Parse"/> reads back to an equal scheme.</summary>
    public string Name => Kind switch
    {
        Family.PyTorch => "pytorch",
        Family.Uniform => $"uniform:{Format(Scale)}{(ZeroBias ? ":zero-bias" : "")}",
        Family.XavierUniform => $"xavier-uniform:{Format(Scale)}",
        Family.XavierNormal => $"xavier-normal:{Format(Scale)}",
        Family.KaimingUniform => $"kaiming-uniform:{Format(Scale)}",
        _ => $"kaiming-normal:{Format(Scale)}",
    };

    public override string ToString() => Name;

    public static InitScheme Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        double Number(int i) => double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"init '{text}': '{parts[i]}' is not a number (forms: {Forms})");
        return (parts[0], parts.Length) switch
        {
            ("pytorch", 1) => PyTorch,
            ("uniform", 2) => Uniform(Number(1)),
            ("uniform", 3) when parts[2] == "zero-bias" => Uniform(Number(1), zeroBias: true),
            ("xavier-uniform" or "xavier-normal", 1) => Xavier(parts[0].EndsWith("normal")),
            ("xavier-uniform" or "xavier-normal", 2) => Xavier(parts[0].EndsWith("normal"), Number(1)),
            ("kaiming-uniform" or "kaiming-normal", 1) => Kaiming(parts[0].EndsWith("normal")),
            ("kaiming-uniform" or "kaiming-normal", 2) => Kaiming(parts[0].EndsWith("normal"), Number(1)),
            _ => throw new ArgumentException($"unknown init '{text}' (forms: {Forms})"),
        };
    }

    /// <summary>Draws every parameter of <paramref name="model"/> from <paramref name="rng"/>.</summary>
    public void Apply(Mlp model, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        for (int l = 0; l < model.LayerCount; l++)
        {
            int fanIn = model.Spec.LayerInputs(l), fanOut = model.Spec.LayerOutputs(l);
            var weight = model.Weight(l);
            var bias = model.Bias(l);
            double pytorchBound = 1 / Math.Sqrt(fanIn);
            switch (Kind)
            {
                case Family.PyTorch:
                    rng.FillUniform(weight, -pytorchBound, pytorchBound);
                    rng.FillUniform(bias, -pytorchBound, pytorchBound);
                    continue;
                case Family.Uniform:
                    rng.FillUniform(weight, -Scale, Scale);
                    break;
                case Family.XavierUniform:
                    double xb = Scale * Math.Sqrt(6.0 / (fanIn + fanOut));
                    rng.FillUniform(weight, -xb, xb);
                    break;
                case Family.XavierNormal:
                    rng.FillGaussian(weight, 0, Scale * Math.Sqrt(2.0 / (fanIn + fanOut)));
                    break;
                case Family.KaimingUniform:
                    double kb = Scale * Math.Sqrt(3.0 / fanIn);
                    rng.FillUniform(weight, -kb, kb);
                    break;
                case Family.KaimingNormal:
                    rng.FillGaussian(weight, 0, Scale / Math.Sqrt(fanIn));
                    break;
            }
            if (ZeroBias) bias.Clear();
            else rng.FillUniform(bias, -Scale, Scale);
        }
    }

    static double CheckGain(double gain) =>
        double.IsFinite(gain) && gain > 0 ? gain : throw new ArgumentException($"init gain {Format(gain)}: must be a positive number");

    static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
