// Where a U-Net epoch's time goes (`unet --parts`): each node's forward and backward, the GEMMs,
// im2col and col2im of every convolution, activations, and the optimizer step, on the workspace of
// the `unet` benchmark. Each row is timed alone (median of repeated calls), so the rows add up to
// roughly, not exactly, one epoch.
using System.Globalization;
using Mnemos.Conv;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training.Optimizers;

namespace Mnemos.Bench;

static class UNetPartsBench
{
    public static void Run(UNet net, IGemm gemm, float[] images, int threads)
    {
        int n = images.Length / net.Spec.ImageSize;
        var ws = new UNetWorkspace(net, n);
        net.Forward(gemm, images, ws);
        var nodes = net.Graph.Nodes;
        var rng = new Rng(1);
        foreach (var g in ws.Gradients) rng.FillUniform(g, -1, 1);
        var adam = OptimizerSettings.Adam(1e-4).Create(net.ParameterCount);
        double total = 0;
        Console.WriteLine($"# U-Net epoch parts, {n} images, {net.ParameterCount} parameters, {gemm.Name}, {threads} threads");
        Console.WriteLine("| node | shape | part | ms | GFLOP/s |");
        Console.WriteLine("|---|---|---|---|---|");
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var s = nodes[node.Source];
            float[] x = ws.Values[node.Source], y = ws.Values[i], dy = ws.Gradients[i];
            Span<float> Dx() => node.Source == 0 ? [] : ws.Gradients[node.Source];
            switch (node.Kind)
            {
                case NodeKind.Conv:
                    {
                        var layer = net.Graph.Layers[node.Layer];
                        var g = layer.Geometry;
                        string shape = $"{g.Channels}→{g.OutChannels} {g.OutHeight}×{g.OutWidth} k{g.Kernel}";
                        double flops = 2.0 * n * g.OutChannels * g.PatchSize * g.OutPixels;
                        float[] z = ws.PreActivations[i];
                        total += Row(layer.Name, shape, "forward", flops, () =>
                            Conv2d.Forward(gemm, g, n, x, net.Weight(layer), net.Bias(layer), ws.Cols, z));
                        if (layer.HasActivation)
                            total += Row(layer.Name, shape, "φ forward", 0, () => ActivationKernels.Forward(net.Spec.Activation, z, y));
                        if (layer.HasActivation)
                            total += Row(layer.Name, shape, "φ backward", 0, () => ActivationKernels.Backward(net.Spec.Activation, z, dy, ws.Accumulate.AsSpan(0, dy.Length)));
                        double backwardFlops = node.Source == 0 ? flops : 2 * flops;
                        total += Row(layer.Name, shape, "backward", backwardFlops, () =>
                            Conv2d.Backward(gemm, g, n, x, dy, net.Weight(layer), ws.Cols, net.WeightGradient(layer), net.BiasGradient(layer), Dx()));
                        Components(net, gemm, g, n, layer, x, dy, ws, shape, flops);
                        break;
                    }
                case NodeKind.Pool:
                    {
                        string shape = $"{s.Channels} {s.Height}×{s.Width}";
                        total += Row("pool", shape, "forward", 0, () => MaxPool2x2.Forward(n, s.Channels, s.Height, s.Width, x, y, ws.Winners[i]));
                        total += Row("pool", shape, "backward", 0, () => MaxPool2x2.Backward(dy, ws.Winners[i], Dx()));
                        break;
                    }
                case NodeKind.Up:
                    {
                        var layer = net.Graph.Layers[node.Layer];
                        string shape = $"{s.Channels}→{node.Channels} {s.Height}×{s.Width}";
                        double flops = 2.0 * n * s.Channels * node.Channels * 4 * s.Height * s.Width;
                        total += Row(layer.Name, shape, "forward", flops, () =>
                            UpConv2x2.Forward(gemm, n, s.Channels, s.Height, s.Width, node.Channels, x, net.Weight(layer), net.Bias(layer), ws.UpScratch, y));
                        total += Row(layer.Name, shape, "backward", 2 * flops, () =>
                            UpConv2x2.Backward(gemm, n, s.Channels, s.Height, s.Width, node.Channels, x, dy, net.Weight(layer), ws.UpScratch,
                                net.WeightGradient(layer), net.BiasGradient(layer), Dx()));
                        break;
                    }
                case NodeKind.Concat:
                    {
                        int sa = s.Size, sb = nodes[node.Source2].Size;
                        string shape = $"{s.Channels}+{nodes[node.Source2].Channels} {s.Height}×{s.Width}";
                        total += Row("concat", shape, "forward", 0, () => ChannelConcat.Forward(n, sa, sb, x, ws.Values[node.Source2], y));
                        total += Row("concat", shape, "backward", 0, () => ChannelConcat.Backward(n, sa, sb, dy, Dx(), ws.Gradients[node.Source2]));
                        break;
                    }
            }
        }
        total += Row("adam", $"{net.ParameterCount}", "step", 0, () => adam.Step(net.Parameters, net.Gradients));
        total += Row("gradients", $"{net.ParameterCount}", "zero", 0, net.ZeroGradients);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all rows | | sum | {total * 1e3:F1} | |"));
    }

    // The pieces of one convolution, as Conv2d runs them over the whole batch: im2col, each GEMM
    // (groups of G images side by side) and col2im.
    static void Components(UNet net, IGemm gemm, ConvGeometry g, int n, UNetLayer layer, float[] x, float[] dy, UNetWorkspace ws,
        string shape, double flops)
    {
        if (g.IsPointwise) return;
        int o = g.OutChannels, k = g.PatchSize, p = g.OutPixels, group = Conv2d.GroupSize(g, n), ld = group * p;
        var cols = ws.Cols.AsSpan(0, k * ld).ToArray();
        var rows = new float[o * ld];
        var w = net.Weight(layer).ToArray();
        var dW = new float[g.WeightCount];
                shape += $" G{group}";
        Row(layer.Name, shape, "· im2col", 0, () =>
        {
            for (int n0 = 0; n0 < n; n0 += group)
            {
                int count = Math.Min(group, n - n0);
                Im2Col.GatherGroup(g, x.AsSpan(n0 * g.InputSize, count * g.InputSize), count, cols, gemm.Threads);
            }
        });
        Row(layer.Name, shape, "· GEMM y = W·cols", flops, () =>
        {
            for (int n0 = 0; n0 < n; n0 += group) { int l = Math.Min(group, n - n0) * p; gemm.Multiply(Transpose.No, Transpose.No, o, l, k, 1f, w, k, cols, l, 0f, rows, l); }
        });
        Row(layer.Name, shape, "· GEMM dW += dy·colsᵀ", flops, () =>
        {
            for (int n0 = 0; n0 < n; n0 += group) { int l = Math.Min(group, n - n0) * p; gemm.Multiply(Transpose.No, Transpose.Yes, o, k, l, 1f, rows, l, cols, l, 1f, dW, k); }
        });
        Row(layer.Name, shape, "· GEMM dcols = Wᵀ·dy", flops, () =>
        {
            for (int n0 = 0; n0 < n; n0 += group) { int l = Math.Min(group, n - n0) * p; gemm.Multiply(Transpose.Yes, Transpose.No, k, l, o, 1f, w, k, rows, l, 0f, cols, l); }
        });
        var images = new float[n * g.InputSize];
        Row(layer.Name, shape, "· col2im", 0, () =>
        {
            for (int n0 = 0; n0 < n; n0 += group)
            {
                int count = Math.Min(group, n - n0);
                Im2Col.ScatterGroup(g, cols, count, images.AsSpan(n0 * g.InputSize, count * g.InputSize), gemm.Threads);
            }
        });
    }

    static double Row(string name, string shape, string part, double flops, Action action)
    {
        double seconds = Timing.MedianSeconds(action, samples: 3, batchSeconds: 0.05);
        string rate = flops > 0 ? (flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {shape} | {part} | {seconds * 1e3:F2} | {rate} |"));
        return seconds;
    }
}
