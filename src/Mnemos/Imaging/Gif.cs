// GIF reading and writing for Image sequences (GIF89a spec). Encoding: one frame per Image at
// the full canvas, 8-bit palettes chosen by GifPalette. Decoding: every frame composited onto the
// logical screen and returned as a full-canvas RGB Image.
namespace Mnemos.Imaging;

/// <summary>One animation frame and how long it shows, in hundredths of a second.</summary>
internal sealed record GifFrame(Image Image, int DelayCentiseconds = 10);

/// <summary>A decoded GIF: canvas size, composited frames, and the NETSCAPE2.0 loop count (−1 when absent, 0 = forever).</summary>
internal sealed record GifAnimation(int Width, int Height, IReadOnlyList<GifFrame> Frames, int LoopCount);

/// <summary>GIF codec. Decoding errors are <see cref="InvalidDataException"/> starting "GIF:".</summary>
internal static class Gif
{
    /// <summary>Largest logical screen (width × height) the decoder accepts: 2^24, e.g. 4096 × 4096.</summary>
    public const long MaxCanvasPixels = 1L << 24;

    /// <summary>Largest total of canvas pixels over all decoded frames (each frame is a full-canvas copy): 2^26.</summary>
    public const long MaxTotalPixels = 1L << 26;

    /// <summary>Pairs each image with the same delay.</summary>
    public static GifFrame[] Frames(IEnumerable<Image> images, int delayCentiseconds = 10) =>
        images.Select(image => new GifFrame(image, delayCentiseconds)).ToArray();

    /// <summary>
    /// Writes a GIF89a. All frames must share one size (at most 65535 × 65535). Gray-only frames use
    /// a global 256-level gray table (exact after 8-bit rounding). Colour frames (gray frames among
    /// them are replicated; alpha is ignored) use one exact global table when all frames together
    /// have at most 256 distinct 8-bit colours, otherwise per-frame local tables: exact when the
    /// frame has at most 256 colours, else median cut with nearest-colour mapping, no dithering.
    /// <paramref name="loopCount"/>: 0 loops forever, n > 0 writes n, −1 omits the NETSCAPE2.0 block.
    /// </summary>
    public static void Encode(IReadOnlyList<GifFrame> frames, Stream destination, int loopCount = 0) =>
        GifEncoder.Encode(frames, destination, loopCount);

    public static byte[] Encode(IReadOnlyList<GifFrame> frames, int loopCount = 0)
    {
        using var buffer = new MemoryStream();
        Encode(frames, buffer, loopCount);
        return buffer.ToArray();
    }

    /// <summary>Writes atomically: a temporary file in the same directory is renamed over <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<GifFrame> frames, string path, int loopCount = 0)
    {
        using var buffer = new MemoryStream();
        Encode(frames, buffer, loopCount); // argument errors surface before any file is created
        ImageFile.WriteAtomic(path, stream => buffer.WriteTo(stream));
    }

    /// <summary>
    /// Decodes GIF87a/GIF89a. Each frame is composited onto the logical screen, which starts as the
    /// background colour (global table entry, black without a global table); transparent pixels keep
    /// what is underneath; disposal 2 restores the frame's rectangle to the background colour,
    /// disposal 3 to the canvas before the frame, 0/1 (and undefined 4–7) leave it. Parts of a frame
    /// outside the screen are clipped. Throws <see cref="InvalidDataException"/> on a wrong magic,
    /// truncation, zero or oversized dimensions, a missing colour table, a minimum code size outside
    /// 2–8, undefined LZW codes, too few or too many pixels, palette indices outside the table, or
    /// unknown blocks. A missing LZW end code is tolerated; a missing trailer is not.
    /// </summary>
    /// <param name="data">the whole file.</param>
    /// <param name="maxCanvasPixels">the largest logical screen (width × height) the caller can use, at most
    /// <see cref="MaxCanvasPixels"/>; a larger declared screen is refused before anything is decoded.</param>
    public static GifAnimation Decode(ReadOnlySpan<byte> data, long maxCanvasPixels = MaxCanvasPixels) =>
        GifDecoder.Decode(data, CheckLimit(maxCanvasPixels));

    public static GifAnimation Decode(Stream source, long maxCanvasPixels = MaxCanvasPixels) => Decode(ImageFile.ReadAll(source), maxCanvasPixels);

    /// <summary>Decodes the file at <paramref name="path"/>; format errors are prefixed with the path.</summary>
    public static GifAnimation Read(string path, long maxCanvasPixels = MaxCanvasPixels)
    {
        CheckLimit(maxCanvasPixels);
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return Decode(data, maxCanvasPixels);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    static long CheckLimit(long maxCanvasPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCanvasPixels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCanvasPixels, MaxCanvasPixels);
        return maxCanvasPixels;
    }
}
