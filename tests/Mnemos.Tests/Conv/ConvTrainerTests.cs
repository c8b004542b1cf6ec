// ConvTrainer: a run resumed from captured state retraces the uninterrupted run bit for bit, and
// mismatched data or optimizers are named.
using Mnemos.Conv;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class ConvTrainerTests
{
    static UNet Net()
    {
        var net = new UNet(new UNetSpec(2, 4, 4, 1, 2, Activation.LeakyRelu));
        net.InitPyTorch(new Rng(2));
        return net;
    }

    static TrainingTask Task() => TrainingTask.Autoencode(new Matrix(3, 32, Uniform(96, 9)));

    [Fact]
    public void Resumed_run_matches_uninterrupted_run_exactly()
    {
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var settings = OptimizerSettings.Adam(1e-3);
        var whole = Net();
        var straight = new ConvTrainer(whole, settings.Create(whole.ParameterCount), Task(), gemm).Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 12 });

        var first = Net();
        var part = new ConvTrainer(first, settings.Create(first.ParameterCount), Task(), gemm);
        part.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 5 });
        var state = part.CaptureState();
        var second = new UNet(first.Spec);
        first.Parameters.CopyTo(second.Parameters, 0);
        var resumed = new ConvTrainer(second, settings.Create(second.ParameterCount), Task(), gemm);
        resumed.Restore(state);
        var result = resumed.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 12 });

        Assert.Equal(whole.Parameters, second.Parameters);
        Assert.Equal(straight.FinalLoss, result.FinalLoss);
        Assert.Equal(12, result.Epochs);
        Assert.True(straight.FinalLoss < straight.LossHistory[0].Loss); // the seeded run does train
    }

    [Fact]
    public void Images_of_the_wrong_size_are_named()
    {
        var net = Net();
        var e = Assert.Throws<ArgumentException>(() => new ConvTrainer(net, OptimizerSettings.Adam().Create(net.ParameterCount),
            TrainingTask.Autoencode(new Matrix(2, 30, Uniform(60, 1))), Mnemos.Kernels.Reference.ReferenceGemm.Instance));
        Assert.Equal("data has 30 values per example but the U-Net maps 2×4×4 = 32", e.Message);
    }

    [Fact]
    public void An_optimizer_of_the_wrong_size_is_named()
    {
        var net = Net();
        var e = Assert.Throws<ArgumentException>(() => new ConvTrainer(net, OptimizerSettings.Adam().Create(7), Task(),
            Mnemos.Kernels.Reference.ReferenceGemm.Instance));
        Assert.Equal($"optimizer is for 7 parameters but the U-Net has {net.ParameterCount}", e.Message);
    }
}
