// Training in learning-rate stages. Full-batch Adam at a fixed rate settles on a loss floor set by
// its own step size (near the minimum each step moves every weight by about lr), and on real images
// that floor can sit above the 1e-8 target: Fashion-MNIST at lr 1e-4 hovers near 1e-6 for 100k+
// epochs, then reaches 1e-8 in tens of epochs at 1e-5. The study kept one rate for up to 1,000,000
// epochs; stages are the shortcut for runs that must finish in minutes, and say so in their result.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>
/// Learning rates tried in order: a stage ends when the loss has not halved within
/// <paramref name="Patience"/> epochs, or after <paramref name="StageEpochs"/> epochs when that is
/// set (the last stage runs until the trainer's own stopping rules).
/// </summary>
internal sealed record LearningRateStages(IReadOnlyList<double> Rates, long Patience, long? StageEpochs = null)
{
    public void Validate()
    {
        if (Rates.Count == 0) throw new ArgumentException("learning-rate stages: give at least one rate");
        foreach (double rate in Rates)
            if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentException($"learning-rate stage {rate}: must be a positive number");
        if (Patience < 100) throw new ArgumentException($"stage patience {Patience}: must be at least 100 epochs (progress is checked every 100)");
        if (StageEpochs is < 1) throw new ArgumentException($"stage length {StageEpochs}: must be at least 1 epoch");
    }
}

/// <summary>One stage: its rate, the epoch it started at, its epochs and the loss it ended on.</summary>
internal sealed record TrainingStage(double LearningRate, long StartEpoch, long Epochs, double FinalLoss, StopReason Reason);

/// <summary>The stages run and the result over all of them (epochs and loss history counted from the first).</summary>
internal sealed record StagedTrainingResult(TrainingResult Overall, IReadOnlyList<TrainingStage> Stages);

/// <summary>Trains through <see cref="LearningRateStages"/>, each stage with a fresh optimizer of the same settings.</summary>
internal static class StagedTraining
{
    /// <summary>
    /// Trains <paramref name="mlp"/> on <paramref name="task"/>; <paramref name="options"/> bound the
    /// whole run (target, epochs, time). <paramref name="progress"/> sees epochs counted from the start.
    /// </summary>
    public static StagedTrainingResult Run(Mlp mlp, TrainingTask task, IGemm gemm, OptimizerSettings optimizer,
        LearningRateStages stages, TrainerOptions options, Action<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        stages.Validate();
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = new List<TrainingStage>();
        var history = new List<LossPoint>();
        long epoch = 0;
        TrainingResult? last = null;
        for (int s = 0; s < stages.Rates.Count; s++)
        {
            bool lastStage = s == stages.Rates.Count - 1;
            var remaining = options.TimeBudget is { } budget ? budget - clock.Elapsed : (TimeSpan?)null;
            if (remaining is { } r && r <= TimeSpan.Zero) break;
            var settings = optimizer with { LearningRate = stages.Rates[s] };
            var trainer = new Trainer(mlp, settings.Create(mlp.Parameters.Length), task, gemm);
            using var plateau = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            double best = double.PositiveInfinity;
            long bestEpoch = 0, offset = epoch;
            trainer.Progress += p =>
            {
                progress?.Invoke(p with { Epoch = p.Epoch + offset });
                if (p.Loss < best / 2) (best, bestEpoch) = (p.Loss, p.Epoch);
                else if (!lastStage && p.Epoch - bestEpoch >= stages.Patience) plateau.Cancel();
            };
            long left = options.MaxEpochs - epoch;
            bool capped = !lastStage && stages.StageEpochs < left;
            long stageMax = capped ? stages.StageEpochs!.Value : left;
            last = trainer.Run(options with { MaxEpochs = stageMax, MinEpochs = Math.Clamp(options.MinEpochs - epoch, 0, stageMax), TimeBudget = remaining }, plateau.Token);
            history.AddRange(last.LossHistory.Where(point => history.Count == 0 || point.Epoch + offset > history[^1].Epoch)
                .Select(point => point with { Epoch = point.Epoch + offset }));
            epoch += last.Epochs;
            var reason = last.Reason == StopReason.Cancelled && !cancellation.IsCancellationRequested ? StopReason.Plateau : last.Reason;
            done.Add(new TrainingStage(stages.Rates[s], offset, last.Epochs, last.FinalLoss, reason));
            if (reason != StopReason.Plateau && !(capped && reason == StopReason.MaxEpochs)) break;
        }
        var finalReason = done.Count > 0 ? done[^1].Reason : StopReason.TimeBudget;
        if (finalReason == StopReason.Plateau || (done.Count < stages.Rates.Count && finalReason == StopReason.MaxEpochs && epoch < options.MaxEpochs))
            finalReason = StopReason.TimeBudget; // a later stage had no time left to start
        var overall = new TrainingResult(finalReason, epoch, last?.FinalLoss ?? double.NaN, history, clock.Elapsed);
        return new StagedTrainingResult(overall, done);
    }
}
