// One cell of a sweep: train an MLP to store images (autoencoding, or cycles of a given length),
// then, if training reached the target MSE, the store pipeline (MemoryBuilder: locate the fixed
// points or cycles, certify each by the spectral radius of its Jacobian, decide its status) and
// optionally probe for spurious attractors. As in the study (PNAS 2020, Materials and Methods), a
// cell "did not converge" (NA in the tables) only when training stopped with its loss above 1e-5;
// one that stopped between the target and 1e-5 is counted, with the reached MSE beside its count.
// A cell without a time limit (the study presets: constant rate, up to 1,000,000 epochs) saves a
// training checkpoint in the cell store every few minutes and when stopped, and resumes from it, so
// a cell cut off by a scheduler's time limit loses at most minutes; the resumed run retraces the
// uninterrupted one exactly (same thread count). A cell with a time budget starts over: a resumed
// budget would not be the one its result states.
using System.Text.Json.Serialization;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments.Sweeps;

/// <summary>
/// Everything that decides a cell's result (hashed by <see cref="CellStore"/>). <see cref="CycleLength"/>
/// 0 autoencodes; L &gt; 0 stores consecutive images as cycles of L. <see cref="StageRates"/> null
/// trains at the optimizer's own constant rate; otherwise <see cref="StagedTraining"/> goes through them.
/// </summary>
public sealed record MemoryCellSettings
{
    public required SweepData Data { get; init; }
    public required int Width { get; init; }
    public required int Depth { get; init; }
    public string Activation { get; init; } = "selu";
    public string Init { get; init; } = "pytorch";
    public string Optimizer { get; init; } = OptimizerSettings.Adam(1e-4).Describe();
    public double[]? StageRates { get; init; }
    public long StagePatience { get; init; } = 2000;

    /// <summary>Fixed length of every stage but the last (<see cref="LearningRateStages.StageEpochs"/>); null: plateaus only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long? StageEpochs { get; init; }

    /// <summary>Training goes on past the target MSE until this many epochs (<see cref="TrainerOptions.MinEpochs"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long MinEpochs { get; init; }
    public int CycleLength { get; init; }
    public ulong Seed { get; init; }
    public double TargetMse { get; init; } = TrainerOptions.StudyTargetMse;

    /// <summary>A run stopped above this MSE did not converge (no count); at or below it the cell is counted (<see cref="StudyProtocol.NotConvergedMse"/>).</summary>
    public double NotConvergedMse { get; init; } = StudyProtocol.NotConvergedMse;
    public long MaxEpochs { get; init; } = StudyProtocol.MaxEpochs;

    /// <summary>Wall-clock budget of the training, seconds.</summary>
    public double BudgetSeconds { get; init; } = 60;
    public int UniformProbes { get; init; }
    public int GaussianProbes { get; init; }

    /// <summary>Variance of the Gaussian probe inputs around 0 (the study: 4).</summary>
    public double GaussianVariance { get; init; } = 4;
    public int ProbeSteps { get; init; } = 2000;

    /// <summary>Eigenvalue magnitudes kept per certificate (the spectra experiment asks for the top 1 % of d).</summary>
    public int TopCount { get; init; } = 1;

    /// <summary>
    /// Worst-case seconds of this cell for a job scheduler: its time budget, or, where it has none
    /// (study presets: <see cref="StudyScale.NoTimeLimitSeconds"/>), the training compute of its epoch
    /// cap at the rate <see cref="StudyScale.CoreHours"/> assumes for one core.
    /// </summary>
    public double EstimatedSeconds()
    {
        if (BudgetSeconds < StudyScale.NoTimeLimitSeconds) return BudgetSeconds;
        long parameters = new MlpSpec(Data.Dimension, Data.Dimension, Depth, Width, Activations.Parse(Activation)).ParameterCount;
        return StudyScale.CoreHours(parameters, Data.Count, MaxEpochs) * 3600;
    }

