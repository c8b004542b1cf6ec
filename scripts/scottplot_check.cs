// Why the report's plots are Mnemos's own SVG (src/Mnemos/Reports) and not ScottPlot 5: draws one
// recovery-style line plot twice in one process with ScottPlot 5.1.59 and says whether the two SVG
// texts are identical, which fonts they name, and their size. Run: dotnet run -c Release scripts/scottplot_check.cs
// (2026-12-04: 24,405 bytes, not identical — clip-path ids come from a per-process counter — and
// text laid out with the system's "DejaVu Serif" through SkiaSharp). Writes plot.svg and plot2.svg
// into the current folder.
#:package ScottPlot@5.1.59
using System.Security.Cryptography;
double[] xs = Enumerable.Range(0, 25).Select(i => i * 0.04).ToArray();
double[] a = xs.Select(x => Math.Exp(-3 * x)).ToArray(), b = xs.Select(x => 1 - x).ToArray();
string Svg()
{
    var plt = new ScottPlot.Plot();
    var s1 = plt.Add.Scatter(xs, a); s1.LegendText = "network";
    var s2 = plt.Add.Scatter(xs, b); s2.LegendText = "1-NN";
    plt.Title("Recovery against corruption (Gaussian σ)");
    plt.XLabel("σ"); plt.YLabel("recovered fraction"); plt.ShowLegend();
    return plt.GetSvgXml(640, 360);
}
var sw = System.Diagnostics.Stopwatch.StartNew();
string one = Svg(); var t1 = sw.Elapsed; string two = Svg();
File.WriteAllText("plot.svg", one); File.WriteAllText("plot2.svg", two);
Console.WriteLine($"bytes {one.Length}, identical twice: {one == two}, first {t1.TotalMilliseconds:F0} ms, sha {Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(one)))[..12]}");
Console.WriteLine($"font-family mentions: {System.Text.RegularExpressions.Regex.Matches(one, "font-family=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().Aggregate("", (x, y) => x + y + ";")}");
Console.WriteLine($"<path count {System.Text.RegularExpressions.Regex.Matches(one, "<path").Count}, <text count {System.Text.RegularExpressions.Regex.Matches(one, "<text").Count}, base64 images {one.Contains("base64")}");
