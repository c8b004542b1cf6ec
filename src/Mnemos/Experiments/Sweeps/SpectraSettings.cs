// Settings of spectra (the study's Fig. 5, Jacobian spectra, PNAS 2020; arXiv 1909.12362 v1): a few autoencoders of growing depth and
// width storing the same images; at each stored example the spectral radius of the Jacobian and the
// top 1 % of its eigenvalue magnitudes, to see the spectra pushed towards zero.
using System.Globalization;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments.Sweeps;

/// <summary>One network of the spectra experiment.</summary>
public sealed record NetworkShape(int Width, int Depth)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"w{Width}-d{Depth}");
}

/// <summary>Everything that decides a spectra result besides the seed.</summary>
public sealed record SpectraSettings
{
    public required SweepData Data { get; init; }
    public required NetworkShape[] Networks { get; init; }
    public string Activation { get; init; } = "selu";
    public double LearningRate { get; init; } = 1e-4;
    public double[]? LaterRates { get; init; } = [1e-5, 1e-6];
    public long StagePatience { get; init; } = 2000;

    /// <summary>
    /// When set, the first rate runs exactly this many epochs, target reached or not, before the
    /// later rates take the network to the target: examples keep becoming attractors while Adam runs
    /// near its loss floor (docs/reproduction.md, "What training time does").
    /// </summary>
    public long? FirstStageEpochs { get; init; }
    public double TargetMse { get; init; } = 1e-8;

    /// <summary>A network stopped above this MSE did not converge (NA); see <see cref="StudyProtocol.NotConvergedMse"/>.</summary>
    public double NotConvergedMse { get; init; } = StudyProtocol.NotConvergedMse;
    public long MaxEpochs { get; init; } = 1_000_000;
    public double BudgetSeconds { get; init; } = 600;

    /// <summary>Fraction of the d eigenvalues whose magnitudes are kept per example (the top 1 %).</summary>
    public double TopFraction { get; init; } = 0.01;
    public int Bins { get; init; } = 20;

    /// <summary>
    /// Depth 1, 6, 11 at width 256, then widths 128 and 512 at depth 11: 100 images at 28×28; Adam
    /// 1e-4 for 30,000 epochs, then 1e-5 and 1e-6 to the target, at most 30 minutes per network.
    /// </summary>
    public static SpectraSettings Full { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 100, 28),
        Networks = [new(256, 1), new(256, 6), new(256, 11), new(128, 11), new(512, 11)],
        FirstStageEpochs = 30_000, BudgetSeconds = 1800,
    };

    /// <summary>
    /// The study's protocol (<see cref="StudyProtocol"/>): the full preset's networks trained with Adam
    /// at a constant 1e-4 (no first stage, no later rates) for up to 1,000,000 epochs, no time limit.
    /// </summary>
    public static SpectraSettings Study { get; } = Full with
    {
        LearningRate = StudyProtocol.AdaptiveLearningRate, LaterRates = null, FirstStageEpochs = null,
        TargetMse = StudyProtocol.TargetMse, NotConvergedMse = StudyProtocol.NotConvergedMse, MaxEpochs = StudyProtocol.MaxEpochs,
        BudgetSeconds = StudyScale.NoTimeLimitSeconds,
    };

    /// <summary>
    /// What this machine runs in minutes, at the reduced capacity-sweep's scale: 40 images at 14×14;
    /// depths 1, 4, 8 at width 128, then widths 64 and 256 at depth 8; Adam 1e-4 for 30,000 epochs
    /// (stopped at the target after a few thousand, most examples keep ρ &gt; 1), then 1e-5 and 1e-6 to
    /// the target; at most 60,000 epochs, so results do not depend on the machine's load.
    /// </summary>
    public static SpectraSettings Reduced { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 40, 14),
        Networks = [new(128, 1), new(128, 4), new(128, 8), new(64, 8), new(256, 8)],
        FirstStageEpochs = 30_000, MaxEpochs = 60_000, BudgetSeconds = 1800,
    };

    /// <summary>For tests and a first look: 8 images at 7×7; depths 1 and 3 at width 32, width 64 at depth 3; 3 s per network.</summary>
    public static SpectraSettings Quick { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 8, 7), Networks = [new(32, 1), new(32, 3), new(64, 3)],
        LearningRate = 1e-3, LaterRates = [1e-4, 1e-5], StagePatience = 500, MaxEpochs = 20_000, BudgetSeconds = 3, TopFraction = 0.05, Bins = 10,
    };

    public static SpectraSettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        ExperimentPreset.Reduced => Reduced,
        _ => Quick,
    };

    /// <summary>Eigenvalues kept per example: ⌈TopFraction · d⌉, at least 1.</summary>
    public int TopCount => Math.Max(1, (int)Math.Ceiling(TopFraction * Data.Dimension - 1e-9));

    public void Validate()
    {
        if (Networks.Length == 0) throw new ArgumentException("spectra: give at least one network");
        if (Networks.Select(n => n.Key).Distinct().Count() != Networks.Length) throw new ArgumentException($"spectra networks {string.Join(", ", Networks.Select(n => n.Key))}: repeated");
        if (!(TopFraction > 0 && TopFraction <= 1)) throw new ArgumentException($"top fraction {TopFraction}: must be in (0, 1]");
        if (Bins < 1) throw new ArgumentException($"bins {Bins}: must be at least 1");
        if (FirstStageEpochs is { } first && (first < 1 || LaterRates is null))
            throw new ArgumentException($"first stage of {first} epochs: must be at least 1 and needs later rates");
        foreach (var n in Networks) Cell(n, 0).Validate();
    }

    public MemoryCellSettings Cell(NetworkShape network, ulong seed) => new()
    {
        Data = Data, Width = network.Width, Depth = network.Depth, Activation = Activation, Optimizer = OptimizerSettings.Adam(LearningRate).Describe(),
        StageRates = LaterRates is null ? null : [LearningRate, .. LaterRates], Seed = seed,
        StagePatience = FirstStageEpochs is { } first ? Math.Max(StagePatience, first) : StagePatience,
        StageEpochs = FirstStageEpochs, MinEpochs = FirstStageEpochs ?? 0,
        TargetMse = TargetMse, NotConvergedMse = NotConvergedMse, MaxEpochs = MaxEpochs, BudgetSeconds = BudgetSeconds, TopCount = TopCount,
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Describe()}; autoencoders (width × depth) {string.Join(", ", Networks.Select(n => $"{n.Width}×{n.Depth}"))}; {Activation}, Adam lr {LearningRate:G3}")
        + (FirstStageEpochs is { } first ? string.Create(CultureInfo.InvariantCulture, $" for {first} epochs") : "")
        + (LaterRates is null ? "" : " then " + string.Join(", ", LaterRates.Select(r => r.ToString("G3", CultureInfo.InvariantCulture))) + " on plateaus")
        + string.Create(CultureInfo.InvariantCulture, $" to MSE {TargetMse:G3}, {StudyScale.DescribeBudget(BudgetSeconds, "each")}; top {TopCount} of {Data.Dimension} |λ| per example");
}
