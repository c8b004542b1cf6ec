// Seeded corruptions of one example seen as an image (ImageShape), with their text forms such as
// gaussian:0.1 or squares:3:5. The transforms themselves are in Corruption.Kinds.cs; batches and
// level sweeps in Corruptions.cs. Nothing here knows about networks or recall.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>
/// A named, seeded transform of one example x ∈ ℝᵈ, d = width·height·channels, whose values lie in
/// a data range [low, high] (default [0, 1]). "Pixel" means all channels at one (x, y). Fractions
/// are exact: a fraction P of N pixels is round(P·N) (halves away from zero) distinct pixels,
/// chosen by a partial Fisher–Yates shuffle, so a seed fixes which pixels and what they become.
/// </summary>
public abstract partial record Corruption
{
    private protected Corruption() { }

    /// <summary>The kind as it starts the text form: gaussian, uniform, salt-pepper, squares, half, dropout.</summary>
    public abstract string Kind { get; }

    /// <summary>The text form, e.g. <c>squares:3:5</c>; <see cref="Parse"/> reads it back.</summary>
    public abstract string Name { get; }

    /// <summary>The strength a curve varies: σ (gaussian), P (uniform, salt-pepper, dropout), K (squares), 0.5 (half).</summary>
    public abstract double Level { get; }

    /// <summary>The same corruption at another <see cref="Level"/> (other settings kept).</summary>
    /// <exception cref="ArgumentException">The level is not valid for this kind; the message shows it.</exception>
    public abstract Corruption WithLevel(double level);

    public sealed override string ToString() => Name;

    /// <summary>Corrupts <paramref name="example"/> in place with draws from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException">The length does not match the shape, or low ≥ high.</exception>
    public void ApplyInPlace(Span<float> example, ImageShape shape, Rng rng, double low = 0, double high = 1)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckRange(low, high);
        shape.Check(example.Length);
        Corrupt(example, shape, low, high, rng);
    }

    /// <summary>A corrupted copy of <paramref name="example"/>; see <see cref="ApplyInPlace"/>.</summary>
    public float[] Apply(ReadOnlySpan<float> example, ImageShape shape, Rng rng, double low = 0, double high = 1)
    {
        var copy = example.ToArray();
        ApplyInPlace(copy, shape, rng, low, high);
        return copy;
    }

    /// <summary>Corrupts one example whose length and range were checked by the caller.</summary>
    internal abstract void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng);

    /// <summary>round(P·N) with halves away from zero: the exact pixel count a fraction P of N selects.</summary>
    public static int PixelCount(double fraction, int pixels) =>
        (int)Math.Round(fraction * pixels, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The first <paramref name="count"/> entries of a Fisher–Yates shuffle of 0…pixels−1: entry i
    /// swaps position i with i + rng.NextInt(pixels − i). Distinct pixels, uniform over subsets.
    /// </summary>
    internal static int[] ChoosePixels(int pixels, int count, Rng rng)
    {
        var order = new int[pixels];
        for (int i = 0; i < pixels; i++) order[i] = i;
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.NextInt(pixels - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..count];
    }

    /// <summary>Every accepted text form; SIGMA ≥ 0, P a fraction in [0, 1], K ≥ 0 and S ≥ 1 integers.</summary>
    public static IReadOnlyList<string> Forms { get; } =
    [
        "gaussian:SIGMA", "gaussian:SIGMA:clip", "uniform:P", "salt-pepper:P", "squares:K:S",
        "half:top|bottom|left|right", "dropout:P",
    ];

    /// <summary>Reads a text form such as <c>gaussian:0.1</c>, <c>squares:3:5</c> or <c>half:left</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No valid form: the one-line message quotes the text and says what is wrong.</exception>
    public static Corruption Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] parts = spec.Trim().ToLowerInvariant().Split(':');
        try
        {
            return (parts[0], parts.Length) switch
            {
                ("gaussian", 2) => new Gaussian(Number(parts[1], "SIGMA")),
                ("gaussian", 3) when parts[2] == "clip" => new Gaussian(Number(parts[1], "SIGMA"), Clip: true),
                ("gaussian", 3) => throw new SpecException($"unknown option '{parts[2]}' (only 'clip')"),
                ("uniform", 2) => new Uniform(Number(parts[1], "P")),
                ("salt-pepper", 2) => new SaltPepper(Number(parts[1], "P")),
                ("dropout", 2) => new Dropout(Number(parts[1], "P")),
                ("squares", 3) => new Squares(Integer(parts[1], "K"), Integer(parts[2], "S")),
                ("half", 2) => new Half(ParseSide(parts[1])),
                ("gaussian" or "uniform" or "salt-pepper" or "dropout" or "squares" or "half", _) =>
                    throw new SpecException($"wrong number of parts; expected {Forms.First(f => f.StartsWith(parts[0] + ":", StringComparison.Ordinal))}"),
                _ => throw new SpecException($"unknown kind '{parts[0]}'; expected one of {string.Join(", ", Forms)}"),
            };
        }
        catch (SpecException e)
        {
            throw new ArgumentException($"corruption '{spec}': {e.Reason}", nameof(spec));
        }
    }

    /// <summary>A constructor or parser complaint; <see cref="Parse"/> restates it with the user's text.</summary>
    sealed class SpecException(string reason, string? spec = null)
        : ArgumentException(spec is null ? reason : $"corruption '{spec}': {reason}")
    {
        public string Reason { get; } = reason;
    }

    static double Number(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new SpecException($"{what} '{text}' is not a finite number");

    static int Integer(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new SpecException($"{what} '{text}' is not a non-negative integer");

    static HalfSide ParseSide(string text) => text switch
    {
        "top" => HalfSide.Top,
        "bottom" => HalfSide.Bottom,
        "left" => HalfSide.Left,
        "right" => HalfSide.Right,
        _ => throw new SpecException($"side '{text}': expected top, bottom, left or right"),
    };

    static double CheckFraction(double p, string kind) =>
        p is >= 0 and <= 1 ? p : throw new SpecException($"P {Format(p)} must be a fraction in [0, 1]", $"{kind}:{Format(p)}");

    static void CheckRange(double low, double high)
    {
        if (!(double.IsFinite(low) && double.IsFinite(high) && low < high))
            ThrowRange(low, high);
    }

    [DoesNotReturn]
    static void ThrowRange(double low, double high) =>
        throw new ArgumentException($"data range [{Format(low)}, {Format(high)}]: low and high must be finite with low < high");

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Which half <see cref="Corruption.Half"/> masks.</summary>
public enum HalfSide
{
    Top,
    Bottom,
    Left,
    Right,
}
