// Scalar double activations for the study's one-hidden-layer theory (PNAS 2020; arXiv 1909.12362 v1): every kernel activation (through
// ReferenceActivations) plus softplus, which the network kernels do not have. Softplus is only
// used by the theory and its double-precision check; it is deliberately not a kernel activation.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;

namespace Mnemos.Experiments.Theory;

/// <summary>
/// φ and φ′ as double functions, with the kernel <see cref="Activation"/> they match when there is one
/// (null for softplus: such a network can only be checked in double).
/// </summary>
internal sealed class ScalarActivation
{
    ScalarActivation(string name, Func<double, double> value, Func<double, double> derivative, Activation? kernel)
    {
        Name = name;
        Value = value;
        Derivative = derivative;
        Kernel = kernel;
    }

    public string Name { get; }

    /// <summary>φ(z).</summary>
    public Func<double, double> Value { get; }

    /// <summary>φ′(z).</summary>
    public Func<double, double> Derivative { get; }

    /// <summary>The network activation with the same φ, or null.</summary>
    public Activation? Kernel { get; }

    /// <summary>φ(z) = ln(1 + eᶻ), φ′(z) = σ(z); both evaluated without overflow.</summary>
    public static ScalarActivation Softplus { get; } = new("softplus",
        z => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))),
        z => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)),
        null);

    /// <summary>The activation of a network kernel, φ and φ′ from <see cref="ReferenceActivations"/>.</summary>
    public static ScalarActivation From(Activation activation) => new(activation.Name(),
        z => ReferenceActivations.Value(activation, z), z => ReferenceActivations.Derivative(activation, z), activation);

    /// <summary>All names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Activations.Names, "softplus"];

    /// <summary>Parses a kernel activation name or <c>softplus</c>; throws <see cref="FormatException"/> listing the names.</summary>
    public static ScalarActivation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("softplus", StringComparison.OrdinalIgnoreCase)) return Softplus;
        if (Activations.TryParse(text, out var kernel)) return From(kernel);
        throw new FormatException($"unknown activation '{text}': expected one of {string.Join(", ", Names)}");
    }

    /// <summary>λ₁(v) = φ′(v)·v/φ(v): the top Jacobian eigenvalue of an interpolating rank-1 network (the study's one-hidden-layer theory, PNAS 2020; arXiv 1909.12362 v1).</summary>
    public double Lambda(double v) => Derivative(v) * v / Value(v);

    public override string ToString() => Name;
}
