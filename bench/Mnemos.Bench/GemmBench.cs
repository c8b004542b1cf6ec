// GFLOP/s of each GEMM backend on square and training-shaped products; bench/torch_gemm.py
// measures PyTorch on the same shapes.
using System.Globalization;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Bench;

static class GemmBench
{
    // name, m, n, k, op(A) transposed, op(B) transposed — the same list as bench/torch_gemm.py.
    static readonly (string Name, int M, int N, int K, bool Ta, bool Tb)[] Shapes =
    [
        ("256³", 256, 256, 256, false, false),
        ("512³", 512, 512, 512, false, false),
        ("1024³", 1024, 1024, 1024, false, false),
        ("2048³", 2048, 2048, 2048, false, false),
        ("fwd 100×1024·1024×256", 100, 256, 1024, false, false),
        ("fwd 100×256·256ᵀ (NT)", 100, 256, 256, false, true),
        ("grad W 256ᵀ·100 (TN)", 256, 1024, 100, true, false),
        ("fwd 500×1024·1024×1024 (NT)", 500, 1024, 1024, false, true),
    ];

    public static void Run(string[] args)
    {
        int threads = Timing.IntOption(args, "--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        var names = Timing.Option(args, "--backends", string.Join(",", GemmBackends.Available.Where(b => b != GemmBackend.Reference).Select(GemmBackends.Name))).Split(',');
        var backends = names.Select(n => GemmBackends.Create(GemmBackends.Parse(n), threads)).ToArray();
        Console.WriteLine($"# GEMM GFLOP/s, {threads} threads");
        Console.WriteLine($"| shape | {string.Join(" | ", backends.Select(b => b.Name))} |");
        Console.WriteLine($"|---|{string.Concat(backends.Select(_ => "---|"))}");
        foreach (var (name, m, n, k, ta, tb) in Shapes)
        {
            var a = new Matrix(ta ? k : m, ta ? m : k);
            var b = new Matrix(tb ? n : k, tb ? k : n);
            var c = new Matrix(m, n);
            var rng = new Rng(1);
            rng.FillUniform(a.Data, -1, 1);
            rng.FillUniform(b.Data, -1, 1);
            var cells = backends.Select(gemm =>
            {
                double seconds = Timing.MedianSeconds(() => gemm.Multiply(
                    ta ? Transpose.Yes : Transpose.No, tb ? Transpose.Yes : Transpose.No, m, n, k,
                    1f, a.Data, a.Cols, b.Data, b.Cols, 0f, c.Data, n));
                return (2.0 * m * n * k / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);
            });
            Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
        }
    }
}
