// Trains a recurrent network on one token sequence with teacher forcing: one optimizer step per
// epoch on each of F and G (each with its own optimizer state), until the mean cross-entropy is
// at or below the target, the epoch cap, or cancellation.
using System.Diagnostics;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Recurrent;

/// <summary>Settings of <see cref="RecurrentTrainer.Train"/>.</summary>
internal sealed record RecurrentTrainerOptions(OptimizerSettings Optimizer, long MaxEpochs, double TargetLoss, int RecordEvery = 100)
{
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Optimizer);
        if (MaxEpochs < 1) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 1");
        if (!(TargetLoss >= 0) || double.IsInfinity(TargetLoss)) throw new ArgumentException($"target loss {TargetLoss}: must be a finite number ≥ 0");
        if (RecordEvery < 1) throw new ArgumentException($"record interval {RecordEvery}: must be at least 1");
    }
}

/// <summary>
/// How training ended: the stop reason, optimizer steps taken, the loss and argmax accuracy at the
/// last forward pass, the loss every <see cref="RecurrentTrainerOptions.RecordEvery"/> epochs.
/// </summary>
internal sealed record RecurrentTrainingResult(StopReason Reason, long Epochs, double FinalLoss, int Correct, int Steps,
    IReadOnlyList<LossPoint> LossHistory, double Seconds);

internal static class RecurrentTrainer
{
    /// <summary>
    /// Trains <paramref name="net"/> in place on inputs → targets. Epoch e measures the loss, stops
    /// if it is at or below the target (or not finite), and otherwise steps both networks.
    /// <paramref name="recorded"/> sees each point of the loss history as it is taken, on this thread.
    /// </summary>
    public static RecurrentTrainingResult Train(RecurrentNet net, IGemm gemm, IReadOnlyList<int> inputs, IReadOnlyList<int> targets,
        RecurrentTrainerOptions options, Action<LossPoint>? recorded = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(gemm);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var forcing = new TeacherForcing(net, inputs, targets);
        var transition = options.Optimizer.Create(net.Transition.Parameters.Length);
        var readout = options.Optimizer.Create(net.Readout.Parameters.Length);
        var history = new List<LossPoint>();
        var clock = Stopwatch.StartNew();
        long epoch = 0;
        SequenceLoss loss;
        StopReason reason;
        while (true)
        {
            loss = forcing.Forward(gemm);
            bool record = epoch % options.RecordEvery == 0;
            if (!double.IsFinite(loss.CrossEntropy)) { reason = StopReason.Diverged; break; }
            if (loss.CrossEntropy <= options.TargetLoss) { reason = StopReason.Converged; break; }
            if (epoch >= options.MaxEpochs) { reason = StopReason.MaxEpochs; break; }
            if (cancellation.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            if (record)
            {
                var point = new LossPoint(epoch, loss.CrossEntropy);
                history.Add(point);
                recorded?.Invoke(point);
            }
            net.ZeroGradients();
            forcing.Backward(gemm);
            transition.Step(net.Transition.Parameters, net.Transition.Gradients);
            readout.Step(net.Readout.Parameters, net.Readout.Gradients);
            epoch++;
        }
        var last = new LossPoint(epoch, loss.CrossEntropy);
        if (history.Count == 0 || history[^1].Epoch != epoch) history.Add(last);
        return new RecurrentTrainingResult(reason, epoch, loss.CrossEntropy, loss.Correct, loss.Steps, history, clock.Elapsed.TotalSeconds);
    }
}
