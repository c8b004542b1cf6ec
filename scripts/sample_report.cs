// Writes a sample report exercising every Reports element (image grid, line plot, histogram,
// heatmap, basin field, table, GIF, JSON) with synthetic, seeded data, for eyeballing a render:
//   dotnet run -c Release scripts/sample_report.cs -- /tmp/sample-report.html
//   scripts/screenshot_report.sh /tmp/sample-report.html /tmp/sample-report.png
#:project ../src/Mnemos/Mnemos.csproj
#:property PublishAot=false
using Mnemos.Imaging;
using Mnemos.Reports;
using Mnemos.Tensors;

string path = args.Length > 0 ? args[0] : "sample-report.html";
var rng = new Rng(7);

// Image grid: a row of 28×28 "digits" (blurred discs), their noisy copies and their recalls.
Image Disc(double cx, double cy, double r) => Image.FromVector(
    Enumerable.Range(0, 28 * 28).Select(i => (float)Math.Clamp(r - Math.Sqrt(Math.Pow(i % 28 - cx, 2) + Math.Pow(i / 28 - cy, 2)), 0, 1)).ToArray(), 28, 28, 1);
var stored = Enumerable.Range(0, 6).Select(k => Disc(8 + 2 * k, 14, 4 + k)).ToList();
var noisy = stored.Select(s => Image.FromVector(s.Pixels.Select(v => v + 0.3f * (float)rng.Gaussian()).ToArray(), 28, 28, 1)).ToList();
var grid = ImageGrid.Compose([stored, noisy, stored], scale: 3, gap: 2, background: 1f);

// Loss curves on a log axis, one with a divergent tail (NaN) to show the break.
double[] epochs = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
double[] train = epochs.Select(e => 0.5 * Math.Exp(-e / 12) + 1e-9).ToArray();
double[] lr = epochs.Select(e => e > 150 && e < 160 ? double.NaN : 0.3 * Math.Exp(-e / 25) + 1e-7).ToArray();
var loss = new LinePlot { Title = "Training loss", XLabel = "epoch", YLabel = "MSE", LogY = true }
    .Add("Adam, lr 1e-3", epochs, train).Add("SGD, lr 1e-1", epochs, lr);
double[] corruption = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
var recovery = new LinePlot { Title = "Recovery from corrupted inputs", XLabel = "fraction of pixels corrupted", YLabel = "recovered", Markers = true, YRange = (0, 1) }
    .Add("w = 256", corruption, [1, 1, 0.98, 0.9, 0.7, 0.4, 0.1]).Add("w = 1024", corruption, [1, 1, 1, 0.97, 0.88, 0.65, 0.3]);

// Spectral radii with the ρ = 1 line.
double[] radii = Enumerable.Range(0, 500).Select(_ => 0.6 + 0.15 * rng.Gaussian()).ToArray();
var histogram = new Histogram(radii, 30) { Title = "Spectral radius at stored examples", XLabel = "ρ(J)", YLabel = "count" }.ReferenceLine(1, "ρ = 1");

// Sweep table as a heatmap with a missing cell.
var sweep = new double[,] { { 10, 10, 9, 7 }, { 10, 8, 6, double.NaN }, { 9, 5, 2, 0 } };
var heatmap = new Heatmap(sweep)
{
    Title = "Attractors among 10 stored examples", XLabel = "width", YLabel = "depth",
    RowLabels = ["2", "4", "8"], ColumnLabels = ["64", "128", "256", "512"], CellFormat = "0", ColorBarLabel = "count",
};

// 2-D basins: three memories, nearest-memory raster, displacement arrows, Voronoi edges.
double[][] memories = [[-0.5, -0.4], [0.6, -0.2], [0.0, 0.7]];
const int n = 60;
var classes = new int[n * n];
for (int r = 0; r < n; r++)
    for (int c = 0; c < n; c++)
    {
        double x = -1 + (c + 0.5) * 2 / n, y = -1 + (r + 0.5) * 2 / n;
        int best = Enumerable.Range(0, 3).MinBy(k => Math.Pow(x - memories[k][0], 2) + Math.Pow(y - memories[k][1], 2));
        classes[r * n + c] = x > 0.85 && y > 0.85 ? -1 : best;
    }
