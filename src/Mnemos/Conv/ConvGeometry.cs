// The shape arithmetic of one 2-D convolution in NCHW layout, validated once at construction so the
// kernels that take it can assume a consistent geometry. Not a layer: it holds no weights.
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Conv;

/// <summary>
/// A convolution from [C × H × W] to [O × OH × OW] with a square kernel k, stride s and zero padding p
/// on every side: OH = ⌊(H + 2p − k)/s⌋ + 1, as torch.nn.Conv2d. Weight layout [O × C × k × k].
/// </summary>
internal readonly record struct ConvGeometry
{
    /// <exception cref="ArgumentException">A size is not positive, padding is negative, or no output position fits.</exception>
    public ConvGeometry(int channels, int height, int width, int outChannels, int kernel, int stride = 1, int padding = 0)
    {
        Positive(channels, "channels");
        Positive(height, "height");
        Positive(width, "width");
        Positive(outChannels, "out channels");
        Positive(kernel, "kernel");
        Positive(stride, "stride");
        if (padding < 0) Throw($"padding {padding}: must be at least 0");
        if (height + 2 * padding < kernel || width + 2 * padding < kernel)
            Throw($"input {height}×{width} with kernel {kernel} and padding {padding}: the kernel does not fit, no output");
        Channels = channels;
        Height = height;
        Width = width;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int OutChannels { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }

    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Values in one input image: C·H·W.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Values in one output image: O·OH·OW.</summary>
    public int OutputSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Rows of the im2col matrix and columns of the weight matrix: C·k·k.</summary>
    public int PatchSize => Channels * Kernel * Kernel;

    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int OutPixels => OutHeight * OutWidth;

    public int WeightCount => OutChannels * PatchSize;

    /// <summary>A 1×1 kernel with stride 1 and no padding: the input already is its im2col matrix.</summary>
    public bool IsPointwise => Kernel == 1 && Stride == 1 && Padding == 0;

    public override string ToString() =>
        $"conv {Channels}×{Height}×{Width} → {OutChannels}×{OutHeight}×{OutWidth} (kernel {Kernel}, stride {Stride}, padding {Padding})";

    static void Positive(int value, string name)
    {
        if (value < 1) Throw($"{name} {value}: must be at least 1");
    }

    [DoesNotReturn]
    static void Throw(string message) => throw new ArgumentException(message);
}
