// StagedTraining: a stage whose loss stops halving ends on a plateau and the next rate goes on; one stage is exactly a plain Trainer run; the stitched history is one curve.
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

public class StagedTrainingTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    static (Mlp Mlp, TrainingTask Task) TinyProblem() =>
        (TestNets.Random(new MlpSpec(16, 16, 2, 48, Activation.Cosid), seed: 3), TrainingTask.Autoencode(BuiltinData.Load("random16")));

    [Fact]
    public void A_stage_that_stops_halving_its_loss_hands_over_to_the_next_rate()
    {
        var (mlp, task) = TinyProblem();
        // Adam at 1e-7 barely moves the loss: the first check (epoch 100) sets the best and no check
        // after it halves that, so the stage ends at epoch 100 + patience; 1e-2 then converges.
        var result = StagedTraining.Run(mlp, task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-7, 1e-2], Patience: 500),
            new TrainerOptions { MaxEpochs = 20_000 });

        Assert.Equal(2, result.Stages.Count);
        Assert.Equal((1e-7, StopReason.Plateau, 600L), (result.Stages[0].LearningRate, result.Stages[0].Reason, result.Stages[0].Epochs));
        Assert.Equal((1e-2, StopReason.Converged, 600L), (result.Stages[1].LearningRate, result.Stages[1].Reason, result.Stages[1].StartEpoch));
        Assert.Equal(StopReason.Converged, result.Overall.Reason);
        Assert.Equal(result.Stages.Sum(s => s.Epochs), result.Overall.Epochs);
        Assert.True(result.Overall.FinalLoss <= 1e-8);
        var epochs = result.Overall.LossHistory.Select(p => p.Epoch).ToArray();
        Assert.Equal(epochs.Order().Distinct(), epochs);
        Assert.Equal(result.Overall.Epochs, epochs[^1]);
    }

    [Fact]
    public void A_stage_length_ends_a_stage_that_keeps_improving()
    {
        var (mlp, task) = TinyProblem();
        var result = StagedTraining.Run(mlp, task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-4, 1e-2], Patience: 100_000, StageEpochs: 300),
            new TrainerOptions { MaxEpochs = 20_000 });
        Assert.Equal((StopReason.MaxEpochs, 300L), (result.Stages[0].Reason, result.Stages[0].Epochs));
        Assert.Equal((StopReason.Converged, 300L), (result.Stages[1].Reason, result.Stages[1].StartEpoch));
        Assert.Equal(StopReason.Converged, result.Overall.Reason);
    }

    [Fact]
    public void A_minimum_length_keeps_training_past_the_target_and_across_stages()
    {
        var (mlp, task) = TinyProblem();
        var first = StagedTraining.Run(mlp.Clone(), task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-2, 1e-3], Patience: 100_000, StageEpochs: 300),
            new TrainerOptions { MaxEpochs = 20_000 });
        long reached = first.Overall.Epochs;
        Assert.Equal(StopReason.Converged, first.Overall.Reason);

        var longer = StagedTraining.Run(mlp, task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-2, 1e-3], Patience: 100_000, StageEpochs: 300),
            new TrainerOptions { MaxEpochs = 20_000, MinEpochs = reached + 700 });
        Assert.Equal(StopReason.Converged, longer.Overall.Reason);
        Assert.True(longer.Overall.Epochs >= reached + 700, $"stopped at {longer.Overall.Epochs}, before the minimum {reached + 700}");
        Assert.True(longer.Overall.FinalLoss <= 1e-8);
        Assert.Equal((StopReason.MaxEpochs, 300L), (longer.Stages[0].Reason, longer.Stages[0].Epochs));
        Assert.Equal(300L, longer.Stages[1].StartEpoch);
        Assert.Contains(longer.Overall.LossHistory, p => p.Epoch < reached + 700 && p.Loss <= 1e-8);
    }

    [Fact]
    public void A_minimum_above_the_maximum_is_refused_with_both()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainerOptions { MaxEpochs = 10, MinEpochs = 11 }.Validate());
        Assert.Contains("min epochs 11: must be in [0, max epochs 10]", e.Message);
    }

    [Fact]
    public void The_last_stage_never_ends_on_a_plateau()
    {
        var (mlp, task) = TinyProblem();
        var result = StagedTraining.Run(mlp, task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-7], Patience: 100),
            new TrainerOptions { MaxEpochs = 700 });
        Assert.Equal((StopReason.MaxEpochs, 700L), (result.Overall.Reason, result.Overall.Epochs));
    }

    [Fact]
    public void One_stage_is_bitwise_a_plain_trainer_run()
    {
        var (a, task) = TinyProblem();
        var (b, _) = TinyProblem();
        var plain = new Trainer(a, OptimizerSettings.Adam(1e-3).Create(a.Parameters.Length), task, Gemm).Run(new TrainerOptions { MaxEpochs = 300, TargetMse = 0 });
        var staged = StagedTraining.Run(b, task, Gemm, OptimizerSettings.Adam(), new LearningRateStages([1e-3], 100),
            new TrainerOptions { MaxEpochs = 300, TargetMse = 0 });
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal((plain.Epochs, plain.FinalLoss, StopReason.MaxEpochs), (staged.Overall.Epochs, staged.Overall.FinalLoss, staged.Overall.Reason));
        Assert.Equal(plain.LossHistory, staged.Overall.LossHistory);
    }

    [Theory]
    [InlineData(new double[0], 1000, "at least one rate")]
    [InlineData(new[] { 1e-4, -1 }, 1000, "stage -1")]
    [InlineData(new[] { 1e-4 }, 10, "patience 10")]
    public void Bad_stages_are_refused_with_the_value(double[] rates, long patience, string expected)
    {
        var (mlp, task) = TinyProblem();
        var error = Assert.Throws<ArgumentException>(() => StagedTraining.Run(mlp, task, Gemm, OptimizerSettings.Adam(),
            new LearningRateStages(rates, patience), new TrainerOptions()));
        Assert.Contains(expected, error.Message);
    }
}
