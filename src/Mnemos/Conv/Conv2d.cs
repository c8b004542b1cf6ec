// 2-D convolution (cross-correlation, as torch.nn.Conv2d) forward and backward on a batch, by im2col
// and one GEMM per group of images: the group's patch matrices side by side, so small images (4×4 at
// the bottom of a U-Net) still give the GEMM a wide N. ReferenceConv is the naive twin. Backward
// accumulates into dWeight and dBias (the trainer zeroes them) and overwrites dInput.
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>Convolution kernels over NCHW batches; weight [O × C × k × k], bias [O] or empty for none.</summary>
internal static class Conv2d
{
    // N = batch, C·H·W input image, O·OH·OW output image, K = C·k·k patch size, P = OH·OW pixels,
    // G = images per GEMM. cols [K × G·P]: image b's patch matrix in columns b·P … b·P + P − 1;
    // rows [O × G·P]: the GEMM's output (or dy) in the same column order.

    // A GEMM is given about this many columns (G·P): enough to fill its column blocks, while cols stays
    // a few MB (K·G·P floats; K is at most 4,608 in UNetSpec.Standard32).
    const int TargetColumns = 2048;

    /// <summary>Images per GEMM for this geometry and batch (1 for a 1×1 kernel, which GEMMs each image in place).</summary>
    public static int GroupSize(ConvGeometry g, int batch) =>
        g.IsPointwise ? 1 : Math.Clamp((TargetColumns + g.OutPixels - 1) / g.OutPixels, 1, Math.Max(1, batch));

    /// <summary>Length of the <c>cols</c> workspace of <see cref="Forward"/> and <see cref="Backward"/> for batches up to <paramref name="batch"/> (0 for a 1×1 kernel).</summary>
    public static int WorkspaceSize(ConvGeometry g, int batch) =>
        g.IsPointwise ? 0 : GroupSize(g, batch) * g.OutPixels * (g.PatchSize + g.OutChannels);

    /// <summary>y[n, o] = b[o] + Σ_{c,i,j} W[o, c, i, j]·x[n, c, oh·s − p + i, ow·s − p + j] (zero outside).</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs; the message names it.</exception>
    public static void Forward(IGemm gemm, ConvGeometry g, int batch,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> cols, Span<float> output)
    {
        ConvChecks.Batch(batch);
        ConvChecks.Length("input", input.Length, batch * g.InputSize);
        ConvChecks.Length("weight", weight.Length, g.WeightCount);
        ConvChecks.Bias(bias.Length, g.OutChannels);
        ConvChecks.Length("cols", cols.Length, WorkspaceSize(g, batch));
        ConvChecks.Length("output", output.Length, batch * g.OutputSize);
        int o = g.OutChannels, k = g.PatchSize, p = g.OutPixels;
        if (g.IsPointwise)
        {
            for (int n = 0; n < batch; n++)
            {
                // y [O × P] = W [O × C] · x [C × P]
                var y = output.Slice(n * g.OutputSize, g.OutputSize);
                gemm.Multiply(Transpose.No, Transpose.No, o, p, k, 1f, weight, k, input.Slice(n * g.InputSize, g.InputSize), p, 0f, y, p);
                AddBias(bias, p, y);
            }
            return;
        }
        int group = GroupSize(g, batch);
        for (int n0 = 0; n0 < batch; n0 += group)
        {
            int count = Math.Min(group, batch - n0), ld = count * p;
            Span<float> patches = cols.Slice(0, k * ld), rows = cols.Slice(k * ld, o * ld);
            Im2Col.GatherGroup(g, input.Slice(n0 * g.InputSize, count * g.InputSize), count, patches, gemm.Threads);
            // rows [O × G·P] = W [O × K] · cols [K × G·P]
            gemm.Multiply(Transpose.No, Transpose.No, o, ld, k, 1f, weight, k, patches, ld, 0f, rows, ld);
            for (int b = 0; b < count; b++)
            {
                var y = output.Slice((n0 + b) * g.OutputSize, g.OutputSize);
                for (int c = 0; c < o; c++)
                    rows.Slice(c * ld + b * p, p).CopyTo(y.Slice(c * p, p));
                AddBias(bias, p, y);
            }
        }
    }

