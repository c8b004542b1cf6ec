// A small streaming SVG builder: elements, attributes and text with XML escaping and
// invariant-culture numbers. It knows nothing about plots; Axis and the plot classes use it.
using System.Globalization;
using System.Text;

namespace Mnemos.Reports;

/// <summary>One attribute; tuples of (name, string | double | int) convert implicitly.</summary>
internal readonly record struct SvgAttribute(string Name, string Value)
{
    public static implicit operator SvgAttribute((string Name, string Value) a) => new(a.Name, a.Value);
    public static implicit operator SvgAttribute((string Name, double Value) a) => new(a.Name, SvgWriter.Number(a.Value));
    public static implicit operator SvgAttribute((string Name, int Value) a) => new(a.Name, a.Value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// Writes a standalone SVG document: the root has xmlns, width, height and a matching viewBox, and
/// a &lt;title&gt; child when one is given. Elements are opened and closed in order; <see cref="ToString"/>
/// closes the root (it throws if an inner element is still open).
/// </summary>
internal sealed class SvgWriter
{
    readonly StringBuilder text = new();
    readonly Stack<string> open = new();

    public SvgWriter(double width, double height, string? title = null)
    {
        if (!(width > 0) || !(height > 0) || double.IsInfinity(width) || double.IsInfinity(height))
            throw new ArgumentOutOfRangeException(nameof(width), $"SVG size {width}x{height}: both must be positive and finite");
        Width = width;
        Height = height;
        text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        AppendAttributes([("width", width), ("height", height), ("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            ("font-family", "sans-serif"), ("font-size", 12)]);
        text.Append(">\n");
        if (title is not null) TextElement("title", title);
    }

    public double Width { get; }
    public double Height { get; }

    /// <summary>Opens &lt;name …&gt;; close it with <see cref="Close"/>.</summary>
    public SvgWriter Open(string name, params SvgAttribute[] attributes)
    {
        text.Append('<').Append(name);
        AppendAttributes(attributes);
        text.Append(">\n");
        open.Push(name);
        return this;
    }

    public SvgWriter Close()
    {
        if (open.Count == 0) throw new InvalidOperationException("Close: no element is open");
        text.Append("</").Append(open.Pop()).Append(">\n");
        return this;
    }

    /// <summary>A self-closing element &lt;name … /&gt;.</summary>
    public SvgWriter Element(string name, params SvgAttribute[] attributes)
    {
        text.Append('<').Append(name);
        AppendAttributes(attributes);
        text.Append("/>\n");
        return this;
    }

    /// <summary>&lt;name …&gt;escaped content&lt;/name&gt;.</summary>
    public SvgWriter TextElement(string name, string content, params SvgAttribute[] attributes)
    {
        text.Append('<').Append(name);
        AppendAttributes(attributes);
        text.Append('>').Append(Escape(content)).Append("</").Append(name).Append(">\n");
        return this;
    }

    /// <summary>A &lt;text&gt; at (x, y); anchor is start, middle or end.</summary>
    public SvgWriter Text(double x, double y, string content, string anchor = "start", params SvgAttribute[] attributes) =>
        TextElement("text", content, [("x", x), ("y", y), ("text-anchor", anchor), .. attributes]);

    /// <summary>Appends markup verbatim (a nested, already well-formed fragment).</summary>
    public SvgWriter Raw(string markup)
    {
        text.Append(markup);
        return this;
    }

    public override string ToString()
    {
        if (open.Count != 0) throw new InvalidOperationException($"SVG has unclosed elements: {string.Join(", ", open)}");
        return text.ToString() + "</svg>\n";
    }

    /// <summary>
    /// Invariant-culture decimal with at most 2 fraction digits (1/100 px is below what renders) and
    /// no exponent; −0 prints as 0. Throws for NaN or ±∞, which have no place in SVG geometry.
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), $"SVG number {value} is not finite");
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0) return "0";
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Escapes &amp; &lt; &gt; " ' for text and attribute values. Characters XML 1.0 forbids
    /// (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/FFFF) become U+FFFD.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        escaped.Append(c).Append(value[++i]);
                    }
                    else if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        escaped.Append('\uFFFD');
                    }
                    else
                    {
                        escaped.Append(c);
                    }
                    break;
            }
        }
        return escaped.ToString();
    }

    void AppendAttributes(ReadOnlySpan<SvgAttribute> attributes)
    {
        foreach (var a in attributes)
            text.Append(' ').Append(a.Name).Append("=\"").Append(Escape(a.Value)).Append('"');
    }
}
