// Seconds per Newton step of FixedPointLocator (what `mnemos store` and `mnemos import` spend
// locating each stored example's fixed point) on the study's large memory shape: d = 1,024 and
// 11 hidden layers of --width (1,024: the d×d system; below d: the w×w Woodbury system), cosid,
// PyTorch init, from U[0, 1) starts. The work per step (linearization, the system, one LU solve,
// the residual) does not depend on the start being near a fixed point; the step counts are printed.
using System.Diagnostics;
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;

namespace Mnemos.Bench;

static class LocateBench
{
    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", "1");
        int width = Timing.IntOption(args, "--width", "1024");
        int count = Timing.IntOption(args, "--count", "3");
        const int d = 1024, depth = 11;
        var mlp = new Mlp(new MlpSpec(d, d, depth, width, Activation.Cosid));
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
        var starts = new Matrix(count, d);
        new Rng(1).FillUniform(starts.Data, 0, 1);
        using var gemm = Mnemos.Cli.GemmChoice.Create(threads);
        FixedPointLocator.Locate(mlp, gemm, starts.Row(0), maxSteps: 1); // warm-up
        Console.WriteLine($"# locate: d = {d}, width {width}, depth {depth}, cosid, {threads} thread(s), {gemm.Name}; {Environment.ProcessorCount} cpus, load {CertifyBench.Load()}");
        Console.WriteLine("| start | Newton steps | seconds | seconds per step | residual |");
        Console.WriteLine("|---|---|---|---|---|");
        for (int i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var p = FixedPointLocator.Locate(mlp, gemm, starts.Row(i));
            double s = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i} | {p.Steps} | {s:F2} | {s / Math.Max(1, p.Steps):F3} | {p.Residual:G3} |"));
        }
    }
}
