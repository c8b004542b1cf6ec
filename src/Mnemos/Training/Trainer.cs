// Full-batch training of a network (an Mlp, or any IBatchNetwork) to a target MSE: forward, loss,
// backward, optimizer step, repeated.
// Deterministic (no sampling), so a run resumed from a checkpoint retraces the uninterrupted one.
using System.Diagnostics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>The state a checkpoint needs: the epoch reached, the optimizer state and the loss curve so far.</summary>
internal sealed record TrainerState(long Epoch, OptimizerState Optimizer, IReadOnlyList<LossPoint> LossHistory);

/// <summary>Trains an <see cref="Mlp"/> (or an <see cref="IBatchNetwork"/>) on a <see cref="TrainingTask"/> with full-batch steps.</summary>
internal sealed class Trainer
{
    readonly IBatchNetwork net;
    readonly IOptimizer optimizer;
    readonly TrainingTask task;
    readonly IGemm gemm;
    readonly float[] outputGradient;
    readonly float[] lastGood;
    readonly List<LossPoint> history = [];

    public Trainer(Mlp mlp, IOptimizer optimizer, TrainingTask task, IGemm gemm)
        : this(Checked(mlp, task), optimizer, task, gemm)
    {
    }

    /// <summary>Trains <paramref name="net"/>, set up for the task's rows, whose shapes the caller has checked.</summary>
    internal Trainer(IBatchNetwork net, IOptimizer optimizer, TrainingTask task, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(gemm);
        this.net = net;
        this.optimizer = optimizer;
        this.task = task;
        this.gemm = gemm;
        outputGradient = new float[task.Targets.Data.Length];
        lastGood = new float[net.Parameters.Length];
    }

    static IBatchNetwork Checked(Mlp mlp, TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        ArgumentNullException.ThrowIfNull(task);
        if (task.Inputs.Cols != mlp.Spec.InputSize || task.Targets.Cols != mlp.Spec.OutputSize)
            throw new ArgumentException(
                $"data has {task.Inputs.Cols} values per example but the network maps {mlp.Spec.InputSize} → {mlp.Spec.OutputSize}");
        return new MlpBatch(mlp, new MlpWorkspace(mlp.Spec, task.SampleCount));
    }

    sealed class MlpBatch(Mlp mlp, MlpWorkspace workspace) : IBatchNetwork
    {
        public float[] Parameters => mlp.Parameters;
        public float[] Gradients => mlp.Gradients;
        public ReadOnlySpan<float> Forward(IGemm gemm, ReadOnlySpan<float> inputs) => mlp.Forward(gemm, inputs, workspace);

        public void Backward(IGemm gemm, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGradient)
        {
            mlp.ZeroGradients();
            mlp.Backward(gemm, inputs, outputGradient, workspace);
        }
    }

    /// <summary>Optimizer steps taken so far (including those before a resume).</summary>
    public long Epoch { get; private set; }

    /// <summary>Raised every <see cref="TrainerOptions.ProgressEvery"/> epochs and at the end.</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Raised every <see cref="TrainerOptions.CheckpointEvery"/> epochs with the state to save beside the weights.</summary>
    public event Action<TrainerState>? Checkpoint;

    /// <summary>The state to save with the current weights.</summary>
    public TrainerState CaptureState() => new(Epoch, optimizer.ExportState(), history.ToArray());

