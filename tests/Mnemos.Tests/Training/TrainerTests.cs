// Trainer: reaches the study's MSE target on a tiny net, resumes bit-identically, stops for the
// right reason, and keeps finite weights when training diverges.
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

public class TrainerTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    static (Mlp Mlp, TrainingTask Task) TinyProblem(ulong seed = 3)
    {
        var data = BuiltinData.Load("random16"); // 10 examples, d = 16
        var mlp = TestNets.Random(new MlpSpec(16, 16, 2, 48, Activation.Cosid), seed);
        return (mlp, TrainingTask.Autoencode(data));
    }

    [Fact]
    public void Tiny_network_reaches_the_study_target_mse()
    {
        var (mlp, task) = TinyProblem();
        var trainer = new Trainer(mlp, OptimizerSettings.Adam(1e-3).Create(mlp.Parameters.Length), task, Gemm);
        var result = trainer.Run(new TrainerOptions { MaxEpochs = 20_000 });

        Assert.Equal(StopReason.Converged, result.Reason);
        Assert.True(result.FinalLoss <= 1e-8, $"final loss {result.FinalLoss}");
        // The reported loss is recomputed independently in double by the reference network.
        double check = Mnemos.Nn.Reference.ReferenceMlp.Loss(
            mlp, Mnemos.Nn.Reference.ReferenceMlp.Widen(mlp.Parameters), task.Inputs.Data, task.Targets.Data, task.SampleCount);
        Assert.True(check <= 1.01e-8, $"reference loss {check}");
        Assert.Equal(result.Epochs, result.LossHistory[^1].Epoch);
    }

    [Fact]
    public void Resumed_run_ends_bit_identical_to_an_uninterrupted_one()
    {
        var (straight, task) = TinyProblem();
        var optimizer = OptimizerSettings.Adam(1e-3).Create(straight.Parameters.Length);
        var full = new Trainer(straight, optimizer, task, Gemm).Run(new TrainerOptions { MaxEpochs = 400, TargetMse = 0 });

        var (resumed, _) = TinyProblem();
        var first = new Trainer(resumed, OptimizerSettings.Adam(1e-3).Create(resumed.Parameters.Length), task, Gemm);
        first.Run(new TrainerOptions { MaxEpochs = 170, TargetMse = 0 });
        var saved = first.CaptureState();
        float[] savedWeights = (float[])resumed.Parameters.Clone();

        // A fresh network and optimizer, as after a process restart.
        var (restarted, _) = TinyProblem(seed: 99);
        savedWeights.CopyTo(restarted.Parameters, 0);
        var second = new Trainer(restarted, OptimizerSettings.Adam(1e-3).Create(restarted.Parameters.Length), task, Gemm);
        second.Restore(saved);
        var end = second.Run(new TrainerOptions { MaxEpochs = 400, TargetMse = 0 });

        Assert.Equal(StopReason.MaxEpochs, end.Reason);
        Assert.Equal(400, end.Epochs);
        Assert.Equal(straight.Parameters, restarted.Parameters);
        Assert.Equal(full.FinalLoss, end.FinalLoss);
        Assert.Equal(full.LossHistory, end.LossHistory);
    }

    [Fact]
    public void Divergence_stops_and_keeps_the_last_finite_weights()
    {
        var (mlp, task) = TinyProblem();
        var trainer = new Trainer(mlp, OptimizerSettings.Sgd(learningRate: 1e4).Create(mlp.Parameters.Length), task, Gemm);
        var result = trainer.Run(new TrainerOptions { MaxEpochs = 1000, ProgressEvery = 1 });

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.All(mlp.Parameters, p => Assert.True(float.IsFinite(p)));
        Assert.True(double.IsFinite(result.FinalLoss));
        // The kept weights reproduce the last finite loss recorded.
        Assert.Equal(result.FinalLoss, trainer.CurrentLoss());
        Assert.Equal(result.Epochs, result.LossHistory[^1].Epoch);
        Assert.True(result.Epochs < 1000, $"diverged only after {result.Epochs} epochs");
    }

    [Fact]
    public void Max_epochs_and_progress_events_are_exact()
    {
        var (mlp, task) = TinyProblem();
        var trainer = new Trainer(mlp, OptimizerSettings.Adam(1e-4).Create(mlp.Parameters.Length), task, Gemm);
        var epochs = new List<long>();
        var checkpoints = new List<long>();
        trainer.Progress += p => epochs.Add(p.Epoch);
        trainer.Checkpoint += s => checkpoints.Add(s.Epoch);
        var result = trainer.Run(new TrainerOptions { MaxEpochs = 25, ProgressEvery = 10, CheckpointEvery = 8 });

        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(25, result.Epochs);
        Assert.Equal([10L, 20L, 25L], epochs);
        Assert.Equal([8L, 16L, 24L], checkpoints);
        Assert.Equal(26, result.LossHistory.Count); // epochs 0…25, every one below 100
    }

    [Fact]
    public void Sequence_task_maps_each_item_to_the_next_around_each_cycle()
    {
        var data = new Matrix(5, 1, [0f, 1f, 2f, 3f, 4f]);
        var task = TrainingTask.Sequence(data, [[0, 1, 2], [4, 3]]);
        Assert.Equal([0f, 1f, 2f, 4f, 3f], task.Inputs.Data);
        Assert.Equal([1f, 2f, 0f, 3f, 4f], task.Targets.Data);

        var byLength = TrainingTask.SequenceOfLength(new Matrix(4, 1, [0f, 1f, 2f, 3f]), 2);
        Assert.Equal([1f, 0f, 3f, 2f], byLength.Targets.Data);

        Assert.Contains("does not divide", Assert.Throws<ArgumentException>(() => TrainingTask.SequenceOfLength(data, 2)).Message);
        Assert.Contains("row 1 appears", Assert.Throws<ArgumentException>(() => TrainingTask.Sequence(data, [[0, 1], [1, 2, 3, 4]])).Message);
        Assert.Contains("cover 3 of 5", Assert.Throws<ArgumentException>(() => TrainingTask.Sequence(data, [[0, 1, 2]])).Message);
    }

    [Fact]
    public void Loss_history_thins_out_logarithmically()
    {
        var (mlp, task) = TinyProblem();
        var trainer = new Trainer(mlp, OptimizerSettings.Adam(1e-4).Create(mlp.Parameters.Length), task, Gemm);
        var result = trainer.Run(new TrainerOptions { MaxEpochs = 2_345, TargetMse = 0 });
        long[] recorded = result.LossHistory.Select(p => p.Epoch).ToArray();
        // 0…999 every epoch, then every 10th up to 2,340, then the final epoch.
        Assert.Equal(1000 + 135 + 1, recorded.Length);
        Assert.Equal(2_340, recorded[^2]);
        Assert.Equal(2_345, recorded[^1]);
    }
}
