// Transposed convolution with a 2×2 kernel and stride 2 (torch.nn.ConvTranspose2d(C, O, 2, stride=2)):
// every input pixel paints its own 2×2 output block, so there is no overlap and a group of images is
// one GEMM plus a scatter. ReferenceConv.ConvTranspose is the general naive twin.
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>Up-sampling [C × H × W] → [O × 2H × 2W]; weight [C × O × 2 × 2] (PyTorch's layout), bias [O] or empty.</summary>
internal static class UpConv2x2
{
    // N = batch, C·H·W input, O·2H·2W output, Q = O·4 (o, a, b) rows, P = H·W pixels, G = images per
    // GEMM. planes [C × G·P] and rows [Q × G·P] hold the group's images side by side (image b in
    // columns b·P … b·P + P − 1), so small inputs (4×4) still give the GEMM a wide N.
    // y[n, o, 2i + a, 2j + b] = bias[o] + Σ_c W[c, o, a, b]·x[n, c, i, j]

    // Columns G·P a GEMM is given (as Conv2d).
    const int TargetColumns = 2048;

    public static int WeightCount(int channels, int outChannels) => channels * outChannels * 4;

    /// <summary>Images per GEMM for inputs of <paramref name="height"/> × <paramref name="width"/> in batches up to <paramref name="batch"/>.</summary>
    public static int GroupSize(int height, int width, int batch) =>
        Math.Clamp((TargetColumns + height * width - 1) / (height * width), 1, Math.Max(1, batch));

    /// <summary>Length of the scratch buffer <see cref="Forward"/> and <see cref="Backward"/> need: G·H·W·(C + O·4).</summary>
    public static int WorkspaceSize(int channels, int outChannels, int height, int width, int batch) =>
        GroupSize(height, width, batch) * height * width * (channels + outChannels * 4);

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
        ConvChecks.Length("scratch", scratch.Length, WorkspaceSize(c, outChannels, height, width, batch));
        ConvChecks.Length("output", output.Length, batch * q * p);
        int group = GroupSize(height, width, batch);
        for (int n0 = 0; n0 < batch; n0 += group)
        {
            int count = Math.Min(group, batch - n0), ld = count * p;
            Span<float> planes = scratch.Slice(0, c * ld), rows = scratch.Slice(c * ld, q * ld);
            for (int b = 0; b < count; b++)
                Spread(input.Slice((n0 + b) * c * p, c * p), c, p, ld, planes.Slice(b * p));
            // rows [Q × G·P] = Wᵀ [Q × C] · planes [C × G·P]
            gemm.Multiply(Transpose.Yes, Transpose.No, q, ld, c, 1f, weight, q, planes, ld, 0f, rows, ld);
            for (int b = 0; b < count; b++)
            {
                var y = output.Slice((n0 + b) * q * p, q * p);
                for (int o = 0; o < outChannels; o++)
                {
                    float bo = bias.IsEmpty ? 0f : bias[o];
                    for (int ab = 0; ab < 4; ab++)
                    {
                        var src = rows.Slice((o * 4 + ab) * ld + b * p, p);
                        int a = ab >> 1, bb = ab & 1;
                        for (int i = 0; i < height; i++)
                        {
                            var dst = y.Slice((o * 2 * height + 2 * i + a) * 2 * width + bb);
                            var srcRow = src.Slice(i * width, width);
                            for (int j = 0; j < width; j++) dst[2 * j] = srcRow[j] + bo;
                        }
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
        ConvChecks.Length("scratch", scratch.Length, WorkspaceSize(c, outChannels, height, width, batch));
        if (!dWeight.IsEmpty) ConvChecks.Length("dWeight", dWeight.Length, c * q);
        ConvChecks.Bias(dBias.Length, outChannels);
        if (!dInput.IsEmpty) ConvChecks.Length("dInput", dInput.Length, batch * c * p);
        if (!dBias.IsEmpty)
            for (int n = 0; n < batch; n++)
                for (int o = 0; o < outChannels; o++)
                    dBias[o] += ConvChecks.Sum(dOutput.Slice(n * q * p + o * 4 * p, 4 * p));
        int group = GroupSize(height, width, batch);
        for (int n0 = 0; n0 < batch; n0 += group)
        {
            int count = Math.Min(group, batch - n0), ld = count * p;
            Span<float> planes = scratch.Slice(0, c * ld), rows = scratch.Slice(c * ld, q * ld);
            for (int b = 0; b < count; b++)
            {
                var dy = dOutput.Slice((n0 + b) * q * p, q * p);
                for (int o = 0; o < outChannels; o++)
                {
                    for (int ab = 0; ab < 4; ab++)
                    {
                        var dst = rows.Slice((o * 4 + ab) * ld + b * p, p);
                        int a = ab >> 1, bb = ab & 1;
                        for (int i = 0; i < height; i++)
                        {
                            var src = dy.Slice((o * 2 * height + 2 * i + a) * 2 * width + bb);
                            var dstRow = dst.Slice(i * width, width);
                            for (int j = 0; j < width; j++) dstRow[j] = src[2 * j];
                        }
                    }
                }
            }
            if (!dWeight.IsEmpty)
            {
                for (int b = 0; b < count; b++)
                    Spread(input.Slice((n0 + b) * c * p, c * p), c, p, ld, planes.Slice(b * p));
                // dW [C × Q] += planes [C × G·P] · rowsᵀ [G·P × Q]
                gemm.Multiply(Transpose.No, Transpose.Yes, c, q, ld, 1f, planes, ld, rows, ld, 1f, dWeight, q);
            }
            if (dInput.IsEmpty) continue;
            // dx planes [C × G·P] = W [C × Q] · rows [Q × G·P], then back to each image.
            gemm.Multiply(Transpose.No, Transpose.No, c, ld, q, 1f, weight, q, rows, ld, 0f, planes, ld);
            for (int b = 0; b < count; b++)
            {
                var dx = dInput.Slice((n0 + b) * c * p, c * p);
                for (int ch = 0; ch < c; ch++)
                    planes.Slice(ch * ld + b * p, p).CopyTo(dx.Slice(ch * p, p));
            }
        }
    }

    // One image's [C × P] planes into columns of a [C × ld] matrix.
    static void Spread(ReadOnlySpan<float> image, int channels, int pixels, int ld, Span<float> planes)
    {
        for (int ch = 0; ch < channels; ch++)
            image.Slice(ch * pixels, pixels).CopyTo(planes.Slice(ch * ld, pixels));
    }

    static void Check(int batch, int channels, int height, int width, int outChannels)
    {
        ConvChecks.Batch(batch);
        if (channels < 1) ConvChecks.Throw($"channels {channels}: must be at least 1");
        if (height < 1 || width < 1) ConvChecks.Throw($"input {height}×{width}: both sides must be at least 1");
        if (outChannels < 1) ConvChecks.Throw($"out channels {outChannels}: must be at least 1");
    }
}
