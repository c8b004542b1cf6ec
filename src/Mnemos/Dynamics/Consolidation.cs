// Consolidation: training that goes on after interpolation until every stored example is an
// attractor. Plain training (the study's procedure) leaves it to the length of training: on the
// demo's 100 Fashion-MNIST images, 39 certify after 25,000 constant-rate Adam epochs and all 100
// only after 200,000. Consolidation works in rounds: certify every unit at its example, add noisy
// copies of the examples whose ρ is not yet below 1 − δ (each copy trained to the clean example's
// target: NoisyCopies), train a round, and certify again; once every unit passes, short stages at
// lower rates take the examples' MSE to the target without the copies. The caller builds the
// memory (MemoryBuilder) afterwards: the verdicts that count are the certificates at the located
// fixed points, not the round checks at the examples. docs/consolidation.md has the measurements.
using System.Diagnostics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Dynamics;

/// <summary>Settings of <see cref="Consolidation.Run"/>.</summary>
internal sealed record ConsolidationOptions
{
    /// <summary>Standard deviation of the noise added to each copy (data on [0, 1]).</summary>
    public double Sigma { get; init; } = 0.2;

    /// <summary>Noisy copies per example in each epoch's batch.</summary>
    public int Copies { get; init; } = 1;

    /// <summary>Weight of the copies' MSE against the examples' MSE in the objective.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>δ: a unit passes a round when ρ + its error bound &lt; 1 − δ at its example.</summary>
    public double Margin { get; init; } = 0.05;

    /// <summary>Training epochs between two round checks.</summary>
    public long RoundEpochs { get; init; } = 1000;

    /// <summary>Noisy copies of every example, instead of only those of units that failed a check.</summary>
    public bool AllExamples { get; init; }

    /// <summary>
    /// A unit that failed a check keeps its copies in later rounds even once it passes (otherwise
    /// only the units failing the latest check get copies, and passing ones drift back).
    /// </summary>
    public bool KeepCopies { get; init; } = true;

    /// <summary>Learning rates of the finishing stages (without copies) that take the MSE to the target.</summary>
    public IReadOnlyList<double> FinishRates { get; init; } = [1e-5, 1e-6];

    /// <summary>A finishing stage other than the last ends when its loss has not halved for this many epochs.</summary>
    public long FinishPatience { get; init; } = 1000;

    /// <summary>Epoch cap for consolidation in all (rounds and finishing stages), counted from where it starts.</summary>
    public long MaxEpochs { get; init; } = 200_000;

    /// <summary>Wall-time cap for consolidation in all; null for none.</summary>
    public TimeSpan? TimeBudget { get; init; }

    public ulong Seed { get; init; }

    public void Validate()
    {
        if (!(Sigma > 0) || !double.IsFinite(Sigma)) throw new ArgumentException($"consolidation σ {Sigma}: must be a positive number");
        if (Copies < 1) throw new ArgumentException($"noisy copies {Copies}: must be at least 1");
        if (!(Weight > 0) || !double.IsFinite(Weight)) throw new ArgumentException($"consolidation weight {Weight}: must be a positive number");
        if (!(Margin >= 0 && Margin < 1)) throw new ArgumentException($"consolidation margin {Margin}: must be in [0, 1)");
        if (RoundEpochs < 1) throw new ArgumentException($"round length {RoundEpochs}: must be at least 1 epoch");
        if (MaxEpochs < 1) throw new ArgumentException($"consolidation epoch cap {MaxEpochs}: must be at least 1");
        if (TimeBudget is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"consolidation time budget {t}: must be positive");
        new LearningRateStages(FinishRates, FinishPatience).Validate();
    }
}

/// <summary>
/// One round check: at <paramref name="Epoch"/>, how many units passed (ρ + error &lt; 1 − δ at their
/// examples), ρ's largest value, the examples' MSE, and ρ of every unit (<paramref name="Radii"/>).
/// </summary>
internal sealed record ConsolidationRound(long Epoch, int Passed, int Units, double MaxRho, double Loss, double Seconds, bool Finished,
    IReadOnlyList<double> Radii);

