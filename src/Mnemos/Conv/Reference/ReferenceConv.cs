// Naive double-precision twins of the conv layers, straight from the definitions (torch.nn.Conv2d,
// ConvTranspose2d, MaxPool2d(2), torch.cat on dim 1). Slow on purpose: the yardstick for the fast
// float kernels and the network's reference forward pass in finite-difference tests.
namespace Mnemos.Conv.Reference;

/// <summary>Conv layers on NCHW double arrays, by direct summation.</summary>
internal static class ReferenceConv
{
    /// <summary>y[n,o,i,j] = b[o] + Σ_{c,a,b} W[o,c,a,b]·x[n,c,i·s − p + a, j·s − p + b] (zero outside); bias may be empty.</summary>
    public static double[] Conv2d(ConvGeometry g, int batch, ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias)
    {
        int c = g.Channels, h = g.Height, w = g.Width, k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth;
        var y = new double[batch * g.OutputSize];
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[o];
                        for (int ci = 0; ci < c; ci++)
                            for (int a = 0; a < k; a++)
                                for (int b = 0; b < k; b++)
                                {
                                    int iy = i * g.Stride - g.Padding + a, ix = j * g.Stride - g.Padding + b;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    sum += weight[((o * c + ci) * k + a) * k + b] * x[((n * c + ci) * h + iy) * w + ix];
                                }
                        y[((n * g.OutChannels + o) * oh + i) * ow + j] = sum;
                    }
        return y;
    }

    /// <summary>
    /// Transposed convolution without padding: y[n,o,i·s + a, j·s + b] += W[c,o,a,b]·x[n,c,i,j], plus
    /// b[o]; output (H − 1)·s + k by (W − 1)·s + k. Weight [C × O × k × k]; bias may be empty.
    /// </summary>
    public static double[] ConvTranspose(int batch, int channels, int height, int width, int outChannels, int kernel, int stride,
        ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias)
    {
        int oh = (height - 1) * stride + kernel, ow = (width - 1) * stride + kernel;
        var y = new double[batch * outChannels * oh * ow];
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < outChannels; o++)
                for (int i = 0; i < oh * ow; i++)
                    y[(n * outChannels + o) * oh * ow + i] = bias.IsEmpty ? 0 : bias[o];
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < height; i++)
                    for (int j = 0; j < width; j++)
                    {
                        double v = x[((n * channels + c) * height + i) * width + j];
                        for (int o = 0; o < outChannels; o++)
                            for (int a = 0; a < kernel; a++)
                                for (int b = 0; b < kernel; b++)
                                    y[((n * outChannels + o) * oh + i * stride + a) * ow + j * stride + b] +=
                                        weight[((c * outChannels + o) * kernel + a) * kernel + b] * v;
                    }
        }
        return y;
    }

    /// <summary>Maximum over each 2×2 window with stride 2; odd trailing rows and columns dropped.</summary>
    public static double[] MaxPool2x2(int batch, int channels, int height, int width, ReadOnlySpan<double> x)
    {
        int oh = height / 2, ow = width / 2;
        var y = new double[batch * channels * oh * ow];
        for (int plane = 0; plane < batch * channels; plane++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double max = double.NegativeInfinity;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                            max = Math.Max(max, x[(plane * height + 2 * i + a) * width + 2 * j + b]);
                    y[(plane * oh + i) * ow + j] = max;
                }
        return y;
    }

    /// <summary>Per image, the firstSize values of a then the secondSize values of b.</summary>
    public static double[] Concat(int batch, int firstSize, int secondSize, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var y = new double[batch * (firstSize + secondSize)];
        for (int n = 0; n < batch; n++)
        {
            a.Slice(n * firstSize, firstSize).CopyTo(y.AsSpan(n * (firstSize + secondSize)));
            b.Slice(n * secondSize, secondSize).CopyTo(y.AsSpan(n * (firstSize + secondSize) + firstSize));
        }
        return y;
    }
}
