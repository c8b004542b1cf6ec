// The demo pipeline: store bundled Fashion-MNIST images in a network, locate and certify the fixed
// points, probe with noise and held-out images, run the recovery benchmark against 1-NN and modern
// Hopfield, and recall a few corrupted examples with their trajectories for the pictures.
// Writing the report is DemoReport's; printing is the CLI's.
using System.Diagnostics;
using System.Globalization;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Imaging;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments.Demo;

/// <summary>A named probe (uniform noise, Gaussian noise, held-out images) and what it found.</summary>
internal sealed record DemoProbe(string Name, string Description, ProbeReport Report);

/// <summary>Recall of corrupted copies of the shown stored rows <paramref name="Rows"/> under one corruption, trajectories kept.</summary>
internal sealed record DemoRecall(string Corruption, int[] Rows, Matrix Inputs, RecallResult[] Results, int[] NearestNeighbour);

/// <summary>Certified and empirical basin radii, indexed by unit; <paramref name="Shown"/> lists the units measured.</summary>
internal sealed record DemoBasins(int[] Shown, BasinCertificate?[] Certified, EmpiricalBasin?[] Empirical, int Directions);

/// <summary>Everything one demo run measured.</summary>
internal sealed record DemoResult(
    DemoSettings Settings, int[] Labels, StagedTrainingResult Training, ConsolidationResult? Consolidation, StoredMemory Stored,
    IReadOnlyList<DemoProbe> Probes, RecoveryReport Recovery, IReadOnlyList<DemoRecall> Recalls,
    IReadOnlyDictionary<string, double> Seconds, string Gemm)
{
    /// <summary>Basin radii of the shown images: certified (null where not an attractor or not shown) and empirical.</summary>
    public DemoBasins? Basins { get; init; }

    public ImageShape Shape => new(Settings.Side, Settings.Side, 1);

    /// <summary>The memory as assessed: anchored at the located fixed points, with ρ and the stored rows attached.</summary>
    public AssociativeMemory Memory => Stored.Memory;

    public int SpuriousAttractors => Probes.Sum(p => p.Report.Spurious.Count);
}

/// <summary>Runs the demo.</summary>
internal static class DemoRun
{
    /// <summary>
    /// Runs every stage of the demo. <paramref name="stage"/> hears the name of each stage as it starts;
    /// <paramref name="training"/> sees training progress.
    /// </summary>
    public static DemoResult Execute(DemoSettings settings, Action<string>? stage = null, Action<TrainingProgress>? training = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var gemm = GemmBackends.Create(settings.Backend, settings.Threads);
        try
        {
            return Run(settings, gemm, stage, training, cancellation);
        }
        finally
        {
            gemm.Dispose();
        }
    }

    static DemoResult Run(DemoSettings settings, IGemm gemm, Action<string>? stage, Action<TrainingProgress>? training, CancellationToken cancellation)
    {
        var seconds = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        void Begin(string name)
        {
            cancellation.ThrowIfCancellationRequested();
            stage?.Invoke(name);
            clock.Restart();
        }
        void End(string key) => seconds[key] = clock.Elapsed.TotalSeconds;

        Begin($"loading {settings.StoredCount} Fashion-MNIST images ({settings.Side}×{settings.Side})");
        var (stored, labels) = LoadStored(settings);
        var heldOut = LoadHeldOut(settings);
        End("load");

        Begin($"storing: {settings.Depth} hidden layers × {settings.Width}, {settings.Activation.Name()}, Adam, to MSE ≤ {settings.TargetMse:0e0}"
            + (settings.Consolidate ? $", consolidated from MSE {settings.HandOverMse:0e0}" : ""));
        var setup = new TrainingSetup(new MlpSpec(settings.Dimension, settings.Dimension, settings.Depth, settings.Width, settings.Activation),
            InitScheme.Parse("pytorch"), OptimizerSettings.Adam(settings.LearningRates[0]), settings.Seed);
        var mlp = setup.CreateNetwork();
        var (trained, consolidation) = settings.Consolidate
            ? Consolidated(settings, mlp, setup, TrainingTask.Autoencode(stored), gemm, stage, training, cancellation)
            : (StagedTraining.Run(mlp, TrainingTask.Autoencode(stored), gemm, setup.Optimizer,
                new LearningRateStages(settings.LearningRates, settings.Patience, settings.StageEpochs),
                new TrainerOptions { TargetMse = settings.TargetMse, MaxEpochs = settings.MaxEpochs }, training, cancellation), null);
        cancellation.ThrowIfCancellationRequested();
        End("train");

        Begin("locating the fixed points next to the stored images (Newton) and certifying each by the spectrum of the Jacobian");
        var assessed = MemoryBuilder.Build(new AssociativeMemory(mlp, stored), gemm, settings.Threads, cancellation: cancellation);
        var memory = assessed.Memory;
        End("store");

        var recall = new RecallOptions { MaxSteps = settings.MaxSteps, StallWindow = settings.StallWindow };
        var rng = new Rng(settings.Seed + 1);
        var probes = new List<DemoProbe>();
        Begin($"probing with {settings.NoiseProbes} uniform, {settings.NoiseProbes} Gaussian and {heldOut.Rows} held-out inputs");
        probes.Add(new("uniform", "uniform noise on [0, 1]",
            Probe.Run(memory, gemm, Probe.Uniform(memory, settings.NoiseProbes, rng), recall, cancellation: cancellation)));
        probes.Add(new("gaussian", "Gaussian noise, variance 4 (the study's)",
            Probe.Run(memory, gemm, Probe.Gaussian(settings.Dimension, settings.NoiseProbes, 4, rng), recall, cancellation: cancellation)));
        probes.Add(new("held-out", "Fashion-MNIST test images, never stored",
            Probe.Run(memory, gemm, heldOut, recall, cancellation: cancellation)));
        End("probe");

        var shape = new ImageShape(settings.Side, settings.Side, 1);
        var corruptions = settings.Recovery.SelectMany(s => s.Corruptions()).ToArray();
        Begin($"recovery benchmark: {corruptions.Length} corruptions × {memory.Count} images, network vs 1-NN vs modern Hopfield");
        var recovery = Recovery.Run(memory, gemm, corruptions, shape,
            new RecoveryOptions { Seed = settings.Seed, Recall = recall, HopfieldBeta = settings.HopfieldBeta }, cancellation: cancellation);
        End("recovery");

        Begin("recalling corrupted examples for the pictures");
        var shown = ShownRows(labels, settings.ShownExamples);
        var shownStored = new Matrix(shown.Length, settings.Dimension);
        for (int r = 0; r < shown.Length; r++) memory.Examples.Row(shown[r]).CopyTo(shownStored.Row(r));
        var recalls = settings.ShownCorruptions.Select(spec =>
        {
            var corruption = Corruption.Parse(spec);
            var inputs = Corruptions.Apply(corruption, shownStored, shape, Recovery.Stream(corruption, settings.Seed + 2));
            var results = Dynamics.Recall.Run(memory, gemm, inputs, recall with { TrajectoryEvery = 1 }, cancellation: cancellation);
            return new DemoRecall(spec, shown, inputs, results, NearestNeighbour.Recall(memory.Examples, inputs, gemm));
        }).ToArray();
        End("pictures");

        var measured = shown.Take(settings.RadiusImages).ToArray();
        Begin($"certifying basin radii of {measured.Length} shown images, and empirical radii from {settings.RadiusDirections} random directions");
        var certified = BasinRadius.All(assessed, gemm.Backend, settings.Threads, cancellation: cancellation, only: measured);
        var empirical = EmpiricalRadius.All(assessed, gemm, certified,
            new EmpiricalRadiusOptions { Directions = settings.RadiusDirections, Seed = settings.Seed + 3 }, cancellation);
        End("radius");

        return new DemoResult(settings, labels, trained, consolidation, assessed, probes, recovery, recalls, seconds, gemm.Name)
        {
            Basins = new DemoBasins(measured, certified, empirical, settings.RadiusDirections),
        };
    }