    /// <summary>Training saves checkpoints and resumes from them: constant rate and no time limit.</summary>
    [JsonIgnore] public bool Resumable => StageRates is null && BudgetSeconds >= StudyScale.NoTimeLimitSeconds;

    /// <summary>Epochs between checkpoints of a <see cref="Resumable"/> cell: about five minutes at the rate <see cref="EstimatedSeconds"/> assumes, at least 100.</summary>
    [JsonIgnore] public int CheckpointEpochs => (int)Math.Clamp(CheckpointSeconds / (EstimatedSeconds() / MaxEpochs), 100, int.MaxValue);

    const double CheckpointSeconds = 300;

    public void Validate()
    {
        Data.Validate();
        new MlpSpec(Data.Dimension, Data.Dimension, Depth, Width, Activations.Parse(Activation)).Validate();
        InitScheme.Parse(Init);
        OptimizerSettings.Parse(Optimizer).Validate();
        if (StageRates is not null) new LearningRateStages(StageRates, StagePatience, StageEpochs).Validate();
        if (!(NotConvergedMse >= TargetMse)) throw new ArgumentException($"not-converged MSE {NotConvergedMse}: must be at least the target MSE {TargetMse}");
        if (MinEpochs < 0 || MinEpochs > MaxEpochs) throw new ArgumentException($"min epochs {MinEpochs}: must be in [0, max epochs {MaxEpochs}]");
        if (CycleLength < 0 || (CycleLength > 0 && Data.Count % CycleLength != 0))
            throw new ArgumentException($"cycle length {CycleLength}: must be 0 (autoencode) or divide the {Data.Count} images");
        if (!(BudgetSeconds > 0)) throw new ArgumentException($"cell budget {BudgetSeconds} s: must be positive");
        if (UniformProbes < 0 || GaussianProbes < 0) throw new ArgumentException($"probe counts {UniformProbes}, {GaussianProbes}: must be at least 0");
        if (ProbeSteps < 1) throw new ArgumentException($"probe steps {ProbeSteps}: must be at least 1");
        if (TopCount < 1) throw new ArgumentException($"top eigenvalue count {TopCount}: must be at least 1");
    }
}

/// <summary>Outcome counts of one probe: inputs, recovered, inputs ending on spurious attractors, distinct spurious attractors, diverged, not converged.</summary>
public sealed record ProbeCounts(int Inputs, int Recovered, int SpuriousInputs, int SpuriousAttractors, int Diverged, int NotConverged)
{
    public static ProbeCounts Of(ProbeReport r) => new(r.Inputs, r.ReachedStored, r.SpuriousInputs, r.Spurious.Count, r.Diverged, r.NotConverged);
}

/// <summary>
/// A cell's result. <see cref="Located"/> counts the units (images or cycles) stored, <see cref="Attractors"/>
/// those stored as attractors (StoredMemory statuses); <see cref="Stored"/> counts the images stored as
/// certified attractors (a certified cycle counts its L images); null when training did not converge
/// (stopped above <see cref="MemoryCellSettings.NotConvergedMse"/>: NA). <see cref="SpectralRadii"/>
/// per unit (image or cycle) and <see cref="TopMagnitudes"/> (the largest |λ| of every certificate) are
/// empty then too.
/// </summary>
public sealed record MemoryCellResult(
    string StopReason, long Epochs, double FinalMse, double TrainingSeconds, int Units, int Located, int Attractors, int? Stored,
    double[] SpectralRadii, double[] TopMagnitudes, ProbeCounts? Uniform, ProbeCounts? Gaussian)
{
    /// <summary>Training reached the target MSE.</summary>
    [JsonIgnore] public bool Converged => StopReason == "converged";

    /// <summary>Training stopped above the "did not converge" threshold: no count (NA).</summary>
    public bool DidNotConverge => Stored is null;

    /// <summary>"MSE 3.2E-6" beside a count whose training stopped short of the target but within the threshold; null otherwise.</summary>
    [JsonIgnore] public string? MseNote => Stored is not null && !Converged ? System.FormattableString.Invariant($"MSE {FinalMse:0.0E+0}") : null;
}

