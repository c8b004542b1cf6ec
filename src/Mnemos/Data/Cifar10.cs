// CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin): records of 1 label byte + 3072
// pixel bytes (R plane, G plane, B plane, each 32×32 row-major). Not the python pickle version.
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>How <see cref="Cifar10"/> lays out the pixels of one image in a matrix row.</summary>
internal enum CifarColor
{
    /// <summary>1024 values: luma (0.299 R + 0.587 G + 0.114 B) / 255 per pixel, row-major.</summary>
    Grayscale,

    /// <summary>3072 values: r, g, b of pixel 0, then pixel 1, … (height × width × 3), each byte/255.</summary>
    RgbInterleaved,

    /// <summary>3072 values in the file's own order: the R plane, then G, then B (3 × height × width), each byte/255.</summary>
    RgbPlanar,
}

/// <summary>Reader for CIFAR-10 binary batch files.</summary>
internal static class Cifar10
{
    public const int ImageSide = 32;
    public const int PlaneBytes = ImageSide * ImageSide;
    public const int RecordBytes = 1 + 3 * PlaneBytes;
    public const int ClassCount = 10;

    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>
    /// Reads up to <paramref name="limit"/> records. Grayscale uses the ITU-R BT.601 luma weights
    /// 0.299, 0.587, 0.114 (the weights of PIL's <c>convert("L")</c> and torchvision's
    /// <c>Grayscale</c>), kept as a fraction rather than rounded to a byte, then divided by 255.
    /// Throws <see cref="InvalidDataException"/> when the file size is not a whole number of
    /// 3073-byte records or a label is not 0..9.
    /// </summary>
    public static LabeledImages ReadBatch(string path, CifarColor color = CifarColor.Grayscale, int limit = int.MaxValue)
    {
        using var file = File.OpenRead(path);
        return ReadBatch(file, color, limit, path);
    }

    /// <inheritdoc cref="ReadBatch(string, CifarColor, int)"/>
    public static LabeledImages ReadBatch(Stream stream, CifarColor color = CifarColor.Grayscale, int limit = int.MaxValue, string source = "CIFAR-10 stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (!Enum.IsDefined(color)) throw new ArgumentOutOfRangeException(nameof(color), color, "unknown CifarColor");
        long wanted = (long)limit * RecordBytes;
        if (stream.CanSeek)
        {
            long size = stream.Length - stream.Position;
            if (size % RecordBytes != 0) throw NotWholeRecords(source, size);
            wanted = Math.Min(wanted, size); // a small file gets a small buffer, not the 1 MiB first step
        }
        byte[] bytes = IdxStreams.ReadUpToGrowing(stream, wanted);
        if (bytes.Length % RecordBytes != 0) throw NotWholeRecords(source, bytes.Length);

        int count = bytes.Length / RecordBytes;
        int width = color == CifarColor.Grayscale ? PlaneBytes : 3 * PlaneBytes;
        var images = new Matrix(count, width);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            var record = bytes.AsSpan(i * RecordBytes, RecordBytes);
            labels[i] = record[0];
            if (labels[i] >= ClassCount)
                throw new InvalidDataException($"{source}: CIFAR-10 record {i} (byte offset {(long)i * RecordBytes}): label {labels[i]} is not a class 0..{ClassCount - 1}");
            DecodePixels(record[1..], color, images.Row(i));
        }
        return new LabeledImages(images, labels, ImageSide, ImageSide, color == CifarColor.Grayscale ? 1 : 3);
    }

    /// <summary>Grayscale value of one pixel: (0.299 r + 0.587 g + 0.114 b) / 255, in [0, 1].</summary>
    public static float Luma(byte r, byte g, byte b) => (float)((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);

    /// <summary>
    /// Converts the 3072 pixel bytes of one record (planes R, G, B; 32×32 each).
    /// pixels [3 × 1024] → destination [1024] (grayscale) or [3072].
    /// </summary>
    internal static void DecodePixels(ReadOnlySpan<byte> pixels, CifarColor color, Span<float> destination)
    {
        var red = pixels[..PlaneBytes];
        var green = pixels.Slice(PlaneBytes, PlaneBytes);
        var blue = pixels.Slice(2 * PlaneBytes, PlaneBytes);
        var unit = Idx.ByteToUnit;
        switch (color)
        {
            case CifarColor.Grayscale:
                for (int p = 0; p < PlaneBytes; p++) destination[p] = Luma(red[p], green[p], blue[p]);
                break;
            case CifarColor.RgbInterleaved:
                for (int p = 0; p < PlaneBytes; p++)
                {
                    destination[3 * p] = unit[red[p]];
                    destination[3 * p + 1] = unit[green[p]];
                    destination[3 * p + 2] = unit[blue[p]];
                }
                break;
            default:
                for (int i = 0; i < 3 * PlaneBytes; i++) destination[i] = unit[pixels[i]];
                break;
        }
    }

    static InvalidDataException NotWholeRecords(string source, long size) =>
        new($"{source}: CIFAR-10 size {size} bytes is not a multiple of the {RecordBytes}-byte record (1 label + 3072 pixels); " +
            $"{size / RecordBytes} whole records and {size % RecordBytes} bytes left over");
}
