// The architecture of a U-Net autoencoder (Ronneberger et al. 2015) scaled to small images: depth,
// widths, kernel, activation. docs/unet.md states every choice and why.
using System.Diagnostics.CodeAnalysis;
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>
/// A U-Net mapping [ImageChannels × Height × Width] images to images of the same shape. Level l
/// (0 ≤ l &lt; Depth) has BaseChannels·2ˡ channels: two Kernel×Kernel 'same' convolutions with φ,
/// then a 2×2 max-pool; the bottom has BaseChannels·2^Depth channels and two convolutions; each
/// decoder level up-samples by a 2×2 stride-2 transposed convolution (halving the channels),
/// concatenates the encoder's output of that level before it, and applies two convolutions with φ.
/// A 1×1 convolution without φ maps BaseChannels back to ImageChannels. Every layer has a bias.
/// </summary>
internal sealed record UNetSpec(int ImageChannels, int Height, int Width, int Depth, int BaseChannels, Activation Activation, int Kernel = 3)
{
    /// <summary>
    /// The network used for 32×32 colour images: depth 3 (32 → 16 → 8 → 4 at the bottom), 64 base
    /// channels as in Ronneberger et al., kernel 3 as in the study, ReLU as in Ronneberger et al.
    /// </summary>
    public static UNetSpec Standard32(int imageChannels = 3) => new(imageChannels, 32, 32, 3, 64, Activation.Relu);

    /// <summary>Values in one image: C·H·W.</summary>
    public int ImageSize => ImageChannels * Height * Width;

    /// <summary>Channels at level l (0 ≤ l ≤ Depth; level Depth is the bottom).</summary>
    public int LevelChannels(int level) => BaseChannels << level;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field and its value.</summary>
    public void Validate()
    {
        if (ImageChannels < 1) Throw($"image channels {ImageChannels}: must be at least 1");
        if (Height < 1 || Width < 1) Throw($"image {Height}×{Width}: both sides must be at least 1");
        if (Depth is < 0 or > 10) Throw($"depth {Depth}: must be in [0, 10]");
        if (BaseChannels < 1) Throw($"base channels {BaseChannels}: must be at least 1");
        if ((long)BaseChannels << Depth > 1 << 16) Throw($"base channels {BaseChannels} at depth {Depth}: the bottom would exceed 65536 channels");
        if (Kernel < 1 || Kernel % 2 == 0) Throw($"kernel {Kernel}: must be odd and at least 1 (padding (k − 1)/2 keeps the size)");
        int step = 1 << Depth;
        if (Height % step != 0 || Width % step != 0)
            Throw($"image {Height}×{Width} at depth {Depth}: both sides must be multiples of 2^{Depth} = {step}");
        if (!Enum.IsDefined(Activation)) Throw($"activation {(int)Activation}: not an Activation value");
    }

    [DoesNotReturn]
    static void Throw(string message) => throw new ArgumentException(message);
}