/// <summary>Computes <see cref="MemoryCellResult"/>s.</summary>
internal static class MemoryCell
{
    /// <summary>The scratch file of a resumable cell's training checkpoint in the cell store.</summary>
    public const string CheckpointName = "checkpoint.safetensors";

    /// <summary>
    /// The cell <paramref name="key"/> of the run: read from the cell store, or computed there (a
    /// <see cref="MemoryCellSettings.Resumable"/> cell checkpointing beside its result file).
    /// </summary>
    public static MemoryCellResult Run(ExperimentContext context, string key, MemoryCellSettings settings, Matrix data) =>
        context.Cell(key, settings.EstimatedSeconds(), () => context.Cells.GetOrCompute(key, settings,
            () => Compute(context, settings, data, key, context.Cells.ScratchPathOf(key, settings, CheckpointName))));

    /// <summary>
    /// Trains, certifies and probes one cell on <paramref name="data"/> (the images of <c>settings.Data</c>).
    /// A <see cref="MemoryCellSettings.Resumable"/> cell given <paramref name="checkpointPath"/> resumes
    /// from the checkpoint there, saves one every <paramref name="checkpointEvery"/> epochs (default
    /// <see cref="MemoryCellSettings.CheckpointEpochs"/>) and when cancelled; the caller deletes it.
    /// </summary>
    public static MemoryCellResult Compute(ExperimentContext context, MemoryCellSettings settings, Matrix data, string label,
        string? checkpointPath = null, int? checkpointEvery = null)
    {
        settings.Validate();
        int d = settings.Data.Dimension;
        if (data.Rows != settings.Data.Count || data.Cols != d)
            throw new ArgumentException($"data is {data.Rows}×{data.Cols}, cell {label} expects {settings.Data.Count}×{d}");
        var spec = new MlpSpec(d, d, settings.Depth, settings.Width, Activations.Parse(settings.Activation));
        var setup = new TrainingSetup(spec, InitScheme.Parse(settings.Init), OptimizerSettings.Parse(settings.Optimizer), settings.Seed, settings.CycleLength);
        var mlp = setup.CreateNetwork();
        var task = setup.CreateTask(data);
        var checkpoint = checkpointPath is not null && settings.Resumable ? new CellCheckpoint(checkpointPath, checkpointEvery ?? settings.CheckpointEpochs) : null;
        var result = Train(context, settings, setup, mlp, task, label, checkpoint);
        string reason = result.Reason.Key();
        int units = task.Cycles.Count > 0 ? task.Cycles.Count : data.Rows;
        if (!(result.FinalLoss <= settings.NotConvergedMse))
            return new MemoryCellResult(reason, result.Epochs, result.FinalLoss, result.Elapsed.TotalSeconds, units, 0, 0, null, [], [], null, null);

        var gemm = context.Gemm;
        var assessed = MemoryBuilder.Build(new AssociativeMemory(mlp, data, task.Cycles.Count > 0 ? task.Cycles : null), gemm, context.Threads,
            new CertifyOptions { TopCount = settings.TopCount }, cancellation: context.Cancellation);
        var memory = assessed.Memory;
        var certificates = assessed.Units.Select(u => u.Certificate).ToArray();
        int attractors = assessed.Attractors, stored = assessed.AttractorRows;

        var rng = new Rng(settings.Seed ^ 0x9E3779B97F4A7C15UL);
        var options = new RecallOptions { MaxSteps = settings.ProbeSteps, MaxPeriod = memory.LongestCycle };
        ProbeCounts? uniform = settings.UniformProbes > 0
            ? ProbeCounts.Of(Probe.Run(memory, gemm, Probe.Uniform(memory, settings.UniformProbes, rng), options, cancellation: context.Cancellation)) : null;
        ProbeCounts? gaussian = settings.GaussianProbes > 0
            ? ProbeCounts.Of(Probe.Run(memory, gemm, Probe.Gaussian(d, settings.GaussianProbes, settings.GaussianVariance, rng), options, cancellation: context.Cancellation)) : null;
        context.Report(FormattableString.Invariant($"{label}: {stored}/{data.Rows} images stored as certified attractors ({attractors}/{units} units)"));
        return new MemoryCellResult(reason, result.Epochs, result.FinalLoss, result.Elapsed.TotalSeconds, units, assessed.Stored, attractors, stored,
            certificates.Select(c => c.SpectralRadius).ToArray(), certificates.SelectMany(c => c.TopEigenvalues.Select(z => z.Magnitude)).ToArray(), uniform, gaussian);
    }

