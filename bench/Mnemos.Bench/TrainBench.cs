// ms/epoch of full-batch Adam (lr 1e-4) on random data for the configurations of
// docs/benchmarks.md; bench/torch_train.py measures the same on PyTorch.
using System.Globalization;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Bench;

static class TrainBench
{
    public static readonly Dictionary<string, (int N, int D, int Width, int Depth, Activation Activation)> Configs = new()
    {
        ["A"] = (100, 784, 256, 11, Activation.Selu),
        ["B"] = (100, 1024, 256, 11, Activation.Cosid),
        ["C"] = (500, 1024, 1024, 11, Activation.Cosid),
        ["D"] = (100, 784, 512, 31, Activation.Selu),
        ["E"] = (6, 2, 256, 5, Activation.Selu),
    };

    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        var names = Timing.Option(args, "--configs", "A,B,C,D,E").Split(',');
        var gemm = Cli.GemmChoice.Create(threads);
        Console.WriteLine($"# train ms/epoch, {gemm.Name}, {threads} threads");
        Console.WriteLine("| config | n | d | width | depth | activation | ms/epoch |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in names)
        {
            var (n, d, width, depth, activation) = Configs[name];
            var data = new Matrix(n, d);
            new Rng(0).FillUniform(data.Data, 0, 1);
            var spec = new MlpSpec(d, d, depth, width, activation);
            var mlp = new Mlp(spec);
            InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
            var trainer = new Trainer(mlp, OptimizerSettings.Adam(learningRate: 1e-4).Create(mlp.Parameters.Length), TrainingTask.Autoencode(data), gemm);
            // Whole runs of k epochs, so the one extra loss evaluation per run is amortized.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int k = 1;
            while (clock.Elapsed.TotalSeconds < 0.3) { RunEpochs(trainer, k); k *= 2; }
            double perRun = clock.Elapsed.TotalSeconds / (2 * k - 1);
            int epochs = Math.Max(3, (int)((name == "C" ? 2.0 : 0.5) / perRun));
            double seconds = Timing.MedianSeconds(() => RunEpochs(trainer, epochs), samples: 5, batchSeconds: 0) / epochs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {n} | {d} | {width} | {depth} | {activation.Name()} | {seconds * 1e3:F2} |"));
        }
    }

    static void RunEpochs(Trainer trainer, int epochs) =>
        trainer.Run(new TrainerOptions { MaxEpochs = trainer.Epoch + epochs, TargetMse = 0, ProgressEvery = int.MaxValue });
}
