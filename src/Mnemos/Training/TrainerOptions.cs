// When training stops, how often it reports and checkpoints.
using Mnemos.Storage;
namespace Mnemos.Training;

/// <summary>Stopping rules and periodic work for <see cref="Trainer"/>.</summary>
internal sealed record TrainerOptions
{
    /// <summary>The study's interpolation threshold: MSE over all n·d entries.</summary>
    public const double StudyTargetMse = 1e-8;

    /// <summary>Stop once the loss is at or below this (the loss before the step of that epoch).</summary>
    public double TargetMse { get; init; } = StudyTargetMse;

    /// <summary>Stop after this many optimizer steps in total (including steps before a resume).</summary>
    public long MaxEpochs { get; init; } = 1_000_000;

    /// <summary>
    /// Reaching the target does not stop training before this many steps in total: attractors keep
    /// forming while the optimizer runs near its loss floor (docs/reproduction.md). 0: stop at the target.
    /// </summary>
    public long MinEpochs { get; init; }

    /// <summary>Stop after this much wall time in this run; null for no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Raise a progress event at least every this many epochs (and at start and end).</summary>
    public int ProgressEvery { get; init; } = 100;

    /// <summary>Raise a checkpoint event every this many epochs; 0 disables.</summary>
    public int CheckpointEvery { get; init; }

    public void Validate()
    {
        if (!(TargetMse >= 0) || double.IsInfinity(TargetMse)) throw new ArgumentException($"target MSE {TargetMse}: must be a finite number ≥ 0");
        if (MaxEpochs < 0) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 0");
        if (MinEpochs < 0 || MinEpochs > MaxEpochs) throw new ArgumentException($"min epochs {MinEpochs}: must be in [0, max epochs {MaxEpochs}]");
        if (TimeBudget is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"time budget {t}: must be positive");
        if (ProgressEvery < 1) throw new ArgumentException($"progress interval {ProgressEvery}: must be at least 1");
        if (CheckpointEvery < 0) throw new ArgumentException($"checkpoint interval {CheckpointEvery}: must be at least 0");
    }
}

/// <summary>Why a run ended.</summary>
internal enum StopReason
{
    /// <summary>Loss reached the target MSE.</summary>
    Converged,
    /// <summary>The epoch cap was reached first.</summary>
    MaxEpochs,
    /// <summary>The time budget ran out.</summary>
    TimeBudget,
    /// <summary>The caller cancelled.</summary>
    Cancelled,
    /// <summary>Loss or gradient became NaN or infinite; the last finite weights were kept.</summary>
    Diverged,
    /// <summary>A learning-rate stage stopped halving its loss (<see cref="StagedTraining"/>); the next stage goes on.</summary>
    Plateau,
}

/// <summary>The names of <see cref="StopReason"/> values in JSON, tables and reports.</summary>
internal static class StopReasons
{
    /// <summary>"converged", "max_epochs", "time_budget", "cancelled", "diverged" or "plateau".</summary>
    public static string Key(this StopReason reason) => reason switch
    {
        StopReason.Converged => "converged",
        StopReason.MaxEpochs => "max_epochs",
        StopReason.TimeBudget => "time_budget",
        StopReason.Cancelled => "cancelled",
        StopReason.Diverged => "diverged",
        StopReason.Plateau => "plateau",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, $"stop reason {reason}: not a StopReason value"),
    };
}

/// <summary>A progress report: epoch, loss at that epoch, speed and a rough time to the target.</summary>
internal sealed record TrainingProgress(long Epoch, double Loss, double EpochsPerSecond, TimeSpan Elapsed, TimeSpan? EstimatedRemaining);

/// <summary>The outcome of <see cref="Trainer.Run"/>.</summary>
internal sealed record TrainingResult(
    StopReason Reason, long Epochs, double FinalLoss, IReadOnlyList<LossPoint> LossHistory, TimeSpan Elapsed)
{
    public bool Converged => Reason == StopReason.Converged;
}