    sealed record CellCheckpoint(string Path, int Every);

    static TrainingResult Train(ExperimentContext context, MemoryCellSettings settings, TrainingSetup setup, Mlp mlp, TrainingTask task, string label, CellCheckpoint? checkpoint)
    {
        var options = new TrainerOptions
        {
            TargetMse = settings.TargetMse, MaxEpochs = settings.MaxEpochs, MinEpochs = settings.MinEpochs, TimeBudget = TimeSpan.FromSeconds(settings.BudgetSeconds), ProgressEvery = 100,
            CheckpointEvery = checkpoint?.Every ?? 0,
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Progress(TrainingProgress p)
        {
            if (clock.Elapsed.TotalSeconds < 5) return;
            clock.Restart();
            context.Report(FormattableString.Invariant($"{label}: epoch {p.Epoch}, MSE {Reports.HtmlReport.FormatNumber(p.Loss)}"));
        }
        TrainingResult result;
        if (settings.StageRates is { } rates)
            result = StagedTraining.Run(mlp, task, context.Gemm, setup.Optimizer, new LearningRateStages(rates, settings.StagePatience, settings.StageEpochs), options, Progress, context.Cancellation).Overall;
        else
        {
            var trainer = new Trainer(mlp, setup.Optimizer.Create(mlp.Parameters.Length), task, context.Gemm);
            trainer.Progress += Progress;
            if (checkpoint is not null)
            {
                if (File.Exists(checkpoint.Path)) Resume(context, checkpoint.Path, mlp, trainer, label);
                trainer.Checkpoint += state => CheckpointFile.Save(checkpoint.Path, mlp, setup, state, null);
            }
            result = trainer.Run(options, context.Cancellation);
            if (checkpoint is not null && result.Reason == StopReason.Cancelled)
            {
                CheckpointFile.Save(checkpoint.Path, mlp, setup, trainer.CaptureState(), null);
                context.Report(FormattableString.Invariant($"{label}: stopped at epoch {result.Epochs}; checkpoint kept for the next run"));
            }
        }
        if (result.Reason == StopReason.Cancelled) throw new OperationCanceledException(context.Cancellation);
        context.Report(FormattableString.Invariant($"{label}: training {result.Reason.Key()}, MSE {Reports.HtmlReport.FormatNumber(result.FinalLoss)} after {result.Epochs} epochs in {result.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    /// <summary>Loads the weights and trainer state of the checkpoint at <paramref name="path"/> (saved by this cell's settings: the path holds their hash).</summary>
    static void Resume(ExperimentContext context, string path, Mlp mlp, Trainer trainer, string label)
    {
        Checkpoint saved;
        try { saved = CheckpointFile.Load(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{e.Message} (the checkpoint of cell {label}; delete it to start the cell over)", e); }
        if (saved.Model.Spec != mlp.Spec)
            throw new InvalidDataException($"'{path}': checkpoint of the network {saved.Model.Spec}, cell {label} trains {mlp.Spec}; delete it to start the cell over");
        saved.Model.Parameters.CopyTo(mlp.Parameters, 0);
        trainer.Restore(saved.State);
        context.Report(FormattableString.Invariant($"{label}: resumed from its checkpoint at epoch {saved.State.Epoch}"));
    }
}
