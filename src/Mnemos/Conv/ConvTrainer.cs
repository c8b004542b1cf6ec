// Full-batch training of a UNet to a target MSE: Training.Trainer's loop (optimizers, stopping
// rules, progress, checkpoint state, restore on divergence) over the U-Net's batch forward and
// backward. Deterministic, so a run resumed from CaptureState retraces the uninterrupted one.
using Mnemos.Kernels;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Conv;

/// <summary>Trains a <see cref="UNet"/> on a <see cref="TrainingTask"/> whose rows are flattened C×H×W images.</summary>
internal sealed class ConvTrainer
{
    readonly Trainer trainer;

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
        trainer = new Trainer(new UNetBatch(net, new UNetWorkspace(net, task.SampleCount)), optimizer, task, gemm);
    }

    /// <summary>Optimizer steps taken so far (including those before a resume).</summary>
    public long Epoch => trainer.Epoch;

    /// <summary>Raised every <see cref="TrainerOptions.ProgressEvery"/> epochs and at the end.</summary>
    public event Action<TrainingProgress>? Progress
    {
        add => trainer.Progress += value;
        remove => trainer.Progress -= value;
    }

    /// <summary>Raised every <see cref="TrainerOptions.CheckpointEvery"/> epochs with the state to save beside the weights.</summary>
    public event Action<TrainerState>? Checkpoint
    {
        add => trainer.Checkpoint += value;
        remove => trainer.Checkpoint -= value;
    }

    public TrainerState CaptureState() => trainer.CaptureState();

    /// <summary>Continues from a saved state; the weights must already be those saved with it.</summary>
    public void Restore(TrainerState state) => trainer.Restore(state);

    /// <summary>MSE over all n·C·H·W entries at the current weights.</summary>
    public double CurrentLoss() => trainer.CurrentLoss();

    /// <summary>Trains until a stopping rule fires. On divergence the last finite weights are restored.</summary>
    public TrainingResult Run(TrainerOptions options, CancellationToken cancellation = default) => trainer.Run(options, cancellation);

    // The U-Net keeps its activations in the workspace from Forward, so Backward needs no inputs.
    sealed class UNetBatch(UNet net, UNetWorkspace workspace) : IBatchNetwork
    {
        public float[] Parameters => net.Parameters;
        public float[] Gradients => net.Gradients;
        public ReadOnlySpan<float> Forward(IGemm gemm, ReadOnlySpan<float> inputs) => net.Forward(gemm, inputs, workspace);

        public void Backward(IGemm gemm, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGradient)
        {
            net.ZeroGradients();
            net.Backward(gemm, outputGradient, workspace, parameterGradients: true, []);
        }
    }
}
