// The report's consolidation section: what consolidation did (its checks), and ρ at every stored
// image when it started and at the end, on the same axis, so a reader sees which images it moved
// and that it did not just shrink the whole map (the recovery and probe sections say the rest).
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Reports;

namespace Mnemos.Experiments.Demo;

static class DemoConsolidationSection
{
    public static void Add(HtmlReport html, DemoConsolidation c, StoredMemory stored)
    {
        var after = stored.Units.Select(u => u.Certificate.SpectralRadius).ToArray();
        double top = Math.Max(1.1, c.RadiiAtStart.Concat(after).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.02);
        Histogram Spectrum(IReadOnlyList<double> radii, string title) =>
            new Histogram(radii.ToArray(), 30) { Title = title, XLabel = "ρ", YLabel = "images", Range = (0, top) }.ReferenceLine(1, "ρ = 1");
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        html.Section("Consolidation", "consolidation")
            .Paragraph(F($"Plain training (Adam, constant rate) leaves it to the length of training which stored images become attractors. Here it ran to MSE {c.HandOverMse:0e0} (epoch {c.StartEpoch}); then ") +
                F($"consolidation checked ρ(J_f) at every image every round and put one noisy copy (σ = {c.Sigma}) of each image that had failed a check (ρ + error ≥ {1 - c.Margin}) into the batch, trained to the clean image: ") +
                "for small σ this penalizes ‖J_f‖_F² at that image (E‖f(x + σξ) − x‖² ≈ ‖f(x) − x‖² + σ²‖J_f(x)‖_F²). Once every image passed, stages at lower rates without copies took the MSE to the target, and the check ran again. " +
                F($"{(c.Consolidated ? "Every image passed the last check" : "Consolidation stopped before every image passed")} after {c.EndEpoch - c.StartEpoch} epochs ({c.Seconds:0} s). ") +
                "The verdicts that count are the certificates at the located fixed points (next section). Not the study's procedure: mnemos demo --plain runs that.")
            .Svg(Spectrum(c.RadiiAtStart, F($"ρ at the stored images when consolidation started (epoch {c.StartEpoch})")).ToSvg(), "Before: ρ(J_f) at each stored image.")
            .Svg(Spectrum(after, "ρ at the located fixed points at the end").ToSvg(), "After: ρ(J_f) at each located fixed point x̂ᵢ.")
            .Table(["epoch", "passed", "max ρ", "MSE", "after finishing"],
                c.Checks.Select(r => (IReadOnlyList<object?>)[r.Epoch, F($"{r.Passed} of {r.Units}"), r.MaxRho, r.Mse, r.Finished ? "yes" : ""]),
                "Each check: images with ρ + error < 1 − δ at the image.");
    }
}
