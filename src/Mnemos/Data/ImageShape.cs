// The width × height × channels layout under a flat example vector (row-major, channel fastest, as
// Image.ToVector writes it), with its text form WxHxC and the default guessed from a length alone.
using System.Globalization;

namespace Mnemos.Data;

/// <summary>
/// How a vector of <see cref="Size"/> values is seen as an image: value (x, y, c) sits at
/// <c>(y · Width + x) · Channels + c</c>. Channels may be any positive count (not only 1, 3, 4).
/// </summary>
public readonly record struct ImageShape
{
    public ImageShape(int width, int height, int channels)
    {
        if (width < 1 || height < 1 || channels < 1 || (long)width * height * channels > Array.MaxLength)
            throw new ArgumentException(Invariant($"image shape {width}x{height}x{channels}: width, height and channels must be at least 1 and their product at most {Array.MaxLength}"));
        (Width, Height, Channels) = (width, height, channels);
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }

    /// <summary>Width · Height: the unit that fraction-based corruptions count.</summary>
    public int Pixels => Width * Height;

    /// <summary>Width · Height · Channels: the length of an example vector.</summary>
    public int Size => Width * Height * Channels;

    /// <summary>The text form WxHxC, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Invariant($"{Width}x{Height}x{Channels}");

    /// <summary>
    /// The shape assumed when none is given: a square gray image when <paramref name="dimension"/> is
    /// a perfect square (784 → 28x28x1), else a one-row strip (35 → 35x1x1).
    /// </summary>
    public static ImageShape Default(int dimension)
    {
        if (dimension < 1) throw new ArgumentException(Invariant($"dimension {dimension}: must be at least 1"));
        int side = (int)Math.Round(Math.Sqrt(dimension));
        return side * side == dimension ? new ImageShape(side, side, 1) : new ImageShape(dimension, 1, 1);
    }

    /// <summary>Reads <c>WxHxC</c> or <c>WxH</c> (one channel); 'X' or '×' also separate.</summary>
    /// <exception cref="ArgumentException">The text is no such shape; the message shows it.</exception>
    public static ImageShape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Replace('×', 'x').Split('x');
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v : 0).ToArray();
        if (parts.Length is < 2 or > 3 || numbers.Contains(0) || numbers.Aggregate(1L, (a, v) => a * v) > Array.MaxLength)
            throw new ArgumentException($"image shape '{text}': expected WxHxC or WxH with positive integers, e.g. 28x28x1");
        return new ImageShape(numbers[0], numbers[1], parts.Length == 3 ? numbers[2] : 1);
    }

    /// <summary>Throws unless an example of <paramref name="length"/> values fits this shape.</summary>
    public void Check(int length)
    {
        if (length != Size)
            throw new ArgumentException(Invariant($"example has {length} values but image shape {this} needs {Size}"));
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