/// <summary>
/// What consolidation did: its rounds, the finishing stages, the epochs and time it took, and
/// whether every unit passed its round check after finishing (<see cref="Consolidated"/>). Epochs,
/// the finishing stages' StartEpoch included, count from the start of training.
/// </summary>
internal sealed record ConsolidationResult(
    IReadOnlyList<ConsolidationRound> Rounds, IReadOnlyList<TrainingStage> Finish, StopReason Reason,
    long StartEpoch, long EndEpoch, double FinalLoss, IReadOnlyList<LossPoint> LossHistory, TimeSpan Elapsed)
{
    /// <summary>The last check came after finishing and every unit passed it.</summary>
    public bool Consolidated => Rounds.Count > 0 && Rounds[^1].Finished && Rounds[^1].Passed == Rounds[^1].Units;

    /// <summary>
    /// The whole run, <paramref name="plain"/> training (to the hand-over) and this consolidation, as
    /// one result: converged only when consolidated; a finish that reached the MSE but left a unit
    /// failing counts as the epoch limit.
    /// </summary>
    public TrainingResult After(TrainingResult plain)
    {
        var reason = Consolidated ? StopReason.Converged : Reason == StopReason.Converged ? StopReason.MaxEpochs : Reason;
        var history = plain.LossHistory.Concat(LossHistory.Where(p => p.Epoch > plain.Epochs)).ToArray();
        return new TrainingResult(reason, EndEpoch, FinalLoss, history, plain.Elapsed + Elapsed);
    }
}

