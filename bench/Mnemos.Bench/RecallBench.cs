// Seconds to recall 10,000 inputs for 1,000 steps through the config-E network (d = 2,
// width 256, depth 5, selu; six random stored points): Recall.Run with the stopping rules made
// unreachable (tolerance ε = 4.9e-324, the smallest RecallOptions accepts, so only an exact
// float fixed point stops a row; no stall window), and the bare loop x ← f(x) it is built on, both
// tiled (what recall uses) and as one whole-batch forward per step.
// Weights are U[−0.1, 0.1] (one of the scales of the study's initialization table, PNAS 2020):
// under PyTorch's default init some rows land on an exact float fixed point and stop early; under
// this one every row runs all steps (the outcome counts and mean steps are printed to show it).
// bench/torch_recall.py times PyTorch on the same.
using System.Diagnostics;
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;

namespace Mnemos.Bench;

static class RecallBench
{
    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", "2");
        int inputs = Timing.IntOption(args, "--inputs", "10000");
        int steps = Timing.IntOption(args, "--steps", "1000");
        var (n, d, width, depth, activation) = TrainBench.Configs["E"];
        string init = Timing.Option(args, "--init", "uniform:0.1");
        var mlp = new Mlp(new MlpSpec(d, d, depth, width, activation));
        InitScheme.Parse(init).Apply(mlp, new Rng(0));
        var stored = new Matrix(n, d);
        new Rng(1).FillUniform(stored.Data, 0, 1);
        var memory = new AssociativeMemory(mlp, stored);
        var x = new Matrix(inputs, d);
        new Rng(2).FillUniform(x.Data, -1, 1);
        var gemm = Cli.GemmChoice.Create(threads);
        var options = new RecallOptions { MaxSteps = steps, Tolerance = double.Epsilon, StallWindow = int.MaxValue, DivergenceNorm = double.MaxValue };

        Console.WriteLine($"# recall: {inputs} inputs × {steps} steps, config E (d = {d}, width {width}, depth {depth}, {activation.Name()}, init {init}), {gemm.Name}, {threads} threads; load {CertifyBench.Load()}");
        Console.WriteLine("| what | seconds | mean steps | µs per input-step |");
        Console.WriteLine("|---|---|---|---|");
        Recall.Run(memory, gemm, x.Slice(64), options with { MaxSteps = 10 }); // warm-up

        var clock = Stopwatch.StartNew();
        var results = Recall.Run(memory, gemm, x, options);
        double seconds = clock.Elapsed.TotalSeconds;
        double meanSteps = results.Average(r => r.Steps);
        string outcomes = string.Join(", ", results.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Recall.Run ({outcomes}) | {seconds:F2} | {meanSteps:F1} | {seconds * 1e6 / (inputs * meanSteps):F3} |"));

        using (var tiled = new TiledForward(mlp, gemm))
        {
            var current = (float[])x.Data.Clone();
            var next = new float[current.Length];
            clock.Restart();
            for (int s = 0; s < steps; s++)
            {
                tiled.Run(current, inputs, next);
                (current, next) = (next, current);
            }
            seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| x ← f(x) loop, TiledForward ({tiled.Workers} workers × {tiled.TileRows} rows) | {seconds:F2} | {steps} | {seconds * 1e6 / ((double)inputs * steps):F3} |"));
        }

        var workspace = new MlpWorkspace(mlp.Spec, inputs);
        var whole = (float[])x.Data.Clone();
        clock.Restart();
        for (int s = 0; s < steps; s++) mlp.Forward(gemm, whole, workspace).CopyTo(whole);
        seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| x ← f(x) loop, whole batch through Mlp.Forward | {seconds:F2} | {steps} | {seconds * 1e6 / ((double)inputs * steps):F3} |"));
    }

    static Matrix Slice(this Matrix m, int rows) => new(rows, m.Cols, m.Data.AsSpan(0, rows * m.Cols).ToArray());
}