    /// <summary>Continues from a saved state; the weights must already be those saved with it.</summary>
    public void Restore(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Epoch < 0) throw new ArgumentException($"checkpoint epoch {state.Epoch}: must be at least 0");
        optimizer.ImportState(state.Optimizer);
        Epoch = state.Epoch;
        history.Clear();
        history.AddRange(state.LossHistory);
    }

    /// <summary>MSE of the network on the task right now, over the n·d entries of its examples (noisy copies not counted).</summary>
    public double CurrentLoss()
    {
        task.Noise?.Refresh(Epoch);
        var y = net.Forward(gemm, task.Inputs.Data);
        return CleanLoss(y);
    }

    double CleanLoss(ReadOnlySpan<float> y)
    {
        int clean = task.ExampleRows * task.Targets.Cols;
        return VectorOps.SumSquaredDifference(y[..clean], task.Targets.Data.AsSpan(0, clean)) / clean;
    }

    /// <summary>Trains until a stopping rule fires. On divergence the last finite weights are restored.</summary>
    public TrainingResult Run(TrainerOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        long startEpoch = Epoch;
        var eta = new EtaEstimator(options.TargetMse);
        double loss = double.NaN;
        StopReason reason;
        int clean = task.ExampleRows * task.Targets.Cols;
        float scale = 2f / clean;
        // Noisy copies (consolidation) add Weight · their own MSE to the objective; the loss reported
        // and compared with the target is the examples' MSE alone.
        float noisyScale = task.Noise is { } noise ? (float)(2 * noise.Weight / (outputGradient.Length - clean)) : 0f;
        while (true)
        {
            // Loss and gradient at the current weights (epoch = steps taken so far). Noisy copies
            // are drawn from (seed, epoch), so a resumed run sees the same noise.
            task.Noise?.Refresh(Epoch);
            var y = net.Forward(gemm, task.Inputs.Data);
            loss = CleanLoss(y);
            if (!double.IsFinite(loss))
            {
                reason = StopReason.Diverged;
                break;
            }
            Record(Epoch, loss);
            if (loss <= options.TargetMse && Epoch >= options.MinEpochs) { reason = StopReason.Converged; break; }
            if (Epoch >= options.MaxEpochs) { reason = StopReason.MaxEpochs; break; }
            if (cancellation.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            if (options.TimeBudget is { } budget && clock.Elapsed >= budget) { reason = StopReason.TimeBudget; break; }

            VectorOps.ScaledDifference(y[..clean], task.Targets.Data.AsSpan(0, clean), scale, outputGradient.AsSpan(0, clean));
            if (clean < outputGradient.Length)
                VectorOps.ScaledDifference(y[clean..], task.Targets.Data.AsSpan(clean), noisyScale, outputGradient.AsSpan(clean));
            net.Backward(gemm, task.Inputs.Data, outputGradient);
            Array.Copy(net.Parameters, lastGood, lastGood.Length);
            optimizer.Step(net.Parameters, net.Gradients);
            Epoch++;

            if ((Epoch - startEpoch) % options.ProgressEvery == 0) Report(loss, startEpoch, clock, eta);
            if (options.CheckpointEvery > 0 && Epoch % options.CheckpointEvery == 0) Checkpoint?.Invoke(CaptureState());
        }

        if (reason == StopReason.Diverged && Epoch > startEpoch)
        {
            // The weights before the last step produced a finite loss; go back to them.
            Array.Copy(lastGood, net.Parameters, lastGood.Length);
            Epoch--;
            loss = history.Count > 0 ? history[^1].Loss : double.NaN;
        }
        Report(loss, startEpoch, clock, eta);
        if (history.Count == 0 || history[^1].Epoch != Epoch) Record(Epoch, loss, force: true);
        return new TrainingResult(reason, Epoch, loss, history.ToArray(), clock.Elapsed);
    }

    void Report(double loss, long startEpoch, Stopwatch clock, EtaEstimator eta)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? (Epoch - startEpoch) / seconds : 0;
        Progress?.Invoke(new TrainingProgress(Epoch, loss, rate, clock.Elapsed, eta.Update(Epoch, loss, rate)));
    }

    // Keeps the curve small at any length: every epoch up to 100, then ~90 points per decade.
    void Record(long epoch, double loss, bool force = false)
    {
        if (history.Count > 0 && history[^1].Epoch >= epoch) return;
        long step = 1;
        for (long e = epoch; e >= 1000; e /= 10) step *= 10;
        if (force || epoch % step == 0) history.Add(new LossPoint(epoch, loss));
    }
}
