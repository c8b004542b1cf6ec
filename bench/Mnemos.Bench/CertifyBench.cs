// Seconds to certify 100 stored examples of a d = 784, w = 256, depth-11 network, the way
// `mnemos certify` does it (Certifier.All: one single-threaded GEMM per worker,
// examples split across workers). The network is randomly initialized and the points are
// U[0, 1) vectors: the work per certificate (double forward pass, B·A by double GEMMs, dense
// 256×256 eigensolve with left and right top eigenvectors) does not depend on the points being
// fixed points. bench/torch_certify.py times
// PyTorch's jacobian + eigvals on the same shapes.
using System.Diagnostics;
using System.Globalization;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;

namespace Mnemos.Bench;

static class CertifyBench
{
    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", "2");
        int count = Timing.IntOption(args, "--count", "100");
        int repeats = Timing.IntOption(args, "--repeats", "3");
        const int d = 784, width = 256, depth = 11;
        var spec = new MlpSpec(d, d, depth, width, Activation.Selu);
        var mlp = new Mlp(spec);
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
        var points = new Matrix(count, d);
        new Rng(1).FillUniform(points.Data, 0, 1);
        var memory = new AssociativeMemory(mlp, points);
        var options = new CertifyOptions { TopCount = 5 };

        Console.WriteLine($"# certify: {count} points, d = {d}, width {width}, depth {depth}, selu, random init; {Environment.ProcessorCount} cpus, load {Load()}");
        Console.WriteLine("| threads | seconds (best of " + repeats + ") | ms per certificate | method |");
        Console.WriteLine("|---|---|---|---|");
        foreach (int t in threads == 1 ? new[] { 1 } : new[] { 1, threads })
        {
            Certificate[] certificates = [];
            Certifier.All(new AssociativeMemory(mlp, points.Clone().Slice(2)), options, GemmChoice.Backend(), t); // warm-up
            double best = double.PositiveInfinity;
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                certificates = Certifier.All(memory, options, GemmChoice.Backend(), t);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t} | {best:F2} | {best * 1e3 / count:F1} | {certificates[0].Method} |"));
        }
    }

    static Matrix Slice(this Matrix m, int rows) => new(rows, m.Cols, m.Data.AsSpan(0, rows * m.Cols).ToArray());

    public static string Load()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}
