// Transposed convolution with a 2×2 kernel and stride 2 (torch.nn.ConvTranspose2d(C, O, 2, stride=2)):
// every input pixel paints its own 2×2 output block, so there is no overlap and the whole layer is
// one GEMM plus a scatter per image. ReferenceConv.ConvTranspose is the general naive twin.
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>Up-sampling [C × H × W] → [O × 2H × 2W]; weight [C × O × 2 × 2] (PyTorch's layout), bias [O] or empty.</summary>
internal static class UpConv2x2
{
    // N = batch, C·H·W input, O·2H·2W output, Q = O·4 (o, a, b) rows, P = H·W pixels.
    // y[n, o, 2i + a, 2j + b] = bias[o] + Σ_c W[c, o, a, b]·x[n, c, i, j]

    public static int WeightCount(int channels, int outChannels) => channels * outChannels * 4;

    /// <summary>Length of the scratch buffer <see cref="Forward"/> and <see cref="Backward"/> need: O·4·H·W.</summary>
    public static int WorkspaceSize(int outChannels, int height, int width) => outChannels * 4 * height * width;

    /// <exception cref="ArgumentException">A size is not positive or a span is too short; the message names it.</exception>
    public static void Forward(IGemm gemm, int batch, int channels, int height, int width, int outChannels,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> scratch, Span<float> output)
    {
        Check(batch, channels, height, width, outChannels);
        int c = channels, p = height * width, q = outChannels * 4;
        ConvChecks.Length("input", input.Length, batch * c * p);
        ConvChecks.Length("weight", weight.Length, c * q);
        ConvChecks.Bias(bias.Length, outChannels);
        ConvChecks.Length("scratch", scratch.Length, q * p);
        ConvChecks.Length("output", output.Length, batch * q * p);
        for (int n = 0; n < batch; n++)
        {
            // scratch [Q × P] = Wᵀ [Q × C] · x [C × P]
            gemm.Multiply(Transpose.Yes, Transpose.No, q, p, c, 1f, weight, q, input.Slice(n * c * p, c * p), p, 0f, scratch, p);
            var y = output.Slice(n * q * p, q * p);
            for (int o = 0; o < outChannels; o++)
            {
                float b = bias.IsEmpty ? 0f : bias[o];
                for (int ab = 0; ab < 4; ab++)
                {
                    var src = scratch.Slice((o * 4 + ab) * p, p);
                    int a = ab >> 1, bb = ab & 1;
                    for (int i = 0; i < height; i++)
                    {
                        var dst = y.Slice((o * 2 * height + 2 * i + a) * 2 * width + bb);
                        var srcRow = src.Slice(i * width, width);
                        for (int j = 0; j < width; j++) dst[2 * j] = srcRow[j] + b;
                    }
                }
            }
        }
    }

    /// <summary>
    /// dWeight += Σ_n x[n]·dyᵀ, dBias += Σ dy per channel, dInput = W·dy (overwritten). An empty
    /// dWeight, dBias or dInput skips that gradient.
    /// </summary>
    public static void Backward(IGemm gemm, int batch, int channels, int height, int width, int outChannels,
        ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> weight, Span<float> scratch,
        Span<float> dWeight, Span<float> dBias, Span<float> dInput)
    {
        Check(batch, channels, height, width, outChannels);
        int c = channels, p = height * width, q = outChannels * 4;
        ConvChecks.Length("input", input.Length, batch * c * p);
        ConvChecks.Length("dOutput", dOutput.Length, batch * q * p);
        ConvChecks.Length("weight", weight.Length, c * q);
        ConvChecks.Length("scratch", scratch.Length, q * p);
        if (!dWeight.IsEmpty) ConvChecks.Length("dWeight", dWeight.Length, c * q);
        ConvChecks.Bias(dBias.Length, outChannels);
        if (!dInput.IsEmpty) ConvChecks.Length("dInput", dInput.Length, batch * c * p);
        for (int n = 0; n < batch; n++)
        {
            var dy = dOutput.Slice(n * q * p, q * p);
            for (int o = 0; o < outChannels; o++)
            {
                if (!dBias.IsEmpty) dBias[o] += ConvChecks.Sum(dy.Slice(o * 4 * p, 4 * p));
                for (int ab = 0; ab < 4; ab++)
                {
                    var dst = scratch.Slice((o * 4 + ab) * p, p);
                    int a = ab >> 1, bb = ab & 1;
                    for (int i = 0; i < height; i++)
                    {
                        var src = dy.Slice((o * 2 * height + 2 * i + a) * 2 * width + bb);
                        var dstRow = dst.Slice(i * width, width);
                        for (int j = 0; j < width; j++) dstRow[j] = src[2 * j];
                    }
                }
            }
            // dW [C × Q] += x [C × P] · scratchᵀ [P × Q]
            if (!dWeight.IsEmpty)
                gemm.Multiply(Transpose.No, Transpose.Yes, c, q, p, 1f, input.Slice(n * c * p, c * p), p, scratch, p, 1f, dWeight, q);
            // dx [C × P] = W [C × Q] · scratch [Q × P]
            if (!dInput.IsEmpty)
                gemm.Multiply(Transpose.No, Transpose.No, c, p, q, 1f, weight, q, scratch, p, 0f, dInput.Slice(n * c * p, c * p), p);
        }
    }

    static void Check(int batch, int channels, int height, int width, int outChannels)
    {
        ConvChecks.Batch(batch);
        if (channels < 1) ConvChecks.Throw($"channels {channels}: must be at least 1");
        if (height < 1 || width < 1) ConvChecks.Throw($"input {height}×{width}: both sides must be at least 1");
        if (outChannels < 1) ConvChecks.Throw($"out channels {outChannels}: must be at least 1");
    }
}
