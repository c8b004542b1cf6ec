// Writes a demo run as a folder: index.html (self-contained: images and plots inline), results.json
// (every number in the page), and the pictures as separate PNG/GIF files for reuse.
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Kernels;
using Mnemos.Reports;
using Mnemos.Training;

namespace Mnemos.Experiments.Demo;

/// <summary>The demo's report folder.</summary>
internal static class DemoReport
{
    /// <summary>Section ids of index.html, in order (tests check them).</summary>
    public static readonly string[] SectionIds = ["summary", "stored", "training", "certificates", "recall", "probes", "recovery", "reproduce"];

    /// <summary>
    /// Writes index.html, results.json, memory.safetensors (for mnemos certify/recall/probe),
    /// stored.png, recall-*.png and recall.gif into <paramref name="folder"/>.
    /// </summary>
    public static void Write(DemoResult result, string folder, string command)
    {
        Directory.CreateDirectory(folder);
        var summary = DemoSummary.Of(result, command);
        var stored = DemoPictures.Stored(result);
        Png.Write(stored, Path.Combine(folder, "stored.png"));
        var grids = result.Recalls.Select(r => DemoPictures.RecallGrid(result, r)).ToArray();
        for (int i = 0; i < grids.Length; i++) Png.Write(grids[i], Path.Combine(folder, $"recall-{Slug(result.Recalls[i].Corruption)}.png"));
        byte[] gif = DemoPictures.RecallAnimation(result, result.Recalls[0]);
        AtomicFile.WriteAllBytes(Path.Combine(folder, "recall.gif"), gif);
        ReportJson.Write(Path.Combine(folder, "results.json"), summary);
        MemoryFile.Save(Path.Combine(folder, "memory.safetensors"), result.Memory);

        var s = result.Settings;
        var html = new HtmlReport($"Mnemos demo: {result.Memory.Count} Fashion-MNIST images as attractors");

        html.Section("Summary", "summary")
            .Paragraph($"A fully connected network f: ℝ^{s.Dimension} → ℝ^{s.Dimension} ({s.Depth} hidden layers × {s.Width}, {s.Activation.Name()}) was trained to map each of " +
                $"{result.Memory.Count} Fashion-MNIST images ({s.Side}×{s.Side}, {s.PerClass} per class) to itself. Iterating f from a corrupted or random " +
                "input then settles on a stored image when that image is an attractor, which the spectrum of the Jacobian certifies (all |λ| < 1).")
            .Table(["measure", "value"], summary.Headline.Select(kv => (IReadOnlyList<object?>)[kv.Key, kv.Value]));

        html.Section("Stored images", "stored")
            .Image(stored, "the stored images", caption: StoredCaption(result))
            .Paragraph($"Training leaves each xᵢ a little off the true fixed point x̂ᵢ next to it (Newton finds it): max ‖x̂ᵢ − xᵢ‖ = {HtmlReport.FormatNumber(summary.MaxOffset)}, max ‖f(x̂ᵢ) − x̂ᵢ‖ = {HtmlReport.FormatNumber(summary.MaxResidual)}. Recall and certificates use x̂ᵢ.");

        var loss = new LinePlot { Title = "Training loss", XLabel = "epoch", YLabel = "MSE", LogY = true };
        loss.Add("MSE", result.Training.Overall.LossHistory.Select(p => (double)p.Epoch).ToArray(), result.Training.Overall.LossHistory.Select(p => p.Loss).ToArray());
        loss.Add("target", new double[] { 0, Math.Max(1, result.Training.Overall.Epochs) }, new[] { s.TargetMse, s.TargetMse });
        html.Section("Training", "training")
            .Svg(loss.ToSvg(), result.Consolidation is null
                ? "Full-batch Adam in learning-rate stages; a stage ends at its fixed length or when the loss stops halving."
                : "Full-batch Adam to the hand-over MSE, consolidation rounds (noisy copies in the batch), then finishing stages at lower rates.")
            .Table(["stage", "learning rate", "first epoch", "epochs", "final MSE", "ended"],
                result.Training.Stages.Select((t, i) => (IReadOnlyList<object?>)[i + 1, t.LearningRate, t.StartEpoch, t.Epochs, t.FinalLoss, Ended(t.Reason)]));
        if (summary.Consolidation is { } c) DemoConsolidationSection.Add(html, c, result.Stored);

        var units = result.Stored.Units;
        var radii = units.Select(u => u.Certificate.SpectralRadius).ToArray();
        var histogram = new Histogram(radii, Math.Clamp(radii.Length / 3, 5, 30)) { Title = "Spectral radius of J_f at the stored images", XLabel = "ρ", YLabel = "images" }
            .ReferenceLine(1, "ρ = 1");
        html.Section("Certificates", "certificates")
            .Svg(histogram.ToSvg(), "ρ < 1: attractor (Proposition 1); ρ > 1: not an attractor.")
            .Paragraph(result.Stored.Summary() + $", {result.Stored.Count(StorageStatus.NotStored)} not stored. " +
                "An image is stored when Newton's method finds a fixed point x̂ of f next to it (‖f(x̂) − x̂‖ ≤ 1e-5·max(1, ‖x̂‖)), within " +
                "min(1000·‖f(x) − x‖, √(d·0.01)) of the image, nearer to it than to any other image, and shared with none; " +
                "it is an attractor when ρ plus its error bound is below 1 − 0.001.")
            .Table(["image", "class", "ρ", "top |λ|s", "‖f(x̂) − x̂‖", "‖x̂ − x‖", "status"],
                units.OrderByDescending(u => u.Certificate.SpectralRadius).Take(10).Select(u => (IReadOnlyList<object?>)
                    [u.Unit, DemoPictures.ClassName(result.Labels[u.Unit]), u.Certificate.SpectralRadius, string.Join(", ", u.Certificate.TopEigenvalues.Take(3).Select(l => l.Magnitude.ToString("0.000", CultureInfo.InvariantCulture))),
                     u.Residual, u.Offset, StoredMemory.Describe(u.Status) + (u.IsStored ? "" : $" ({Failure(u.Failure)})")]),
                "The ten stored images with the largest ρ.");

        html.Section("Recall from corrupted inputs", "recall");
        for (int i = 0; i < grids.Length; i++)
        {
            var recall = result.Recalls[i];
            int recovered = Enumerable.Range(0, recall.Results.Length).Count(r => RecallScore.IsRecovered(result.Memory, recall.Results[r], recall.Rows[r]));
            var cells = DemoPictures.RecallCells(result, recall);
            html.ImageTable(["class", .. DemoPictures.RecallColumns, "recalled"],
                cells.Select((row, r) => (IReadOnlyList<object?>)[DemoPictures.ClassName(result.Labels[recall.Rows[r]]), .. row,
                    RecallScore.IsRecovered(result.Memory, recall.Results[r], recall.Rows[r]) ? "✓" : "✗"]),
                DemoPictures.Scale(result), $"recall under {recall.Corruption}",
                $"{recall.Corruption}: the stored image, its corrupted copy, the iterates of f after 1, 2, 4, … steps, the end point and the nearest stored image (1-NN); " +
                $"✓ when recall ends at the row's own image. {recovered} of {recall.Results.Length} recalled.");
        }
        html.Gif(gif, "recall trajectories", $"Iterating f from the {result.Recalls[0].Corruption} inputs, log-spaced steps.");

        DemoBasinSection.Add(html, result);

        html.Section("Probes for spurious attractors", "probes")
            .Table(["inputs", "count", "reached a stored image", "spurious (distinct)", "diverged", "not converged", "images reached"],
                result.Probes.Select(p => (IReadOnlyList<object?>)[p.Description, p.Report.Inputs, p.Report.ReachedStored,
                    $"{p.Report.SpuriousInputs} ({p.Report.Spurious.Count})", p.Report.Diverged, p.Report.NotConverged, p.Report.PerExample.Count(c => c > 0)]));
        if (DemoPictures.Spurious(result) is { } spurious)
            html.Image(spurious, "spurious attractors", caption: "The spurious attractors reached most often.");
        else
            html.Paragraph("No probe ended on a spurious attractor.");

        html.Section("Recovery: network vs 1-NN vs modern Hopfield", "recovery")
            .Paragraph(Invariant($"Every stored image corrupted once per level; recovered when recall ends at that image (strict match to x̂ᵢ), when it is the nearest stored image (1-NN), or when modern-Hopfield retrieval (β = {s.HopfieldBeta}, one update) ends nearest to it with MSE < 1e-2. Chance is {summary.Chance:0.###}."));
        foreach (var kind in result.Recovery.Points.GroupBy(p => p.Kind))
        {
            // A kind swept over levels is a curve; corruptions with one level each (the half masks) are rows of a dot chart.
            if (kind.Select(p => p.Level).Distinct().Count() > 1)
                html.Svg(RecoveryPlot.Curves($"Recovery under {kind.Key}", kind.ToArray()).ToSvg());
            else if (kind.Key == "half")
                html.Svg(RecoveryPlot.Methods("Recovery from half-masked images", kind.ToArray()).ToSvg(),
                    "Each stored image with one half set to black (the data's low value): the fraction recovered by iterating f (network), by the nearest stored image (1-NN) and by modern Hopfield; dashed: chance.");
        }
        html.Table(["corruption", "network", "1-NN", "Hopfield", "other stored", "spurious", "diverged", "not converged"],
            result.Recovery.Points.Select(p => (IReadOnlyList<object?>)[p.Corruption, p.NetworkRate, p.NearestNeighbourRate, p.HopfieldRate,
                p.OtherExample, p.Spurious, p.Diverged, p.NotConverged]));

        html.Section("Reproduce", "reproduce")
            .Paragraph($"Command: {command}. Same seed, machine and thread count give the same numbers.")
            .Table(["stage", "seconds"], result.Seconds.Select(kv => (IReadOnlyList<object?>)[kv.Key, kv.Value]))
            .Json("results.json", ReportJson.Serialize(summary));
        html.Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>The stored-images caption, naming the classes in the order they appear.</summary>
    static string StoredCaption(DemoResult result)
    {
        var classes = result.Labels.Distinct().Select(DemoPictures.ClassName);
        return result.Settings.PerClass > 1
            ? $"The stored images, one class per row, top to bottom: {string.Join(", ", classes)}."
            : $"The stored images, one per class, left to right: {string.Join(", ", classes)}.";
    }

    /// <summary>Why a training stage ended, in words.</summary>
    internal static string Ended(StopReason reason) => reason switch
    {
        StopReason.Converged => "reached the target",
        StopReason.MaxEpochs => "epoch limit",
        StopReason.TimeBudget => "time budget",
        StopReason.Cancelled => "cancelled",
        StopReason.Diverged => "diverged",
        StopReason.Plateau => "loss stopped halving",
        _ => reason.Key(),
    };

    /// <summary>Why an image is not stored, in words.</summary>
    internal static string Failure(StorageFailure failure) => failure switch
    {
        StorageFailure.NoFixedPoint => "no fixed point",
        StorageFailure.TooFar => "fixed point too far",
        StorageFailure.NearerOther => "nearer another image",
        StorageFailure.Shared => "shares a fixed point",
        _ => StoredMemory.Key(failure),
    };

    static string Slug(string spec) => new(spec.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
