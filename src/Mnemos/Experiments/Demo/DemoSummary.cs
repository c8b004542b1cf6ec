// The numbers of a demo run as plain data: results.json holds exactly this, and the report's tables
// are built from the same values.
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Kernels;

namespace Mnemos.Experiments.Demo;

/// <summary>One certificate in results.json.</summary>
internal sealed record DemoCertificate(int Image, int Label, string Status, string? Reason, double Rho, double[] TopMagnitudes, double Offset,
    double FixedPointResidual, double EigenResidual, string Method);

/// <summary>One probe in results.json.</summary>
internal sealed record DemoProbeSummary(string Name, string Description, int Inputs, int Recovered, int SpuriousInputs, int DistinctSpurious,
    int Diverged, int NotConverged, int[] PerImage);

/// <summary>Basin radii of one shown image: certified (float iteration), certified for the exact map, and empirical over <paramref name="Directions"/> directions.</summary>
internal sealed record DemoBasin(int Image, int Label, double? Certified, double? CertifiedExact, double? Empirical, int Directions);

/// <summary>One consolidation check of the demo: passed of units at an epoch, the largest ρ, the MSE.</summary>
internal sealed record DemoRound(long Epoch, int Passed, int Units, double MaxRho, double Mse, bool Finished);

/// <summary>
/// Consolidation in the demo: where it started, how long it ran, whether every image passed, its
/// settings, its checks, and ρ at every image when it started (<paramref name="RadiiAtStart"/>).
/// </summary>
internal sealed record DemoConsolidation(double HandOverMse, long StartEpoch, long EndEpoch, int Rounds, bool Consolidated, double Seconds,
    double Sigma, double Margin, IReadOnlyList<DemoRound> Checks, IReadOnlyList<double> RadiiAtStart);

/// <summary>Every number of a demo run.</summary>
internal sealed record DemoSummary(
    string Command, string Preset, ulong Seed, int Threads, string Gemm, string Software,
    int Images, int Side, int Dimension, int Depth, int Width, string Activation, int[] Labels,
    long Epochs, double FinalMse, bool Converged, double TrainingSeconds, IReadOnlyList<Training.TrainingStage> Stages,
    double MaxOffset, double MaxResidual, int Attractors, int NotAttractors, int Undecided, int NotStored, double MaxRho, double MedianRho,
    IReadOnlyList<DemoCertificate> Certificates, IReadOnlyList<DemoProbeSummary> Probes, double Chance,
    RecoveryReport Recovery, IReadOnlyDictionary<string, double> Seconds)
{
    /// <summary>Certified and empirical basin radii of the shown images (null radius: not an attractor).</summary>
    public IReadOnlyList<DemoBasin>? Basins { get; init; }

    /// <summary>Consolidation, when the run used it (null: the study's procedure alone).</summary>
    public DemoConsolidation? Consolidation { get; init; }

    /// <summary>The summary table's rows: what a reader wants first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headline
    {
        get
        {
            static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
            var half = Recovery.Points.Where(p => p.Kind == "half").ToArray();
            var rows = new List<KeyValuePair<string, string>>
            {
                new("stored images", F($"{Images} ({Side}×{Side}, d = {Dimension})")),
                new("network", F($"{Depth} hidden × {Width}, {Activation}")),
                new("training", F($"{(Converged ? "reached" : "did not reach")} MSE {FinalMse:0.00e0} in {Epochs} epochs, {TrainingSeconds:0} s")),
                new("consolidation", Consolidation is not { } c ? "none (the study's procedure: --plain)"
                    : F($"from epoch {c.StartEpoch} (MSE {c.HandOverMse:0e0}): {c.Rounds} checks, {c.EndEpoch - c.StartEpoch} epochs, {(c.Consolidated ? "every image passed" : "stopped short")}")),
                new("stored as attractors", F($"{Attractors} of {Images} (ρ max {MaxRho:0.000}, median {MedianRho:0.000})")),
                new("stored, not attractors", F($"{NotAttractors}; undecided {Undecided}; not stored {NotStored}")),
                new("spurious attractors found", F($"{Probes.Sum(p => p.DistinctSpurious)} distinct, from {Probes.Sum(p => p.Inputs)} probe inputs")),
            };
            foreach (var p in Probes)
                rows.Add(new($"probe: {p.Description}", F($"{p.Recovered} of {p.Inputs} reached a stored image")));
            if (half.Length > 0)
                rows.Add(new("recovery from half-masked images", F($"network {half.Average(p => p.NetworkRate):P0}, 1-NN {half.Average(p => p.NearestNeighbourRate):P0}, Hopfield {half.Average(p => p.HopfieldRate):P0}")));
            rows.Add(new("total time", F($"{Seconds.Values.Sum():0} s")));
            return rows;
        }
    }

    public static DemoSummary Of(DemoResult r, string command)
    {
        var s = r.Settings;
        var units = r.Stored.Units;
        var radii = units.Select(u => u.Certificate.SpectralRadius).Order().ToArray();
        return new DemoSummary(
            command, s.Preset, s.Seed, s.Threads, r.Gemm, SoftwareVersion.Current.Version,
            r.Memory.Count, s.Side, s.Dimension, s.Depth, s.Width, s.Activation.Name(), r.Labels,
            r.Training.Overall.Epochs, r.Training.Overall.FinalLoss, r.Training.Overall.Converged, r.Training.Overall.Elapsed.TotalSeconds, r.Training.Stages,
            units.Max(u => u.Offset), units.Max(u => u.Residual),
            r.Stored.Count(StorageStatus.StoredAttractor), r.Stored.Count(StorageStatus.StoredNotAttractor),
            r.Stored.Count(StorageStatus.Undecided), r.Stored.Count(StorageStatus.NotStored), radii.Length == 0 ? double.NaN : radii[^1],
            radii.Length == 0 ? double.NaN : radii[radii.Length / 2],
            units.Select(u => new DemoCertificate(u.Unit, r.Labels[u.Unit], StoredMemory.Key(u.Status), u.IsStored ? null : u.Reason,
                u.Certificate.SpectralRadius, u.Certificate.TopEigenvalues.Select(l => l.Magnitude).ToArray(),
                u.Offset, u.Residual, u.Certificate.EigenResidual, u.Certificate.Method)).ToArray(),
            r.Probes.Select(p => new DemoProbeSummary(p.Name, p.Description, p.Report.Inputs, p.Report.ReachedStored, p.Report.SpuriousInputs,
                p.Report.Spurious.Count, p.Report.Diverged, p.Report.NotConverged, p.Report.PerExample)).ToArray(),
            r.Recovery.Chance, r.Recovery, r.Seconds)
        {
            Consolidation = r.Consolidation is not { } c ? null : new DemoConsolidation(s.HandOverMse, c.StartEpoch, c.EndEpoch, c.Rounds.Count,
                c.Consolidated, c.Elapsed.TotalSeconds, s.Consolidation.Sigma, s.Consolidation.Margin,
                c.Rounds.Select(x => new DemoRound(x.Epoch, x.Passed, x.Units, x.MaxRho, x.Loss, x.Finished)).ToArray(),
                c.Rounds.Count > 0 ? c.Rounds[0].Radii : []),
            Basins = r.Basins is not { } b ? null : b.Shown.Select(u => new DemoBasin(u, r.Labels[u], b.Certified[u]?.Radius, b.Certified[u]?.ExactRadius,
                b.Empirical[u]?.Radius, b.Directions)).ToArray(),
        };
    }
}
