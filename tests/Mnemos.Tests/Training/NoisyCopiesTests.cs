// Noisy copies in the batch (consolidation's training signal): drawn from (seed, epoch) alone,
// centred on their source examples, left out of the reported loss, and weighted in the gradient
// exactly as Weight · their own MSE (checked by linearity against two plain tasks).
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

public class NoisyCopiesTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    static Matrix Data() => BuiltinData.Load("random16"); // 10 examples, d = 16

    [Fact]
    public void Copies_follow_their_sources_and_the_epoch_alone_decides_the_noise()
    {
        var task = TrainingTask.Autoencode(Data()).WithNoisyCopies([2, 5], copies: 3, sigma: 0.1, weight: 1, seed: 9);
        Assert.Equal(10, task.ExampleRows);
        Assert.Equal(16, task.SampleCount);
        Assert.Equal([2, 2, 2, 5, 5, 5], task.Noise!.Sources);

        task.Noise.Refresh(4);
        var first = task.Inputs.Data.ToArray();
        task.Noise.Refresh(5);
        Assert.NotEqual(first, task.Inputs.Data);
        task.Noise.Refresh(4);
        Assert.Equal(first, task.Inputs.Data); // same epoch, same copies: a resumed run sees the same batch

        var other = TrainingTask.Autoencode(Data()).WithNoisyCopies([2, 5], 3, 0.1, 1, seed: 9);
        other.Noise!.Refresh(4);
        Assert.Equal(first, other.Inputs.Data);

        // Each copy is its source plus noise of about σ per entry; its target is the clean source.
        double sum = 0;
        int count = 0;
        for (int k = 0; k < 6; k++)
        {
            int source = task.Noise.Sources[k];
            Assert.Equal(task.Targets.Row(source).ToArray(), task.Targets.Row(10 + k).ToArray());
            for (int j = 0; j < 16; j++)
            {
                double e = task.Inputs[10 + k, j] - task.Inputs[source, j];
                sum += e * e;
                count++;
            }
        }
        double std = Math.Sqrt(sum / count);
        Assert.InRange(std, 0.07, 0.13); // 96 draws of N(0, 0.1²)
        // The example rows are untouched.
        Assert.Equal(Data().Data, task.Inputs.Data.AsSpan(0, 160).ToArray());
    }

    [Fact]
    public void Reported_loss_counts_the_examples_only()
    {
        var mlp = TestNets.Random(new MlpSpec(16, 16, 2, 32, Activation.Cosid), 4);
        var plain = new Trainer(mlp, OptimizerSettings.Sgd(0.1).Create(mlp.Parameters.Length), TrainingTask.Autoencode(Data()), Gemm);
        var noisy = new Trainer(mlp, OptimizerSettings.Sgd(0.1).Create(mlp.Parameters.Length),
            TrainingTask.Autoencode(Data()).WithNoisyCopies([0, 1, 2], 2, 0.5, 10, 1), Gemm);
        Assert.Equal(plain.CurrentLoss(), noisy.CurrentLoss());
    }

    static float[] Step(TrainingTask task)
    {
        var mlp = TestNets.Random(new MlpSpec(16, 16, 2, 32, Activation.Cosid), 6);
        float[] before = mlp.Parameters.ToArray();
        new Trainer(mlp, OptimizerSettings.Sgd(1).Create(mlp.Parameters.Length), task, Gemm).Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 1 });
        return mlp.Parameters.Select((p, i) => p - before[i]).ToArray();
    }

    static void Near(float expected, float actual, int i) =>
        Assert.True(Math.Abs(expected - actual) <= 2e-5 * (1 + Math.Abs(expected)), $"parameter {i}: {actual}, expected {expected}");

    [Fact]
    public void Copies_without_noise_scale_the_gradient_by_one_plus_the_weight()
    {
        // Copies of every example with noise far below float resolution are the examples again:
        // their MSE is the examples' MSE, so the objective is (1 + w)·MSE and so is the step.
        const double weight = 0.7;
        float[] clean = Step(TrainingTask.Autoencode(Data()));
        float[] both = Step(TrainingTask.Autoencode(Data()).WithNoisyCopies(Enumerable.Range(0, 10).ToArray(), 2, 1e-30, weight, 5));
        for (int i = 0; i < clean.Length; i++) Near((float)((1 + weight) * clean[i]), both[i], i);
    }

    [Fact]
    public void The_copies_part_of_the_gradient_is_linear_in_the_weight()
    {
        int[] rows = [1, 3, 8];
        float[] clean = Step(TrainingTask.Autoencode(Data()));
        float[] light = Step(TrainingTask.Autoencode(Data()).WithNoisyCopies(rows, 2, 0.2, 0.5, 5));
        float[] heavy = Step(TrainingTask.Autoencode(Data()).WithNoisyCopies(rows, 2, 0.2, 2.0, 5));
        double moved = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            Near(4 * (light[i] - clean[i]), heavy[i] - clean[i], i);
            moved = Math.Max(moved, Math.Abs(light[i] - clean[i]));
        }
        Assert.True(moved > 1e-4, $"the copies changed the step by at most {moved}");
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_value()
    {
        var task = TrainingTask.Autoencode(Data());
        Assert.Contains("-1", Assert.Throws<ArgumentException>(() => task.WithNoisyCopies([0], 1, -1, 1, 0)).Message);
        Assert.Contains("row 10", Assert.Throws<ArgumentException>(() => task.WithNoisyCopies([10], 1, 0.1, 1, 0)).Message);
        Assert.Contains("0", Assert.Throws<ArgumentException>(() => task.WithNoisyCopies([0], 0, 0.1, 1, 0)).Message);
    }
}
