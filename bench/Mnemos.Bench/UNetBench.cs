// ms/epoch of full-batch Adam (lr 1e-4) autoencoding 10 random 32×32×3 images with a U-Net, and
// seconds for one matrix-free certificate (Arnoldi on J·v, d = 3,072) at a random point.
// bench/torch_unet.py measures the same network on PyTorch. `--parts`: UNetPartsBench's breakdown instead.
using System.Diagnostics;
using System.Globalization;
using Mnemos.Conv;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Bench;

static class UNetBench
{
    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", "2");
        int depth = Timing.IntOption(args, "--depth", "3");
        int baseChannels = Timing.IntOption(args, "--base", "64");
        int epochs = Timing.IntOption(args, "--epochs", "3");
        using var gemm = Cli.GemmChoice.Create(threads);
        var net = new UNet(new UNetSpec(3, 32, 32, depth, baseChannels, Activation.Relu));
        net.InitPyTorch(new Rng(2));
        var data = new Matrix(10, net.Spec.ImageSize);
        new Rng(0).FillUniform(data.Data, 0, 1);
        if (args.Contains("--parts"))
        {
            UNetPartsBench.Run(net, gemm, data.Data, threads);
            return;
        }
        var trainer = new ConvTrainer(net, OptimizerSettings.Adam(1e-4).Create(net.ParameterCount), TrainingTask.Autoencode(data), gemm);
        trainer.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = 1, ProgressEvery = int.MaxValue }); // warm-up
        // One run of epochs + 1 steps, timed between successive progress events: each interval is one
        // epoch as training runs it (forward, backward, step), without the run's closing loss evaluation.
        var stamps = new List<double>();
        long seen = trainer.Epoch;
        trainer.Progress += p =>
        {
            if (p.Epoch == seen) return;
            seen = p.Epoch;
            stamps.Add(p.Elapsed.TotalSeconds);
        };
        trainer.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = trainer.Epoch + epochs + 1, ProgressEvery = 1 });
        var times = new double[epochs];
        for (int e = 0; e < epochs; e++) times[e] = stamps[e + 1] - stamps[e];
        Array.Sort(times);
        var point = data.Data.AsSpan(0, net.Spec.ImageSize);
        var certifyClock = Stopwatch.StartNew();
        var certificate = ConvCertifier.FixedPoint(net, gemm, point, new CertifyOptions { DenseLimit = 1 });
        double certifySeconds = certifyClock.Elapsed.TotalSeconds;
        Console.WriteLine($"# U-Net 32×32×3, 10 images, depth {depth}, base {baseChannels}, {net.ParameterCount} parameters, {gemm.Name}, {threads} threads");
        Console.WriteLine("| side | ms/epoch (median) | certificate s | products | ρ |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| mnemos | {times[epochs / 2] * 1e3:F0} | {certifySeconds:F2} | {certificate.Method} | {certificate.SpectralRadius:G6} |"));
    }
}
