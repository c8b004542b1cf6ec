// 2-D convolution (cross-correlation, as torch.nn.Conv2d) forward and backward on a batch, by im2col
// and one GEMM per image. ReferenceConv is the naive twin. Backward accumulates into dWeight and
// dBias (the trainer zeroes them) and overwrites dInput.
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>Convolution kernels over NCHW batches; weight [O × C × k × k], bias [O] or empty for none.</summary>
internal static class Conv2d
{
    // N = batch, C·H·W input image, O·OH·OW output image, K = C·k·k patch size, P = OH·OW pixels.

    /// <summary>Length the <c>cols</c> workspace of <see cref="Forward"/> and <see cref="Backward"/> needs (0 for a 1×1 kernel).</summary>
    public static int WorkspaceSize(ConvGeometry g) => g.IsPointwise ? 0 : g.PatchSize * g.OutPixels;

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
        ConvChecks.Length("cols", cols.Length, WorkspaceSize(g));
        ConvChecks.Length("output", output.Length, batch * g.OutputSize);
        int o = g.OutChannels, k = g.PatchSize, p = g.OutPixels;
        for (int n = 0; n < batch; n++)
        {
            var x = input.Slice(n * g.InputSize, g.InputSize);
            var y = output.Slice(n * g.OutputSize, g.OutputSize);
            ReadOnlySpan<float> patches = x;
            if (!g.IsPointwise)
            {
                Im2Col.Gather(g, x, cols);
                patches = cols;
            }
            // y [O × P] = W [O × K] · cols [K × P]
            gemm.Multiply(Transpose.No, Transpose.No, o, p, k, 1f, weight, k, patches, p, 0f, y, p);
            if (bias.IsEmpty) continue;
            for (int c = 0; c < o; c++)
                ConvChecks.AddScalar(y.Slice(c * p, p), bias[c]);
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
        ConvChecks.Length("cols", cols.Length, WorkspaceSize(g));
        if (!dWeight.IsEmpty) ConvChecks.Length("dWeight", dWeight.Length, g.WeightCount);
        ConvChecks.Bias(dBias.Length, g.OutChannels);
        if (!dInput.IsEmpty) ConvChecks.Length("dInput", dInput.Length, batch * g.InputSize);
        int o = g.OutChannels, k = g.PatchSize, p = g.OutPixels;
        for (int n = 0; n < batch; n++)
        {
            var x = input.Slice(n * g.InputSize, g.InputSize);
            var dy = dOutput.Slice(n * g.OutputSize, g.OutputSize);
            if (!dBias.IsEmpty)
                for (int c = 0; c < o; c++)
                    dBias[c] += ConvChecks.Sum(dy.Slice(c * p, p));
            if (!dWeight.IsEmpty)
            {
                ReadOnlySpan<float> patches = x;
                if (!g.IsPointwise)
                {
                    Im2Col.Gather(g, x, cols);
                    patches = cols;
                }
                // dW [O × K] += dy [O × P] · colsᵀ [P × K]
                gemm.Multiply(Transpose.No, Transpose.Yes, o, k, p, 1f, dy, p, patches, p, 1f, dWeight, k);
            }
            if (dInput.IsEmpty) continue;
            var dx = dInput.Slice(n * g.InputSize, g.InputSize);
            if (g.IsPointwise)
            {
                // dx [C × P] = Wᵀ [C × O] · dy [O × P]
                gemm.Multiply(Transpose.Yes, Transpose.No, k, p, o, 1f, weight, k, dy, p, 0f, dx, p);
                continue;
            }
            // dcols [K × P] = Wᵀ [K × O] · dy [O × P], then summed back onto the image.
            gemm.Multiply(Transpose.Yes, Transpose.No, k, p, o, 1f, weight, k, dy, p, 0f, cols, p);
            dx.Clear();
            Im2Col.ScatterAdd(g, cols, dx);
        }
    }
}
