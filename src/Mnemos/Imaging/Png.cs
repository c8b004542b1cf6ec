// PNG reading and writing for Image. Decodes every standard colour type and bit depth, both
// interlace methods; encodes 8-bit gray, RGB and RGBA. Formats: PNG spec (W3C, 2nd/3rd edition).
namespace Mnemos.Imaging;

/// <summary>PNG codec. Decoding errors are <see cref="InvalidDataException"/> starting "PNG:".</summary>
internal static class Png
{
    /// <summary>Largest width × height accepted by the decoder (2^26, e.g. 8192 × 8192).</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// Decodes a whole PNG file. Gray gives 1 channel; RGB and palette give 3; anything with alpha
    /// (gray+alpha, RGBA, tRNS) gives 4 with gray replicated into RGB. Samples are value / (2^depth − 1).
    /// Gamma, colour-space and text chunks are ignored. Throws <see cref="InvalidDataException"/> on
    /// a wrong signature, truncation, a CRC mismatch, invalid IHDR/PLTE/tRNS, more than
    /// <see cref="MaxPixels"/> pixels, an unknown critical chunk, corrupt zlib data, an inflated size
    /// other than IHDR implies, a filter type above 4 or a palette index outside the palette.
    /// </summary>
    /// <param name="data">the whole file.</param>
    /// <param name="maxPixels">the most pixels (width × height) the caller can use, at most
    /// <see cref="MaxPixels"/>; a larger IHDR is refused before any image data is inflated.</param>
    public static Image Decode(ReadOnlySpan<byte> data, long maxPixels = MaxPixels) => PngDecoder.Decode(data, CheckLimit(maxPixels));

    /// <summary>Reads <paramref name="source"/> to its end and decodes it.</summary>
    public static Image Decode(Stream source, long maxPixels = MaxPixels) => Decode(ImageFile.ReadAll(source), maxPixels);

    /// <summary>Decodes the file at <paramref name="path"/>; format errors are prefixed with the path.</summary>
    public static Image Read(string path, long maxPixels = MaxPixels)
    {
        CheckLimit(maxPixels);
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return Decode(data, maxPixels);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes an 8-bit PNG: 1 channel as gray, 3 as RGB, 4 as RGBA. Samples are clamped to [0, 1]
    /// (NaN becomes 0) and rounded to the nearest of 256 levels.
    /// </summary>
    public static void Encode(Image image, Stream destination) => PngEncoder.Encode(image, destination);

    public static byte[] Encode(Image image)
    {
        using var buffer = new MemoryStream();
        Encode(image, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes atomically: a temporary file in the same directory is renamed over <paramref name="path"/>.</summary>
    public static void Write(Image image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageFile.WriteAtomic(path, stream => Encode(image, stream));
    }

    static long CheckLimit(long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPixels, MaxPixels);
        return maxPixels;
    }
}
