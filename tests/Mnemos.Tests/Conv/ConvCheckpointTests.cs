// ConvCheckpoint: a run resumed from a checkpoint file retraces the uninterrupted run bit for bit
// (weights and loss history), and a plain model file is refused as a checkpoint.
using Mnemos.Conv;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Conv;

public class ConvCheckpointTests
{
    [Fact]
    public void A_run_resumed_from_a_checkpoint_file_matches_the_uninterrupted_run_exactly()
    {
        using var dir = new Mnemos.Tests.Support.TempDirectory();
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var settings = OptimizerSettings.Adam(1e-3);
        var task = TrainingTask.Autoencode(new Matrix(3, 32, Uniform(96, 9)));
        UNet Net()
        {
            var net = new UNet(new UNetSpec(2, 4, 4, 1, 2, Activation.Tanh));
            net.InitPyTorch(new Rng(2));
            return net;
        }
        var whole = Net();
        var straight = new ConvTrainer(whole, settings.Create(whole.ParameterCount), task, gemm).Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 9 });

        var first = Net();
        string path = Path.Combine(dir.Path, "run.ckpt.safetensors");
        var part = new ConvTrainer(first, settings.Create(first.ParameterCount), task, gemm);
        part.Checkpoint += state => ConvCheckpoint.Save(path, first, state);
        part.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 4, CheckpointEvery = 4 });

        var (net, saved) = ConvCheckpoint.Load(path);
        Assert.Equal(4, saved.Epoch);
        var resumed = new ConvTrainer(net, settings.Create(net.ParameterCount), task, gemm);
        resumed.Restore(saved);
        var result = resumed.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 9 });

        Assert.Equal(whole.Parameters, net.Parameters);
        Assert.Equal(straight.LossHistory, result.LossHistory);
    }

    [Fact]
    public void A_plain_model_file_is_not_a_checkpoint()
    {
        using var dir = new Mnemos.Tests.Support.TempDirectory();
        var net = new UNet(new UNetSpec(1, 4, 4, 1, 2, Activation.Relu));
        string path = Path.Combine(dir.Path, "model.safetensors");
        UNetFile.Save(path, net);
        var e = Assert.Throws<InvalidDataException>(() => ConvCheckpoint.Load(path));
        Assert.Equal($"{path}: not a checkpoint, metadata 'checkpoint_epoch' is missing", e.Message);
    }
}
