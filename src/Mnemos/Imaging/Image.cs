// An in-memory raster: float samples in [0, 1], row-major, channels interleaved. Conversions,
// crops and vector views live here; resampling is in Image.Resize.cs; file formats in Png/Gif.
using System.Diagnostics.CodeAnalysis;
using Mnemos.Tensors;

namespace Mnemos.Imaging;

/// <summary>
/// A width × height raster with 1 (gray), 3 (RGB) or 4 (RGBA, straight alpha) channels.
/// Sample (x, y, c) is <c>Pixels[(y * Width + x) * Channels + c]</c>, nominally in [0, 1] with
/// 0 = black / transparent. The constructor does not check the range (it wraps the array);
/// <see cref="FromVector"/> clamps, and encoders clamp (NaN becomes 0) when they quantize.
/// </summary>
internal sealed partial class Image
{
    /// <summary>A black (all-zero) image.</summary>
    public Image(int width, int height, int channels)
        : this(width, height, channels, new float[ValidateShape(width, height, channels)])
    {
    }

    /// <summary>Wraps <paramref name="pixels"/> without copying; its length must be width·height·channels.</summary>
    public Image(int width, int height, int channels, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long size = ValidateShape(width, height, channels);
        if (pixels.Length != size)
            throw new ArgumentException($"pixels has {pixels.Length} values but {width}x{height}x{channels} needs {size}", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>1 = gray, 3 = RGB, 4 = RGBA.</summary>
    public int Channels { get; }
    /// <summary>Row-major interleaved samples, length Width·Height·Channels.</summary>
    public float[] Pixels { get; }

    public ref float this[int x, int y, int channel] => ref Pixels[(y * Width + x) * Channels + channel];

    public Image Clone() => new(Width, Height, Channels, (float[])Pixels.Clone());

    public override string ToString() => $"Image {Width}x{Height}x{Channels}";

    /// <summary>
    /// Luma by ITU-R BT.601 weights, Y = 0.299 R + 0.587 G + 0.114 B, on the stored (gamma-encoded)
    /// values; alpha is dropped, not composited. A gray image is copied.
    /// </summary>
    public Image ToGray()
    {
        if (Channels == 1) return Clone();
        var gray = new float[Width * Height];
        for (int i = 0, s = 0; i < gray.Length; i++, s += Channels)
            gray[i] = 0.299f * Pixels[s] + 0.587f * Pixels[s + 1] + 0.114f * Pixels[s + 2];
        return new Image(Width, Height, 1, gray);
    }

    /// <summary>Gray is replicated into R, G and B; alpha is dropped, not composited. RGB is copied.</summary>
    public Image ToRgb()
    {
        if (Channels == 3) return Clone();
        var rgb = new float[Width * Height * 3];
        for (int i = 0, s = 0; i < rgb.Length; i += 3, s += Channels)
        {
            if (Channels == 1)
            {
                rgb[i] = rgb[i + 1] = rgb[i + 2] = Pixels[s];
            }
            else
            {
                rgb[i] = Pixels[s];
                rgb[i + 1] = Pixels[s + 1];
                rgb[i + 2] = Pixels[s + 2];
            }
        }
        return new Image(Width, Height, 3, rgb);
    }

    /// <summary>The <paramref name="width"/> × <paramref name="height"/> window with top-left corner (x, y).</summary>
    public Image Crop(int x, int y, int width, int height)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"crop size {width}x{height}: both must be at least 1");
        if (x < 0 || y < 0 || (long)x + width > Width || (long)y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"crop {width}x{height} at ({x}, {y}) does not fit in a {Width}x{Height} image");
        var result = new Image(width, height, Channels);
        int rowLength = width * Channels;
        for (int r = 0; r < height; r++)
        {
            Pixels.AsSpan(((y + r) * Width + x) * Channels, rowLength)
                .CopyTo(result.Pixels.AsSpan(r * rowLength, rowLength));
        }
        return result;
    }

    /// <summary>The centred window; an odd margin leaves the extra column/row on the right/bottom.</summary>
    public Image CentreCrop(int width, int height)
    {
        CheckCropSize(width, height);
        return Crop((Width - width) / 2, (Height - height) / 2, width, height);
    }

    /// <summary>A window at a uniformly random position: x from rng.NextInt(W − w + 1), then y likewise.</summary>
    public Image RandomCrop(int width, int height, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckCropSize(width, height);
        int x = rng.NextInt(Width - width + 1);
        int y = rng.NextInt(Height - height + 1);
        return Crop(x, y, width, height);
    }

    /// <summary>A copy of the samples in storage order, each clamped to [0, 1] (NaN becomes 0).</summary>
    public float[] ToVector()
    {
        var values = new float[Pixels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Clamp01(Pixels[i]);
        return values;
    }

    /// <summary>
    /// Builds an image from samples in storage order (as <see cref="ToVector"/> writes them), clamping
    /// each to [0, 1]; NaN becomes 0.
    /// </summary>
    public static Image FromVector(ReadOnlySpan<float> values, int width, int height, int channels)
    {
        long size = ValidateShape(width, height, channels);
        if (values.Length != size)
            throw new ArgumentException($"vector has {values.Length} values but {width}x{height}x{channels} needs {size}", nameof(values));
        var pixels = new float[size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = Clamp01(values[i]);
        return new Image(width, height, channels, pixels);
    }

    /// <summary>Clamp to [0, 1]; NaN maps to 0 because both comparisons fail.</summary>
    internal static float Clamp01(float v) => v > 0f ? (v < 1f ? v : 1f) : 0f;

    /// <summary>Round-to-nearest 8-bit quantization of a clamped sample.</summary>
    internal static byte ToByte(float v) => (byte)(Clamp01(v) * 255f + 0.5f);

    void CheckCropSize(int width, int height)
    {
        if (width < 1 || height < 1 || width > Width || height > Height)
            throw new ArgumentOutOfRangeException(nameof(width), $"crop size {width}x{height} must be between 1x1 and the image size {Width}x{Height}");
    }

    static int ValidateShape(int width, int height, int channels)
    {
        if (width < 1) ThrowShape(nameof(width), $"width {width} must be at least 1");
        if (height < 1) ThrowShape(nameof(height), $"height {height} must be at least 1");
        if (channels is not (1 or 3 or 4)) ThrowShape(nameof(channels), $"channels {channels} must be 1 (gray), 3 (RGB) or 4 (RGBA)");
        long size = (long)width * height * channels;
        if (size > Array.MaxLength) ThrowShape(nameof(width), $"image {width}x{height}x{channels} is too large ({size} samples)");
        return (int)size;
    }

    [DoesNotReturn]
    static void ThrowShape(string parameter, string message) => throw new ArgumentOutOfRangeException(parameter, message);
}
