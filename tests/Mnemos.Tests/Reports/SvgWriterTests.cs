// SvgWriter: document shape, escaping of markup characters, invariant numbers, misuse errors.
using System.Xml.Linq;
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class SvgWriterTests
{
    [Fact]
    public void Document_is_standalone_svg_with_size_viewbox_and_title()
    {
        var svg = new SvgWriter(320.5, 200, "loss <train> & test");
        svg.Element("rect", ("x", 1.006), ("y", 2), ("width", 3.25), ("height", "4"));
        var doc = new SvgDocument(svg.ToString());
        Assert.Equal("320.5", (string?)doc.Root.Attribute("width"));
        Assert.Equal("200", (string?)doc.Root.Attribute("height"));
        Assert.Equal("0 0 320.5 200", (string?)doc.Root.Attribute("viewBox"));
        Assert.Equal("loss <train> & test", doc.All("title").Single().Value);
        var rect = doc.All("rect").Single();
        Assert.Equal(["1.01", "2", "3.25", "4"], new[] { "x", "y", "width", "height" }.Select(a => (string)rect.Attribute(a)!));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.001, "0")]
    [InlineData(1234567.891, "1234567.89")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-7, "0")]
    [InlineData(0.125, "0.13")]
    public void Numbers_use_a_dot_at_most_two_decimals_and_no_exponent(double value, string expected) =>
        Assert.Equal(expected, SvgWriter.Number(value));

    [Fact]
    public void Negative_zero_prints_as_zero() => Assert.Equal("0", SvgWriter.Number(-0.0));

    [Fact]
    public void Non_finite_numbers_are_rejected_with_the_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SvgWriter.Number(double.NaN));
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void Escaping_covers_markup_quotes_and_characters_xml_forbids()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", SvgWriter.Escape("a <b> & \"c\" 'd'"));
        Assert.Equal("x\uFFFDy\tz ρ 😀", SvgWriter.Escape("x\u0001y\tz ρ 😀"));
        Assert.Equal("\uFFFD", SvgWriter.Escape("\uD800"));
        var svg = new SvgWriter(10, 10);
        svg.Text(1, 2, "<&>\u0007\"'", "middle", ("data-label", "a\"<b>"));
        var text = new SvgDocument(svg.ToString()).All("text").Single();
        Assert.Equal("<&>\uFFFD\"'", text.Value);
        Assert.Equal("a\"<b>", (string?)text.Attribute("data-label"));
    }

    [Fact]
    public void Unclosed_elements_and_extra_closes_are_errors()
    {
        var svg = new SvgWriter(10, 10);
        svg.Open("g").Open("g", ("class", "inner"));
        Assert.Contains("unclosed elements: g, g", Assert.Throws<InvalidOperationException>(() => svg.ToString()).Message);
        svg.Close().Close();
        XDocument.Parse(svg.ToString());
        Assert.Throws<InvalidOperationException>(() => svg.Close());
    }

    [Fact]
    public void Size_must_be_positive()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SvgWriter(0, 5));
        Assert.Contains("SVG size 0x5", e.Message);
    }
}