/// <summary>Makes every stored example of an interpolating network an attractor (see the file's header).</summary>
internal static class Consolidation
{
    /// <summary>
    /// Consolidates <paramref name="mlp"/>, already trained on <paramref name="task"/> (the examples
    /// only) for <paramref name="startEpoch"/> epochs, with <paramref name="optimizer"/>'s settings
    /// for the rounds; <paramref name="target"/> gives the MSE to reach. Rounds are certified on
    /// <paramref name="threads"/> workers. <paramref name="round"/> hears each check.
    /// </summary>
    public static ConsolidationResult Run(Mlp mlp, TrainingTask task, IGemm gemm, OptimizerSettings optimizer,
        ConsolidationOptions options, double target, long startEpoch = 0, int threads = 1,
        Action<ConsolidationRound>? round = null, Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (task.Noise is not null) throw new ArgumentException("consolidation adds its own noisy copies: give the plain task");
        var clock = Stopwatch.StartNew();
        var examples = task.Kind == "sequence" ? ExamplesOf(task) : task.Inputs;
        var memory = new AssociativeMemory(mlp, examples, task.Cycles.Count > 0 ? task.Cycles : null);
        var certify = new CertifyOptions { Margin = 0 };
        var rounds = new List<ConsolidationRound>();
        var finish = new List<TrainingStage>();
        var history = new List<LossPoint>();
        var state = optimizer.Create(mlp.Parameters.Length);
        var withCopies = new SortedSet<int>();
        long epoch = startEpoch, cap = startEpoch + options.MaxEpochs;
        double loss = double.NaN;
        var reason = StopReason.MaxEpochs;
        TimeSpan? Left() => options.TimeBudget is { } b ? b - clock.Elapsed : null;
        bool OutOfBudget() => epoch >= cap || Left() is { } l && l <= TimeSpan.Zero;

        for (int r = 0; ; r++)
        {
            var failing = Check(memory, certify, options.Margin, gemm, threads, cancellation, out var radii);
            loss = LossOf(mlp, task, gemm);
            int units = memory.IsSequence ? memory.Cycles.Count : memory.Count;
            var check = new ConsolidationRound(epoch, units - failing.Count, units, radii.Max(), loss, clock.Elapsed.TotalSeconds, Finished: false, radii);
            if (failing.Count == 0)
            {
                if (OutOfBudget())
                {
                    // Every unit passes, but no epochs or time are left to take the MSE to the target.
                    rounds.Add(check);
                    round?.Invoke(check);
                    reason = epoch >= cap ? StopReason.MaxEpochs : StopReason.TimeBudget;
                    break;
                }
                // Finish to the target without copies, then check once more.
                var finished = Finish(mlp, task, gemm, optimizer, options, target, epoch, cap, Left(), progress, cancellation);
                long from = epoch;
                finish.AddRange(finished.Stages.Select(st => st with { StartEpoch = st.StartEpoch + from }));
                Append(history, finished.Overall.LossHistory, epoch);
                epoch += finished.Overall.Epochs;
                loss = LossOf(mlp, task, gemm);
                failing = Check(memory, certify, options.Margin, gemm, threads, cancellation, out radii);
                check = check with
                {
                    Epoch = epoch, Passed = check.Units - failing.Count, MaxRho = radii.Max(), Loss = loss,
                    Seconds = clock.Elapsed.TotalSeconds, Finished = finished.Overall.Converged, Radii = radii,
                };
                rounds.Add(check);
                round?.Invoke(check);
                reason = finished.Overall.Reason;
                if (!finished.Overall.Converged || failing.Count == 0) break;
            }
            else
            {
                rounds.Add(check);
                round?.Invoke(check);
            }
            if (cancellation.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            if (OutOfBudget()) { reason = epoch >= cap ? StopReason.MaxEpochs : StopReason.TimeBudget; break; }

            if (!options.KeepCopies) withCopies.Clear();
            withCopies.UnionWith(failing);
            var rows = options.AllExamples ? Enumerable.Range(0, task.ExampleRows).ToArray() : RowsOf(task, memory, withCopies);
            var noisy = task.WithNoisyCopies(rows, options.Copies, options.Sigma, options.Weight, options.Seed + (ulong)r);
            var trainer = new Trainer(mlp, state, noisy, gemm);
            trainer.Restore(new TrainerState(epoch, state.ExportState(), []));
            trainer.Progress += p => progress?.Invoke(p);
            var run = trainer.Run(new TrainerOptions
            {
                TargetMse = 0,
                MaxEpochs = Math.Min(cap, epoch + options.RoundEpochs),
                TimeBudget = Left(),
                ProgressEvery = 100,
            }, cancellation);
            Append(history, run.LossHistory, 0);
            epoch = run.Epochs;
            loss = run.FinalLoss;
            if (run.Reason is StopReason.Diverged or StopReason.Cancelled) { reason = run.Reason; break; }
        }
        return new ConsolidationResult(rounds, finish, reason, startEpoch, epoch, loss, history, clock.Elapsed);
    }

    /// <summary>Units (examples, or cycles) that do not pass: ρ + error ≥ 1 − δ at their examples.</summary>
    static List<int> Check(AssociativeMemory memory, CertifyOptions certify, double margin, IGemm gemm, int threads,
        CancellationToken cancellation, out double[] radii)
    {
        var certificates = Certifier.All(memory, certify, gemm.Backend, threads, cancellation: cancellation);
        radii = certificates.Select(c => c.SpectralRadius).ToArray();
        var failing = new List<int>();
        for (int u = 0; u < certificates.Length; u++)
        {
            var c = certificates[u];
            if (!(c.SpectralRadius + c.SpectralRadiusError < 1 - margin)) failing.Add(u);
        }
        return failing;
    }

    static StagedTrainingResult Finish(Mlp mlp, TrainingTask task, IGemm gemm, OptimizerSettings optimizer, ConsolidationOptions options,
        double target, long epoch, long cap, TimeSpan? left, Action<TrainingProgress>? progress, CancellationToken cancellation)
    {
        return StagedTraining.Run(mlp, task, gemm, optimizer, new LearningRateStages(options.FinishRates, options.FinishPatience),
            new TrainerOptions { TargetMse = target, MaxEpochs = Math.Max(1, cap - epoch), TimeBudget = left },
            progress is null ? null : p => progress(p with { Epoch = p.Epoch + epoch }), cancellation);
    }

    /// <summary>The task's input rows of the failing units (a cycle's rows are its examples' rows in the task).</summary>
    static int[] RowsOf(TrainingTask task, AssociativeMemory memory, IEnumerable<int> failing)
    {
        if (!memory.IsSequence) return failing.ToArray();
        // Sequence tasks list inputs cycle by cycle in order (TrainingTask.Sequence).
        var start = new int[task.Cycles.Count + 1];
        for (int c = 0; c < task.Cycles.Count; c++) start[c + 1] = start[c] + task.Cycles[c].Length;
        return failing.SelectMany(c => Enumerable.Range(start[c], task.Cycles[c].Length)).ToArray();
    }

    /// <summary>The examples of a sequence task in data order: the input row of each data row.</summary>
    static Tensors.Matrix ExamplesOf(TrainingTask task)
    {
        var examples = new Tensors.Matrix(task.ExampleRows, task.Inputs.Cols);
        int row = 0;
        foreach (int[] cycle in task.Cycles)
            foreach (int index in cycle) task.Inputs.Row(row++).CopyTo(examples.Row(index));
        return examples;
    }

    static double LossOf(Mlp mlp, TrainingTask task, IGemm gemm)
    {
        var workspace = new MlpWorkspace(mlp.Spec, task.ExampleRows);
        var y = mlp.Forward(gemm, task.Inputs.Data.AsSpan(0, task.ExampleRows * task.Inputs.Cols), workspace);
        return VectorOps.SumSquaredDifference(y, task.Targets.Data.AsSpan(0, y.Length)) / y.Length;
    }

    static void Append(List<LossPoint> history, IReadOnlyList<LossPoint> points, long offset)
    {
        foreach (var point in points)
        {
            long e = point.Epoch + offset;
            if (history.Count == 0 || e > history[^1].Epoch) history.Add(point with { Epoch = e });
        }
    }
}