    /// <summary>
    /// dWeight += Σ_n dy[n]·colsᵀ, dBias += Σ_n,pixels dy, dInput = col2im(Wᵀ·dy[n]). An empty
    /// dWeight, dBias or dInput skips that gradient.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs; the message names it.</exception>
    public static void Backward(IGemm gemm, ConvGeometry g, int batch,
        ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> weight, Span<float> cols,
        Span<float> dWeight, Span<float> dBias, Span<float> dInput)
    {
        ConvChecks.Batch(batch);
        ConvChecks.Length("input", input.Length, batch * g.InputSize);
        ConvChecks.Length("dOutput", dOutput.Length, batch * g.OutputSize);
        ConvChecks.Length("weight", weight.Length, g.WeightCount);
        ConvChecks.Length("cols", cols.Length, WorkspaceSize(g, batch));
        if (!dWeight.IsEmpty) ConvChecks.Length("dWeight", dWeight.Length, g.WeightCount);
        ConvChecks.Bias(dBias.Length, g.OutChannels);
        if (!dInput.IsEmpty) ConvChecks.Length("dInput", dInput.Length, batch * g.InputSize);
        int o = g.OutChannels, k = g.PatchSize, p = g.OutPixels;
        if (!dBias.IsEmpty)
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < o; c++)
                    dBias[c] += ConvChecks.Sum(dOutput.Slice(n * g.OutputSize + c * p, p));
        if (g.IsPointwise)
        {
            for (int n = 0; n < batch; n++)
            {
                var x = input.Slice(n * g.InputSize, g.InputSize);
                var dy = dOutput.Slice(n * g.OutputSize, g.OutputSize);
                // dW [O × C] += dy [O × P] · xᵀ [P × C]
                if (!dWeight.IsEmpty) gemm.Multiply(Transpose.No, Transpose.Yes, o, k, p, 1f, dy, p, x, p, 1f, dWeight, k);
                // dx [C × P] = Wᵀ [C × O] · dy [O × P]
                if (!dInput.IsEmpty) gemm.Multiply(Transpose.Yes, Transpose.No, k, p, o, 1f, weight, k, dy, p, 0f, dInput.Slice(n * g.InputSize, g.InputSize), p);
            }
            return;
        }
        if (dWeight.IsEmpty && dInput.IsEmpty) return;
        int group = GroupSize(g, batch);
        for (int n0 = 0; n0 < batch; n0 += group)
        {
            int count = Math.Min(group, batch - n0), ld = count * p;
            Span<float> patches = cols.Slice(0, k * ld), rows = cols.Slice(k * ld, o * ld);
            for (int b = 0; b < count; b++)
            {
                var dy = dOutput.Slice((n0 + b) * g.OutputSize, g.OutputSize);
                for (int c = 0; c < o; c++)
                    dy.Slice(c * p, p).CopyTo(rows.Slice(c * ld + b * p, p));
            }
            if (!dWeight.IsEmpty)
            {
                Im2Col.GatherGroup(g, input.Slice(n0 * g.InputSize, count * g.InputSize), count, patches, gemm.Threads);
                // dW [O × K] += rows [O × G·P] · colsᵀ [G·P × K]
                gemm.Multiply(Transpose.No, Transpose.Yes, o, k, ld, 1f, rows, ld, patches, ld, 1f, dWeight, k);
            }
            if (dInput.IsEmpty) continue;
            // dcols [K × G·P] = Wᵀ [K × O] · rows [O × G·P], then each image's block summed back onto it.
            gemm.Multiply(Transpose.Yes, Transpose.No, k, ld, o, 1f, weight, k, rows, ld, 0f, patches, ld);
            Im2Col.ScatterGroup(g, patches, count, dInput.Slice(n0 * g.InputSize, count * g.InputSize), gemm.Threads);
        }
    }

    static void AddBias(ReadOnlySpan<float> bias, int pixels, Span<float> y)
    {
        if (bias.IsEmpty) return;
        for (int c = 0; c < bias.Length; c++)
            ConvChecks.AddScalar(y.Slice(c * pixels, pixels), bias[c]);
    }
}
