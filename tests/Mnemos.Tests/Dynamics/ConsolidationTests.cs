// Consolidation on a case where plain training leaves stored digits that are not attractors: the
// ten 5×7 digit glyphs in 4 × 128 SELU, Adam 1e-4, to MSE 1e-6. Plain training stores 4 of 10 as
// attractors; consolidation from MSE 1e-3 ends with all 10 certified at the located fixed points
// (MemoryBuilder, the verdicts that count), at the same target MSE. A capped run says it stopped.
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Dynamics;

public class ConsolidationTests
{
    const double Target = 1e-6, HandOver = 1e-3;

    static (Mlp Mlp, TrainingTask Task, OptimizerSettings Optimizer) Digits()
    {
        var setup = new TrainingSetup(new MlpSpec(35, 35, 4, 128, Activation.Selu), InitScheme.Parse("pytorch"), OptimizerSettings.Adam(1e-4), 0);
        return (setup.CreateNetwork(), TrainingTask.Autoencode(BuiltinData.Load("digits")), setup.Optimizer);
    }

    static TrainingResult Train(Mlp mlp, TrainingTask task, OptimizerSettings optimizer, IGemm gemm, double target) =>
        new Trainer(mlp, optimizer.Create(mlp.Parameters.Length), task, gemm).Run(new TrainerOptions { TargetMse = target, MaxEpochs = 20_000 });

    [Fact]
    public void Every_digit_ends_a_certified_attractor_where_plain_training_leaves_some_that_are_not()
    {
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var (plainNet, task, optimizer) = Digits();
        Assert.True(Train(plainNet, task, optimizer, gemm, Target).Converged);
        var plain = MemoryBuilder.Build(new AssociativeMemory(plainNet, task.Inputs), gemm, 1);
        Assert.True(plain.Attractors < 10, $"plain training already stores {plain.Summary()}: the case shows nothing");

        var (mlp, _, _) = Digits();
        var first = Train(mlp, task, optimizer, gemm, HandOver);
        Assert.True(first.Converged);
        var rounds = new List<ConsolidationRound>();
        var result = Consolidation.Run(mlp, task, gemm, optimizer, new ConsolidationOptions { MaxEpochs = 20_000 }, Target, first.Epochs,
            round: rounds.Add);

        Assert.True(result.Consolidated, $"stopped ({result.Reason}) after {rounds.Count} checks: {string.Join("; ", rounds)}");
        Assert.Equal(StopReason.Converged, result.Reason);
        Assert.True(result.FinalLoss <= Target, $"MSE {result.FinalLoss}");
        Assert.Equal(rounds, result.Rounds);
        Assert.True(rounds[^1].Finished);
        Assert.True(rounds[0].Passed < 10, "the first check should find units to consolidate");
        var stored = MemoryBuilder.Build(new AssociativeMemory(mlp, task.Inputs), gemm, 1);
        Assert.True(stored.Attractors == 10, stored.Summary());
        // The check at the end of consolidation and the final verdicts agree: ρ below 1 − δ at the examples.
        Assert.All(stored.Memory.SpectralRadii!, rho => Assert.True(rho < 1, $"ρ {rho}"));
    }

    [Fact]
    public void A_capped_run_stops_short_says_why_and_repeats_exactly()
    {
        float[] Run(out ConsolidationResult result)
        {
            using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
            var (mlp, task, optimizer) = Digits();
            var first = Train(mlp, task, optimizer, gemm, HandOver);
            result = Consolidation.Run(mlp, task, gemm, optimizer, new ConsolidationOptions { MaxEpochs = 150, RoundEpochs = 100 }, Target, first.Epochs);
            return mlp.Parameters.ToArray();
        }
        var weights = Run(out var result);
        Assert.False(result.Consolidated);
        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(150, result.EndEpoch - result.StartEpoch);
        Assert.Equal(weights, Run(out _));
    }

    [Fact]
    public void Bad_options_and_a_task_with_copies_are_refused()
    {
        var (mlp, task, optimizer) = Digits();
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        Assert.Contains("1.5", Assert.Throws<ArgumentException>(() =>
            Consolidation.Run(mlp, task, gemm, optimizer, new ConsolidationOptions { Margin = 1.5 }, Target)).Message);
        Assert.Contains("σ 0", Assert.Throws<ArgumentException>(() =>
            Consolidation.Run(mlp, task, gemm, optimizer, new ConsolidationOptions { Sigma = 0 }, Target)).Message);
        Assert.Contains("plain task", Assert.Throws<ArgumentException>(() =>
            Consolidation.Run(mlp, task.WithNoisyCopies([0], 1, 0.1, 1, 0), gemm, optimizer, new ConsolidationOptions(), Target)).Message);
    }
}
