// SVG path data for small glyphs (stars, arrows, markers) in pixel coordinates.
using System.Text;

namespace Mnemos.Reports;

internal static class Shapes
{
    /// <summary>A five-pointed star centred at (x, y) with outer radius r (inner radius 0.45·r), first point up.</summary>
    public static string Star(double x, double y, double r)
    {
        var d = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            double radius = i % 2 == 0 ? r : 0.45 * r;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            d.Append(i == 0 ? 'M' : 'L').Append(SvgWriter.Number(x + radius * Math.Cos(angle))).Append(' ')
                .Append(SvgWriter.Number(y + radius * Math.Sin(angle))).Append(' ');
        }
        return d.Append('Z').ToString();
    }

    /// <summary>
    /// A shaft from (x1, y1) to (x2, y2) with a triangular head of length <paramref name="head"/> at
    /// the tip (shrunk to 40 % of the arrow for short ones). Zero length gives an empty path.
    /// </summary>
    public static string Arrow(double x1, double y1, double x2, double y2, double head)
    {
        double dx = x2 - x1, dy = y2 - y1, length = Math.Sqrt(dx * dx + dy * dy);
        if (!(length > 1e-9)) return "";
        head = Math.Min(head, 0.4 * length);
        double ux = dx / length, uy = dy / length;
        double bx = x2 - head * ux, by = y2 - head * uy, w = 0.45 * head;
        static string N(double v) => SvgWriter.Number(v);
        return $"M{N(x1)} {N(y1)} L{N(bx)} {N(by)} M{N(x2)} {N(y2)} L{N(bx - w * uy)} {N(by + w * ux)} L{N(bx + w * uy)} {N(by - w * ux)} Z";
    }
}
