// recovery (the study's 500-image memory and its 1-nearest-neighbour comparison, PNAS 2020; arXiv 1909.12362 v1): Fashion-MNIST images padded to 32×32 stored by an autoencoder;
// recovery curves of the network, 1-nearest-neighbour and modern Hopfield from corrupted copies over
// corruption levels (one SVG line plot per swept kind, a Markdown table), and a probe for spurious
// attractors from uniform noise, Gaussian noise of variance 4 and held-out test images.
// Cells: recovery-network, recovery-anchors (fixed points located and certified), recovery-curves, recovery-probe.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Reports;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

/// <summary>Fixed points located next to the stored images (float32 bytes, row after row) and their ρ(J_f) and verdicts.</summary>
internal sealed record AnchorCell(byte[] Anchors, double[] SpectralRadius, string[] Verdicts, double[] Residuals, string[] Statuses);

/// <summary>One probe source: inputs, how many reached a stored image, spurious inputs and distinct attractors, diverged, not converged.</summary>
internal sealed record ProbeSummary(string Source, int Inputs, int Recovered, int SpuriousInputs, int SpuriousAttractors,
    int[] LargestSpuriousCounts, int Diverged, int NotConverged, double Seconds);

/// <summary>The recovery experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class RecoveryExperiment(RecoverySettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json", TableFile = "recovery-table.md";

    public string Name => "recovery";

    public string Description => "Recovery from corrupted copies: network vs 1-NN vs modern Hopfield over corruption levels, and a spurious-attractor probe";

    public RecoverySettings SettingsFor(ExperimentPreset preset) => settings ?? RecoverySettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + (preset == ExperimentPreset.Study
        ? "; Fashion-MNIST padded to 32×32 instead of grayscale CIFAR-10, 1,000 held-out images instead of 40,000"
            + StudyScale.Describe(1, StudyScale.CoreHours(SettingsFor(preset).Network.Spec(RecoverySettings.Side * RecoverySettings.Side).ParameterCount, SettingsFor(preset).Examples, SettingsFor(preset).Network.MaxEpochs))
        : "; smaller than the study (500 colour 64×64 images, 10 × 1024 cosid; 60,000 probe inputs)");

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var shape = new ImageShape(RecoverySettings.Side, RecoverySettings.Side, 1);
        var stored = Padded("fashion-mnist:train", s.Examples);
        var (mlp, trained) = StagedNetworkCell.GetOrTrain(context, "recovery-network", $"fashion-mnist:train first {s.Examples}, padded to 32×32",
            stored, [], s.Network, context.Seed);
        string parameters = Convert.ToHexStringLower(SHA256.HashData(trained.Parameters));

        var anchors = context.Cells.GetOrCompute("recovery-anchors", new { parameters, data = StagedNetworkCell.Hash(stored), pipeline = "statuses" }, () =>
        {
            var assessed = MemoryBuilder.Build(new AssociativeMemory(mlp, stored), context.Gemm, context.Threads, cancellation: context.Cancellation);
            return new AnchorCell(MemoryMarshal.AsBytes(assessed.Memory.Anchors.Data.AsSpan()).ToArray(),
                assessed.Units.Select(u => u.Certificate.SpectralRadius).ToArray(),
                assessed.Units.Select(u => Keys.Of(u.Certificate.Verdict)).ToArray(), assessed.Units.Select(u => u.Residual).ToArray(),
                assessed.Units.Select(u => StoredMemory.Key(u.Status)).ToArray());
        });
        var memory = new AssociativeMemory(mlp, stored, null, new Matrix(stored.Rows, stored.Cols, MemoryMarshal.Cast<byte, float>(anchors.Anchors).ToArray()))
            .WithSpectralRadii(anchors.SpectralRadius).WithStoredRows(anchors.Statuses.Select(k => k != StoredMemory.Key(StorageStatus.NotStored)).ToArray());
        var recall = new RecallOptions { MaxSteps = s.MaxSteps };

        var corruptions = s.Sweeps.SelectMany(w => w.Corruptions()).ToArray();
        var curves = context.Cells.GetOrCompute("recovery-curves", new { parameters, s.Sweeps, s.Trials, s.MaxSteps, seed = context.Seed, match = "strict, rounding allowance widened by 1/(1 - rho), stored rows only" }, () =>
        {
            context.Report($"recovery: {corruptions.Length} corruptions × {s.Trials} trials × {stored.Rows} images");
            return Recovery.Run(memory, context.Gemm, corruptions, shape,
                new RecoveryOptions { Trials = s.Trials, Seed = context.Seed, Recall = recall }, cancellation: context.Cancellation);
        });
        var probes = context.Cells.GetOrCompute("recovery-probe", new { parameters, s.UniformProbes, s.GaussianProbes, s.HeldOutProbes, s.MaxSteps, seed = context.Seed, match = "strict, rounding allowance widened by 1/(1 - rho), stored rows only" },
            () => Probes(context, memory, s, recall));

        var files = new List<string> { ResultFile, TableFile };
        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(
            new { training = trained.Training, stages = trained.Stages, certificates = new { anchors.SpectralRadius, anchors.Verdicts, anchors.Residuals, anchors.Statuses }, curves, probes }, ExperimentJson.Indented));
        AtomicFile.WriteAllText(context.PathOf(TableFile), Table(curves));
        foreach (var sweep in s.Sweeps.Where(w => w.Levels.Length > 1))
        {
            string kind = Corruption.Parse(sweep.Spec).Kind, file = $"recovery-{kind}.svg";
            var points = curves.Points.Where(p => p.Kind == kind).ToArray();
            var plot = RecoveryPlot.Curves($"recovery from {kind} ({curves.Examples} images, {curves.Trials} trial(s))", points);
            AtomicFile.WriteAllText(context.PathOf(file), plot.ToSvg());
            files.Add(file);
        }
        return Summary(s, trained.Training, anchors, curves, probes, files);
    }

    static ProbeSummary[] Probes(ExperimentContext context, AssociativeMemory memory, RecoverySettings s, RecallOptions recall)
    {
        var rng = new Rng(context.Seed ^ 0x9B0B_E000_0000_0001UL);
        (string Source, Matrix Inputs)[] sources =
        [
            ("uniform", Probe.Uniform(memory, s.UniformProbes, rng)),
            ("gaussian variance 4", Probe.Gaussian(memory.Dimension, s.GaussianProbes, 4, rng)),
            ("fashion-mnist:test", Padded("fashion-mnist:test", s.HeldOutProbes)),
        ];
        return sources.Where(x => x.Inputs.Rows > 0).Select(x =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = Probe.Run(memory, context.Gemm, x.Inputs, recall, cancellation: context.Cancellation);
            context.Report(FormattableString.Invariant($"probe {x.Source}: {report.ReachedStored}/{report.Inputs} reached a stored image, {report.SpuriousInputs} a spurious attractor"));
            return new ProbeSummary(x.Source, report.Inputs, report.ReachedStored, report.SpuriousInputs, report.Spurious.Count,
                report.Spurious.Take(5).Select(a => a.Count).ToArray(), report.Diverged, report.NotConverged, clock.Elapsed.TotalSeconds);
        }).ToArray();
    }

    /// <summary>The first <paramref name="count"/> images of a Fashion-MNIST set, zero-padded by 2 pixels on each side to 32×32.</summary>
    public static Matrix Padded(string name, int count)
    {
        var set = BundledData.LoadImages(name, count);
        const int side = RecoverySettings.Side, pad = (RecoverySettings.Side - 28) / 2;
        var result = new Matrix(set.Count, side * side);
        for (int i = 0; i < set.Count; i++)
            for (int y = 0; y < set.Height; y++)
                set.Images.Row(i).Slice(y * set.Width, set.Width).CopyTo(result.Row(i).Slice((y + pad) * side + pad, set.Width));
        return result;
    }

    static string Table(RecoveryReport r)
    {
        var b = new System.Text.StringBuilder();
        b.AppendLine(Invariant($"Recovery of {r.Examples} stored images ({r.Shape}), {r.Trials} trial(s), {r.Match} matching; chance {r.Chance:P2}."));
        b.AppendLine();
        b.AppendLine("| corruption | inputs | network | 1-NN | modern Hopfield | other stored | spurious | diverged | not converged |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var p in r.Points)
            b.AppendLine(Invariant($"| {p.Corruption} | {p.Inputs} | {p.NetworkRate:P1} | {p.NearestNeighbourRate:P1} | {p.HopfieldRate:P1} | {p.OtherExample} | {p.Spurious} | {p.Diverged} | {p.NotConverged} |"));
        return b.ToString();
    }

    static ExperimentSummary Summary(RecoverySettings s, TrainingSummary t, AnchorCell anchors, RecoveryReport curves, ProbeSummary[] probes, List<string> files)
    {
        int attractors = anchors.Statuses.Count(v => v == StoredMemory.Key(StorageStatus.StoredAttractor));
        int notStored = anchors.Statuses.Count(v => v == StoredMemory.Key(StorageStatus.NotStored));
        var lines = new List<string>
        {
            Invariant($"recovery: {s.Examples} images, MLP {s.Network.Describe()}; training {t.StopReason}, MSE {t.FinalMse:E2} after {t.Epochs} epochs in {t.Seconds:F1} s"),
            Invariant($"recovery: {attractors}/{s.Examples} images stored as certified attractors, {notStored} not stored (ρ median {Median(anchors.SpectralRadius):F3}, max {anchors.SpectralRadius.Max():F3})"),
        };
        var values = new Dictionary<string, double>
        {
            ["training_epochs"] = t.Epochs, ["final_mse"] = t.FinalMse, ["training_seconds"] = t.Seconds, ["attractors"] = attractors,
        };
        foreach (var p in curves.Points)
        {
            lines.Add(Invariant($"recovery {p.Corruption}: network {p.NetworkRate:P1}, 1-NN {p.NearestNeighbourRate:P1}, modern Hopfield {p.HopfieldRate:P1} of {p.Inputs}"));
            values[$"{p.Corruption}.network"] = p.NetworkRate;
            values[$"{p.Corruption}.nearest_neighbour"] = p.NearestNeighbourRate;
            values[$"{p.Corruption}.hopfield"] = p.HopfieldRate;
        }
        foreach (var p in probes)
        {
            lines.Add(Invariant($"probe {p.Source}: {p.Recovered}/{p.Inputs} reached a stored image; {p.SpuriousInputs} reached {p.SpuriousAttractors} distinct spurious attractors; {p.Diverged} diverged, {p.NotConverged} did not converge ({p.Seconds:F1} s)"));
            values[$"probe.{p.Source}.spurious_attractors"] = p.SpuriousAttractors;
            values[$"probe.{p.Source}.recovered"] = p.Recovered;
        }
        return new ExperimentSummary(lines, values, files);
    }

    static double Median(double[] v) => v.Length == 0 ? double.NaN : v.Order().ElementAt(v.Length / 2);

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
