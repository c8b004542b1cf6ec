// Where an epoch's time goes for one configuration: forward, backward, optimizer step, copies.
using System.Globalization;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training.Optimizers;

namespace Mnemos.Bench;

static class PartsBench
{
    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", "2");
        string name = Timing.Option(args, "--config", "A");
        var (n, d, width, depth, activation) = TrainBench.Configs[name];
        var gemm = Cli.GemmChoice.Create(threads);
        var data = new Matrix(n, d);
        new Rng(0).FillUniform(data.Data, 0, 1);
        var mlp = new Mlp(new MlpSpec(d, d, depth, width, activation));
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
        var workspace = new MlpWorkspace(mlp.Spec, n);
        var dy = new float[n * d];
        var copy = new float[mlp.Parameters.Length];
        var adam = OptimizerSettings.Adam(learningRate: 1e-4).Create(mlp.Parameters.Length);
        void Row(string part, Action action) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {part} | {Timing.MedianSeconds(action) * 1e3:F3} |"));
        Console.WriteLine($"# epoch parts, {gemm.Name}, {threads} threads, {mlp.Parameters.Length} parameters");
        Console.WriteLine("| config | part | ms |");
        Console.WriteLine("|---|---|---|");
        Row("forward", () => mlp.Forward(gemm, data.Data, workspace));
        mlp.Forward(gemm, data.Data, workspace);
        Row("backward", () => mlp.Backward(gemm, data.Data, dy, workspace));
        Row("zero gradients", mlp.ZeroGradients);
        Row("adam step", () => adam.Step(mlp.Parameters, mlp.Gradients));
        Row("copy parameters", () => Array.Copy(mlp.Parameters, copy, copy.Length));
    }
}
