// JPEG, BMP and WebP decoding through SkiaSharp (libjpeg-turbo, libwebp and Skia's BMP reader).
// Pixels are decoded at 8 bits per channel, unpremultiplied, with no colour-space conversion, so
// a sample is k / 255 for the stored byte k. Anything short of a complete decode is an error,
// never a partial image. PNG and GIF stay with Png and Gif: Skia decodes 16-bit PNG only to half
// floats (11-bit mantissa) and accepts truncated or damaged GIFs that Gif.Decode rejects.
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Mnemos.Imaging;

/// <summary>Still images in formats other than PNG and GIF. Errors are <see cref="InvalidDataException"/> "FORMAT: message".</summary>
internal static class SkiaDecoder
{
    /// <summary>Largest width × height accepted (2^26, e.g. 8192 × 8192), as for <see cref="Png.MaxPixels"/>.</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// Decodes a JPEG, BMP or WebP file (the first frame of an animated WebP). Gray sources give 1
    /// channel, opaque colour 3, anything with alpha 4 (straight alpha). Throws
    /// <see cref="InvalidDataException"/> for an unrecognised format, an image over
    /// <paramref name="maxPixels"/> (checked before decoding), or any result other than a complete decode.
    /// </summary>
    public static Image Decode(ReadOnlySpan<byte> data, long maxPixels = MaxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData);
        if (codec is null) ImageFile.Fail("image", "not a PNG, JPEG, BMP, WebP or GIF file, or its header is truncated or corrupt");
        string format = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => "JPEG",
            SKEncodedImageFormat.Bmp => "BMP",
            SKEncodedImageFormat.Webp => "WebP",
            var other => other.ToString(),
        };
        if (format is not ("JPEG" or "BMP" or "WebP")) ImageFile.Fail(format, "not read by this decoder (PNG and GIF have their own)");
        var info = codec.Info;
        long pixels = (long)info.Width * info.Height;
        if (info.Width < 1 || info.Height < 1) ImageFile.Fail(format, $"empty image {info.Width}x{info.Height}");
        if (pixels > maxPixels) ImageFile.Fail(format, $"{info.Width}x{info.Height} is {pixels} pixels, more than the limit of {maxPixels}");

        int channels = info.ColorType == SKColorType.Gray8 ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[target.BytesSize];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(target, handle.AddrOfPinnedObject(), target.RowBytes, new SKCodecOptions(0));
        }
        finally
        {
            handle.Free();
        }
        if (result != SKCodecResult.Success)
            ImageFile.Fail(format, result == SKCodecResult.IncompleteInput ? "truncated image data" : $"cannot decode: {result}");

        var image = new Image(info.Width, info.Height, channels);
        var samples = image.Pixels;
        for (long p = 0, s = 0, d = 0; p < pixels; p++, s += 4, d += channels)
        {
            for (int c = 0; c < channels; c++) samples[d + c] = rgba[s + c] / 255f;
        }
        return image;
    }
}
