// The activation functions Mnemos knows, their command-line names, and their constants.
// Values and derivatives are computed in ActivationKernels (fast) and ReferenceActivations (naive).
namespace Mnemos.Kernels;

/// <summary>Pointwise nonlinearity φ applied after every hidden layer.</summary>
public enum Activation
{
    /// <summary>φ(x) = x.</summary>
    Identity,
    /// <summary>φ(x) = max(x, 0); φ′(0) = 0 as in PyTorch.</summary>
    Relu,
    /// <summary>φ(x) = x for x &gt; 0, 0.01·x otherwise.</summary>
    LeakyRelu,
    /// <summary>φ(x) = scale·x for x &gt; 0, scale·alpha·(eˣ − 1) otherwise (PyTorch constants).</summary>
    Selu,
    /// <summary>φ(x) = x·σ(x).</summary>
    Swish,
    /// <summary>φ(x) = cos(x) − x.</summary>
    Cosid,
    /// <summary>φ(x) = x + sin(10x)/5.</summary>
    Sinusoid,
    /// <summary>φ(x) = 1/(1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>φ(x) = tanh(x).</summary>
    Tanh,
}

/// <summary>Names and constants of <see cref="Activation"/>.</summary>
internal static class Activations
{
    public const double LeakySlope = 0.01;
    public const double SeluAlpha = 1.6732632423543772848170429916717;
    public const double SeluScale = 1.0507009873554804934193349852946;

    static readonly (Activation Kind, string Name)[] names =
    [
        (Activation.Identity, "identity"),
        (Activation.Relu, "relu"),
        (Activation.LeakyRelu, "leaky_relu"),
        (Activation.Selu, "selu"),
        (Activation.Swish, "swish"),
        (Activation.Cosid, "cosid"),
        (Activation.Sinusoid, "sinusoid"),
        (Activation.Sigmoid, "sigmoid"),
        (Activation.Tanh, "tanh"),
    ];

    /// <summary>All names accepted by <see cref="Parse"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = names.Select(n => n.Name).ToArray();

    public static string Name(this Activation activation)
    {
        foreach (var (kind, name) in names)
            if (kind == activation) return name;
        throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
    }

    public static bool TryParse(string text, out Activation activation)
    {
        string key = text.Trim().ToLowerInvariant().Replace('-', '_');
        if (key == "silu") key = "swish";
        if (key == "leakyrelu") key = "leaky_relu";
        foreach (var (kind, name) in names)
        {
            if (name == key)
            {
                activation = kind;
                return true;
            }
        }
        activation = default;
        return false;
    }

    /// <summary>Parses a name such as <c>cosid</c>; throws with the list of known names.</summary>
    public static Activation Parse(string text) =>
        TryParse(text, out var a)
            ? a
            : throw new FormatException($"unknown activation '{text}': expected one of {string.Join(", ", Names)}");
}
