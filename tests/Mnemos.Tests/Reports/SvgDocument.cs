// Test helper: parses plot output as XML and finds elements by name and class.
using System.Globalization;
using System.Xml.Linq;

namespace Mnemos.Tests.Reports;

internal sealed class SvgDocument
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public SvgDocument(string svg)
    {
        Root = XDocument.Parse(svg).Root!;
        Assert.Equal(Ns + "svg", Root.Name);
    }

    public XElement Root { get; }

    public IEnumerable<XElement> All(string name) => Root.Descendants(Ns + name);

    public IEnumerable<XElement> ByClass(string name, string cssClass) =>
        All(name).Where(e => (string?)e.Attribute("class") == cssClass);

    public IEnumerable<XElement> InGroup(string groupClass, string name) =>
        ByClass("g", groupClass).SelectMany(g => g.Elements(Ns + name));

    public static double Number(XElement e, string attribute) =>
        double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    /// <summary>The "x,y x,y …" pairs of a polyline.</summary>
    public static (double X, double Y)[] Points(XElement polyline) =>
        ((string)polyline.Attribute("points")!).Split(' ').Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
}
