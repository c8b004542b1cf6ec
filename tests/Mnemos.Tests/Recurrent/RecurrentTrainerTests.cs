// RecurrentTrainer: the stop rules, a loss history that starts at epoch 0, and bitwise-equal
// results for the same seed.
using Mnemos.Kernels;
using Mnemos.Recurrent;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Recurrent;

public class RecurrentTrainerTests
{
    static readonly int[] Inputs = [RecurrentNet.NoToken, 0, 1, 2];
    static readonly int[] Targets = [0, 1, 2, 0];

    static (RecurrentNet Net, RecurrentTrainingResult Result) Train(long maxEpochs, double target)
    {
        var net = TeacherForcingTests.Net(Activation.Tanh, vocabulary: 3, state: 4, depth: 2, width: 8, seed: 13);
        using var gemm = new ManagedGemm(1);
        var result = RecurrentTrainer.Train(net, gemm, Inputs, Targets, new RecurrentTrainerOptions(OptimizerSettings.Adam(1e-2), maxEpochs, target, RecordEvery: 10));
        return (net, result);
    }

    [Fact]
    public void Training_stops_at_the_target_loss_with_every_step_right()
    {
        var (_, result) = Train(5000, 1e-3);
        Assert.Equal(StopReason.Converged, result.Reason);
        Assert.True(result.FinalLoss <= 1e-3, $"loss {result.FinalLoss}");
        Assert.Equal(Inputs.Length, result.Correct);
        Assert.Equal(0, result.LossHistory[0].Epoch);
        Assert.Equal(result.Epochs, result.LossHistory[^1].Epoch);
        Assert.True(result.LossHistory[0].Loss > 0.5, "an untrained net should not already fit");
    }

    [Fact]
    public void Training_stops_at_the_epoch_cap_and_repeats_bitwise()
    {
        var (a, first) = Train(25, 0);
        var (b, second) = Train(25, 0);
        Assert.Equal(StopReason.MaxEpochs, first.Reason);
        Assert.Equal(25, first.Epochs);
        Assert.Equal([0L, 10, 20, 25], first.LossHistory.Select(p => p.Epoch));
        Assert.Equal(a.Transition.Parameters, b.Transition.Parameters);
        Assert.Equal(a.Readout.Parameters, b.Readout.Parameters);
        Assert.Equal(first.FinalLoss, second.FinalLoss);
    }
}
