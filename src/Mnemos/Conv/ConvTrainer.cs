// Full-batch training of a UNet to a target MSE with Mnemos's optimizers, stopping rules, progress
// and checkpoint state (TrainerOptions, TrainerState, TrainingResult), as Training.Trainer does for
// an Mlp. Deterministic, so a run resumed from CaptureState retraces the uninterrupted one.
using System.Diagnostics;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Conv;

/// <summary>Trains a <see cref="UNet"/> on a <see cref="TrainingTask"/> whose rows are flattened C×H×W images.</summary>
internal sealed class ConvTrainer
{
    readonly UNet net;
    readonly IOptimizer optimizer;
    readonly TrainingTask task;
    readonly IGemm gemm;
    readonly UNetWorkspace workspace;
    readonly float[] outputGradient;
    readonly float[] lastGood;
    readonly List<LossPoint> history = [];

    /// <exception cref="ArgumentException">The rows are not images of the network's shape, or the optimizer's size differs.</exception>
    public ConvTrainer(UNet net, IOptimizer optimizer, TrainingTask task, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(gemm);
        var s = net.Spec;
        if (task.Inputs.Cols != s.ImageSize || task.Targets.Cols != s.ImageSize)
            throw new ArgumentException(
                $"data has {task.Inputs.Cols} values per example but the U-Net maps {s.ImageChannels}×{s.Height}×{s.Width} = {s.ImageSize}");
        if (optimizer.ParameterCount != net.ParameterCount)
            throw new ArgumentException($"optimizer is for {optimizer.ParameterCount} parameters but the U-Net has {net.ParameterCount}");
        this.net = net;
        this.optimizer = optimizer;
        this.task = task;
        this.gemm = gemm;
        workspace = new UNetWorkspace(net, task.SampleCount);
        outputGradient = new float[task.Targets.Data.Length];
        lastGood = new float[net.ParameterCount];
    }

    /// <summary>Optimizer steps taken so far (including those before a resume).</summary>
    public long Epoch { get; private set; }

    /// <summary>Raised every <see cref="TrainerOptions.ProgressEvery"/> epochs and at the end.</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Raised every <see cref="TrainerOptions.CheckpointEvery"/> epochs with the state to save beside the weights.</summary>
    public event Action<TrainerState>? Checkpoint;

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

    /// <summary>MSE over all n·C·H·W entries at the current weights.</summary>
    public double CurrentLoss()
    {
        var y = net.Forward(gemm, task.Inputs.Data, workspace);
        return VectorOps.SumSquaredDifference(y, task.Targets.Data) / y.Length;
    }

    /// <summary>Trains until a stopping rule fires. On divergence the last finite weights are restored.</summary>
    public TrainingResult Run(TrainerOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        long startEpoch = Epoch;
        double loss;
        StopReason reason;
        float scale = 2f / outputGradient.Length;
        while (true)
        {
            var y = net.Forward(gemm, task.Inputs.Data, workspace);
            loss = VectorOps.SumSquaredDifference(y, task.Targets.Data) / y.Length;
            if (!double.IsFinite(loss)) { reason = StopReason.Diverged; break; }
            Record(Epoch, loss);
            if (loss <= options.TargetMse && Epoch >= options.MinEpochs) { reason = StopReason.Converged; break; }
            if (Epoch >= options.MaxEpochs) { reason = StopReason.MaxEpochs; break; }
            if (cancellation.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            if (options.TimeBudget is { } budget && clock.Elapsed >= budget) { reason = StopReason.TimeBudget; break; }

            VectorOps.ScaledDifference(y, task.Targets.Data, scale, outputGradient);
            net.ZeroGradients();
            net.Backward(gemm, outputGradient, workspace, parameterGradients: true, []);
            Array.Copy(net.Parameters, lastGood, lastGood.Length);
            optimizer.Step(net.Parameters, net.Gradients);
            Epoch++;

            if ((Epoch - startEpoch) % options.ProgressEvery == 0) Report(loss, startEpoch, clock);
            if (options.CheckpointEvery > 0 && Epoch % options.CheckpointEvery == 0) Checkpoint?.Invoke(CaptureState());
        }

        if (reason == StopReason.Diverged && Epoch > startEpoch)
        {
            Array.Copy(lastGood, net.Parameters, lastGood.Length);
            Epoch--;
            loss = history.Count > 0 ? history[^1].Loss : double.NaN;
        }
        Report(loss, startEpoch, clock);
        if (history.Count == 0 || history[^1].Epoch != Epoch) Record(Epoch, loss, force: true);
        return new TrainingResult(reason, Epoch, loss, history.ToArray(), clock.Elapsed);
    }

    void Report(double loss, long startEpoch, Stopwatch clock)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? (Epoch - startEpoch) / seconds : 0;
        Progress?.Invoke(new TrainingProgress(Epoch, loss, rate, clock.Elapsed, null));
    }

    // The same thinning as Trainer: every epoch up to 1000, then ~100 points per decade.
    void Record(long epoch, double loss, bool force = false)
    {
        if (history.Count > 0 && history[^1].Epoch >= epoch) return;
        long step = 1;
        for (long e = epoch; e >= 1000; e /= 10) step *= 10;
        if (force || epoch % step == 0) history.Add(new LossPoint(epoch, loss));
    }
}
