// The unet experiments' outputs for people: summary lines, unet.md (settings, training, one table
// row per image) and a labelled PNG grid, one row per image: stored | noisy input | recall end point,
// ✓ when recall ended on the image's own located fixed point x̂ᵢ. Computing is UNetExperiment's.
using System.Globalization;
using System.Text;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Reports;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

internal static class UNetReport
{
    /// <summary>Pixels per image pixel in the figure: 32×32 patches at 3×.</summary>
    const int Scale = 3, Gap = 2;

    /// <summary>Column headers of the figure, left to right.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["stored", "noisy input", "recall end"];

    /// <summary>
    /// Writes the grid: row i is image i (H×W×C rows of 32×32×3), its noisy input and where recall
    /// ended, labelled "image i", with ✓ or ✗ from <paramref name="recalled"/>.
    /// </summary>
    public static void WriteFigure(string path, Matrix images, Matrix inputs, Matrix endPoints, IReadOnlyList<bool> recalled)
    {
        const int side = 32;
        Image ToImage(ReadOnlySpan<float> v) => ImageGrid.FromExample(v, side, side, 3);
        var rows = new List<IReadOnlyList<Image>>();
        for (int i = 0; i < images.Rows; i++)
            rows.Add([ToImage(images.Row(i)), ToImage(inputs.Row(i)), ToImage(endPoints.Row(i))]);
        var captions = new GridCaptions(Columns, Enumerable.Range(0, images.Rows).Select(i => $"image {i}").ToArray(),
            recalled.Select(r => (bool?)r).ToArray());
        var grid = GridLabels.Draw(ImageGrid.Compose(rows, Scale, Gap), side * Scale, side * Scale, Gap, captions);
        AtomicFile.Write(path, stream => Png.Encode(grid, stream));
    }

    public static string Markdown(string name, UNetSettings s, ulong seed, UNetOutcome o, string figure)
    {
        var b = new StringBuilder();
        b.AppendLine($"# {name}");
        b.AppendLine();
        b.AppendLine(Invariant($"Settings (seed {seed}): {s.Describe()}."));
        b.AppendLine();
        b.AppendLine(Training(o));
        b.AppendLine();
        b.AppendLine(Counts(s, o));
        b.AppendLine();
        b.AppendLine("ρ is the spectral radius of J = ∂f/∂x at the fixed point x̂ located next to each image (Newton–GMRES), " +
            "with its error bound (where Newton located no fixed point, at its best point); the verdict is the certificate's, " +
            "the status the store pipeline's (docs/memory-status.md). " +
            Invariant($"Recall iterates f from the image plus N(0, {s.Noise:G3}²) noise for at most {s.RecallSteps} steps; ✓ when it ends on the image's own x̂."));
        b.AppendLine();
        b.AppendLine("| image | ρ(J) at x̂ | verdict | status | ‖x̂ − x‖ | ‖f(x̂) − x̂‖ | Newton steps | recall steps | recall ends | |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < o.Status.Length; i++)
        {
            string status = StoredMemory.DescribeKey(o.Status[i]) + (o.StatusReason[i].Length > 0 ? $" ({o.StatusReason[i]})" : "");
            b.AppendLine(Invariant($"| {i} | {o.SpectralRadius[i]:F4} ± {o.RadiusError[i]:G2} | {o.Verdict[i].Replace('_', ' ')} | {status} | {o.Offset[i]:G3} | {o.FixedPointResidual[i]:G3} | {o.NewtonSteps[i]} | {o.RecallSteps[i]} | {o.RecallOutcome[i].Replace('_', ' ')} | {(o.Recalled[i] ? "✓" : "✗")} |"));
        }
        b.AppendLine();
        b.AppendLine($"![stored | noisy input | recall end]({figure})");
        return b.ToString();
    }

    public static ExperimentSummary Summary(UNetSettings s, UNetOutcome o, IReadOnlyList<string> files)
    {
        var lines = new List<string> { Training(o), Counts(s, o) };
        for (int i = 0; i < o.Status.Length; i++)
            lines.Add(Invariant($"  image {i}: ρ = {o.SpectralRadius[i]:F6} ± {o.RadiusError[i]:G2} ({o.Verdict[i]}), {o.Status[i]}, ‖x̂ − x‖ = {o.Offset[i]:G3}, recall {o.RecallOutcome[i]} after {o.RecallSteps[i]} steps"));
        var values = new Dictionary<string, double>
        {
            ["final_mse"] = o.FinalMse,
            ["epochs"] = o.Epochs,
            ["stored"] = o.Status.Count(k => k != StoredMemory.Key(StorageStatus.NotStored)),
            ["attractors"] = o.Status.Count(k => k == StoredMemory.Key(StorageStatus.StoredAttractor)),
            ["recalled"] = o.Recalled.Count(r => r),
            ["max_spectral_radius"] = o.SpectralRadius.Max(),
        };
        return new ExperimentSummary(lines, values, files);
    }

    static string Training(UNetOutcome o) =>
        Invariant($"trained {o.Epochs} epochs ({o.StopReason}) to MSE {o.FinalMse:G3} in {o.Seconds:F0} s, {o.ParameterCount} parameters");

    static string Counts(UNetSettings s, UNetOutcome o)
    {
        int stored = o.Status.Count(k => k != StoredMemory.Key(StorageStatus.NotStored));
        int attractors = o.Status.Count(k => k == StoredMemory.Key(StorageStatus.StoredAttractor));
        return Invariant($"{stored} of {s.Images} images stored, certified attractors {attractors} of {s.Images}; {o.Recalled.Count(r => r)} of {s.Images} recalled from noise σ {s.Noise:G3}");
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
