// The report's basin-radius section: for each shown image, the certified radius (every start within
// it provably returns), the empirical radius (the nearest start that did not return, over random
// directions), their ratio, and beside them whether the corrupted copies of the recall pictures came
// back, with the size of each corruption, so a radius reads as "how much noise this image survives".
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Reports;

namespace Mnemos.Experiments.Demo;

static class DemoBasinSection
{
    public static void Add(HtmlReport html, DemoResult result)
    {
        if (result.Basins is not { } b) return;
        var memory = result.Memory;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var header = new List<string> { "image", "class", "status", "ρ", "certified r", $"empirical r ({b.Directions} directions)", "certified / empirical" };
        header.AddRange(result.Recalls.Select(r => $"{r.Corruption}: ‖corruption‖, back?"));
        var rows = b.Shown.Select(unit =>
        {
            var u = result.Stored.Units[unit];
            var c = b.Certified[unit];
            var e = b.Empirical[unit];
            var row = new List<object?>
            {
                unit, DemoPictures.ClassName(result.Labels[unit]), StoredMemory.Describe(u.Status), u.Certificate.SpectralRadius,
                c?.Radius, e?.Radius, c is not null && e is { Radius: > 0 } ? c.Radius / e.Radius : null,
            };
            foreach (var recall in result.Recalls)
            {
                int r = Array.IndexOf(recall.Rows, unit);
                if (r < 0) { row.Add(null); continue; }
                double size = Distance(recall.Inputs.Row(r), memory.Anchors.Row(unit));
                row.Add(F($"{size:0.00} {(RecallScore.IsRecovered(memory, recall.Results[r], unit) ? "✓" : "✗")}"));
            }
            return (IReadOnlyList<object?>)row;
        });
        var ratios = b.Shown.Where(u => b.Certified[u] is not null && b.Empirical[u] is { Radius: > 0 })
            .Select(u => b.Certified[u]!.Radius / b.Empirical[u]!.Radius).Order().ToArray();
        var chart = Chart(result, b);
        html.Section("Basin radii", "basins")
            .Paragraph("Certified radius r: every start x with ‖x − x̂ᵢ‖₂ ≤ r provably converges to x̂ᵢ under iteration of f, float rounding included " +
                "(the argument: docs/basin-radius.md). Empirical radius: along each of the random directions, the nearest start found (by bisection) " +
                "that does not return; the smallest over the directions. Beside them, the distance of each recall picture's corrupted input from x̂ᵢ and whether it came back." +
                (ratios.Length > 0 ? F($" Certified / empirical: median {ratios[ratios.Length / 2]:0.0e0}, smallest {ratios[0]:0.0e0}: the proof holds on a far smaller ball than the one that returns in practice.") : ""))
            .Svg(chart.ToSvg(), "Per shown image, on a log scale: the certified radius, the empirical radius, and the distance of each recall picture's corrupted input " +
                "from x̂ᵢ (filled: recall came back to the image; hollow: it did not). A marker left of a radius lies inside that ball.")
            .Table(header, rows, "The shown images (one per class); empty cells: not an attractor, so no radius.");
    }

    /// <summary>Certified and empirical radius per shown image with the corruption sizes of the recall pictures, log scale.</summary>
    static DotChart Chart(DemoResult result, DemoBasins b)
    {
        var memory = result.Memory;
        var labels = b.Shown.Select(u => $"{u} {DemoPictures.ClassName(result.Labels[u])}").ToArray();
        var chart = new DotChart(labels)
        {
            Title = "How far from each image recall still returns",
            XLabel = "distance from the stored image x̂ᵢ (‖·‖₂, log scale)",
            LogX = true,
            Height = DotChart.HeightFor(labels.Length, 2 + result.Recalls.Count),
        };
        chart.Add("certified r", b.Shown.Select(u => b.Certified[u]?.Radius ?? double.NaN).ToArray());
        chart.Add("empirical r", b.Shown.Select(u => b.Empirical[u]?.Radius ?? double.NaN).ToArray());
        foreach (var recall in result.Recalls)
        {
            var size = new double[b.Shown.Length];
            var lost = new bool[b.Shown.Length];
            for (int i = 0; i < size.Length; i++)
            {
                int r = Array.IndexOf(recall.Rows, b.Shown[i]);
                size[i] = r < 0 ? double.NaN : Distance(recall.Inputs.Row(r), memory.Anchors.Row(b.Shown[i]));
                lost[i] = r >= 0 && !RecallScore.IsRecovered(memory, recall.Results[r], b.Shown[i]);
            }
            chart.Add($"‖{recall.Corruption}‖", size, lost);
        }
        return chart;
    }

    static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
        return Math.Sqrt(sum);
    }
}
