// Colours for plots: a perceptual sequential map (viridis, interpolated from 17 stops) and a
// categorical palette (Okabe-Ito, distinguishable with common colour-vision deficiencies).
// Stops: scripts/viridis_stops.py prints them from matplotlib.
namespace Mnemos.Reports;

/// <summary>An 8-bit sRGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>"#rrggbb", lower case.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Relative luminance (WCAG, linearised sRGB), 0 = black, 1 = white.</summary>
    public double Luminance => 0.2126 * Linear(R) + 0.7152 * Linear(G) + 0.0722 * Linear(B);

    /// <summary>Black or white, whichever contrasts more with this colour as a background.</summary>
    public Rgb ContrastingText => Luminance > 0.179 ? new Rgb(0, 0, 0) : new Rgb(255, 255, 255);

    public static Rgb FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 7 || hex[0] != '#' || !uint.TryParse(hex.AsSpan(1), System.Globalization.NumberStyles.HexNumber, null, out uint v))
            throw new FormatException($"colour '{hex}' is not of the form #rrggbb");
        return new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    static double Linear(byte c)
    {
        double s = c / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }
}

internal static class Palette
{
    /// <summary>matplotlib's viridis at t = 0, 1/16, …, 1.</summary>
    static readonly Rgb[] ViridisStops =
    [
        Rgb.FromHex("#440154"), Rgb.FromHex("#48186a"), Rgb.FromHex("#472d7b"), Rgb.FromHex("#424086"), Rgb.FromHex("#3b528b"), Rgb.FromHex("#33638d"),
        Rgb.FromHex("#2c728e"), Rgb.FromHex("#26828e"), Rgb.FromHex("#21918c"), Rgb.FromHex("#1fa088"), Rgb.FromHex("#28ae80"), Rgb.FromHex("#3fbc73"),
        Rgb.FromHex("#5ec962"), Rgb.FromHex("#84d44b"), Rgb.FromHex("#addc30"), Rgb.FromHex("#d8e219"), Rgb.FromHex("#fde725"),
    ];

    /// <summary>Okabe-Ito order without black: blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, grey.</summary>
    static readonly Rgb[] CategoricalColors =
    [
        Rgb.FromHex("#0072b2"), Rgb.FromHex("#e69f00"), Rgb.FromHex("#009e73"), Rgb.FromHex("#d55e00"),
        Rgb.FromHex("#56b4e9"), Rgb.FromHex("#cc79a7"), Rgb.FromHex("#f0e442"), Rgb.FromHex("#999999"),
    ];

    /// <summary>Colour for missing values (NaN cells, unassigned points): a light neutral grey.</summary>
    public static Rgb Missing { get; } = Rgb.FromHex("#dddddd");

    public static int CategoricalCount => CategoricalColors.Length;

    /// <summary>
    /// Viridis at t ∈ [0, 1], linear in sRGB between the 17 stops (within 5/255 of matplotlib's
    /// 256-entry table). t is clamped; NaN gives <see cref="Missing"/>.
    /// </summary>
    public static Rgb Viridis(double t)
    {
        if (double.IsNaN(t)) return Missing;
        t = Math.Clamp(t, 0, 1) * (ViridisStops.Length - 1);
        int i = Math.Min((int)t, ViridisStops.Length - 2);
        double f = t - i;
        Rgb a = ViridisStops[i], b = ViridisStops[i + 1];
        return new Rgb(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    /// <summary>The i-th categorical colour, cycling after <see cref="CategoricalCount"/>; i &lt; 0 gives <see cref="Missing"/>.</summary>
    public static Rgb Categorical(int index) => index < 0 ? Missing : CategoricalColors[index % CategoricalColors.Length];

    static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