    /// <summary>
    /// Adam at the first rate to the hand-over MSE, then consolidation. The whole run is also given
    /// as stages (plain, consolidation rounds, finishing stages) so the report reads it like the plain path.
    /// </summary>
    static (StagedTrainingResult, ConsolidationResult) Consolidated(DemoSettings settings, Mlp mlp, TrainingSetup setup, TrainingTask task,
        IGemm gemm, Action<string>? stage, Action<TrainingProgress>? training, CancellationToken cancellation)
    {
        var trainer = new Trainer(mlp, setup.Optimizer.Create(mlp.Parameters.Length), task, gemm);
        if (training is not null) trainer.Progress += training;
        var plain = trainer.Run(new TrainerOptions { TargetMse = settings.HandOverMse, MaxEpochs = settings.MaxEpochs }, cancellation);
        var stages = new List<TrainingStage> { new(settings.LearningRates[0], 0, plain.Epochs, plain.FinalLoss, plain.Reason) };
        if (!plain.Converged)
            return (new StagedTrainingResult(plain, stages), new ConsolidationResult([], [], plain.Reason, plain.Epochs, plain.Epochs, plain.FinalLoss, [], TimeSpan.Zero));
        var result = Dynamics.Consolidation.Run(mlp, task, gemm, setup.Optimizer, settings.Consolidation with { Seed = settings.Seed }, settings.TargetMse,
            plain.Epochs, settings.Threads,
            round: r => stage?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"  consolidation, epoch {r.Epoch}: {r.Passed} of {r.Units} pass, max ρ {r.MaxRho:0.000}, MSE {r.Loss:0.0e0}{(r.Finished ? " (finished)" : "")}")),
            progress: training, cancellation: cancellation);
        stages.AddRange(result.Finish); // the rounds between are the report's consolidation table
        return (new StagedTrainingResult(result.After(plain), stages), result);
    }

    /// <summary>The first <see cref="DemoSettings.PerClass"/> training images of each class, class by class, at the demo's size.</summary>
    internal static (Matrix Images, int[] Labels) LoadStored(DemoSettings settings)
    {
        var all = BundledData.LoadImages("fashion-mnist:train");
        var rows = Enumerable.Range(0, 10)
            .SelectMany(c => Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == c).Take(settings.PerClass)).ToArray();
        return (AtDemoSize(all, rows, settings), rows.Select(i => all.Labels[i]).ToArray());
    }

    /// <summary>The first <see cref="DemoSettings.HeldOutProbes"/> test images at the demo's size.</summary>
    internal static Matrix LoadHeldOut(DemoSettings settings)
    {
        var test = BundledData.LoadImages("fashion-mnist:test", settings.HeldOutProbes);
        return AtDemoSize(test, Enumerable.Range(0, test.Count), settings);
    }

    static Matrix AtDemoSize(LabeledImages set, IEnumerable<int> rows, DemoSettings settings) =>
        ImageRows.From(rows.Select(i => Image.FromVector(set.Images.Row(i), set.Width, set.Height, set.Channels)),
            new ImageShape(settings.Side, settings.Side, 1));

    /// <summary>Up to <paramref name="count"/> stored rows, one per class first.</summary>
    static int[] ShownRows(int[] labels, int count) =>
        Enumerable.Range(0, labels.Length).OrderBy(i => Array.IndexOf(labels, labels[i]) == i ? 0 : 1).ThenBy(i => i)
            .Take(Math.Min(count, labels.Length)).ToArray();
}