var ax = new List<double>(); var ay = new List<double>(); var adx = new List<double>(); var ady = new List<double>();
for (int r = 0; r < 12; r++)
    for (int c = 0; c < 12; c++)
    {
        double x = -1 + (c + 0.5) / 6, y = -1 + (r + 0.5) / 6;
        int k = classes[(int)((y + 1) / 2 * n) * n + (int)((x + 1) / 2 * n)];
        if (k < 0) continue;
        ax.Add(x); ay.Add(y); adx.Add(memories[k][0] - x); ady.Add(memories[k][1] - y);
    }
// Voronoi edges of three points: rays from the circumcentre along each pair's bisector, away from the third point.
double[] a = memories[0], b = memories[1], m3 = memories[2];
double det = 2 * (a[0] * (b[1] - m3[1]) + b[0] * (m3[1] - a[1]) + m3[0] * (a[1] - b[1]));
double Sq(double[] p) => p[0] * p[0] + p[1] * p[1];
double ox = (Sq(a) * (b[1] - m3[1]) + Sq(b) * (m3[1] - a[1]) + Sq(m3) * (a[1] - b[1])) / det;
double oy = (Sq(a) * (m3[0] - b[0]) + Sq(b) * (a[0] - m3[0]) + Sq(m3) * (b[0] - a[0])) / det;
var voronoi = new List<(double X1, double Y1, double X2, double Y2)>();
foreach (var (i, j, k) in new[] { (0, 1, 2), (1, 2, 0), (2, 0, 1) })
{
    double dx = -(memories[j][1] - memories[i][1]), dy = memories[j][0] - memories[i][0];
    double mx = (memories[i][0] + memories[j][0]) / 2 - memories[k][0], my = (memories[i][1] + memories[j][1]) / 2 - memories[k][1];
    if (dx * mx + dy * my < 0) (dx, dy) = (-dx, -dy);
    voronoi.Add((ox, oy, ox + 5 * dx, oy + 5 * dy));
}
var field = new FieldPlot(classes, n, n, (-1, 1), (-1, 1), ["memory 1", "memory 2", "memory 3"]) { Title = "Basins of attraction", XLabel = "x₁", YLabel = "x₂", Width = 560, Height = 480 }
    .Arrows([.. ax], [.. ay], [.. adx], [.. ady], "f(x) − x")
    .Segments(voronoi.Select(e => e.X1).ToArray(), voronoi.Select(e => e.Y1).ToArray(), voronoi.Select(e => e.X2).ToArray(), voronoi.Select(e => e.Y2).ToArray(), "Voronoi edges")
    .Stars(memories.Select(m => m[0]).ToArray(), memories.Select(m => m[1]).ToArray(), "stored");

var frames = Gif.Frames(Enumerable.Range(0, 8).Select(t => ImageGrid.Upscale(
    Image.FromVector(noisy[2].Pixels.Zip(stored[2].Pixels, (a, b) => a + (b - a) * t / 7f).ToArray(), 28, 28, 1), 3)), 20);
var summary = new { seed = 7, memories = 3, spectralRadiusMax = radii.Max(), residual = double.NaN };

var report = new HtmlReport("Mnemos sample report <all elements>")
    .Paragraph("Synthetic, seeded data (seed 7) exercising every report element; nothing here is a measurement.")
    .Section("Stored, corrupted and recalled").Image(grid, "grid of stored, corrupted and recalled images", caption: "rows: stored, corrupted (σ = 0.3), recalled")
    .Gif(Gif.Encode(frames), "recall animation", "recall of the third example, 8 steps")
    .Section("Training").Svg(loss.ToSvg(), "the SGD curve has NaN losses at epochs 151–159, shown as a gap").Svg(recovery.ToSvg())
    .Section("Stability").Svg(histogram.ToSvg())
    .Table(["statistic", "value"], [["examples", radii.Length], ["max ρ", radii.Max()], ["fraction ρ < 1", radii.Count(r => r < 1) / (double)radii.Length], ["residual", double.NaN]], "spectral radius summary")
    .Section("Sweep").Svg(heatmap.ToSvg())
    .Section("Basins in 2-D").Svg(field.ToSvg())
    .Section("Raw data").Json("summary.json", ReportJson.Serialize(summary));
report.Save(path);
Console.WriteLine($"wrote {path}");
