// Real files as data: images (one file, or a folder of them), CSV, IDX, CIFAR-10 binary and WAV,
// each turned into a matrix with one example per row. The rules (order, scaling, layout,
// resampling) are listed in docs/data-formats.md; each reader states its own below.
using System.Globalization;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>How colour images become rows.</summary>
public enum DataColor
{
    /// <summary>Gray when every image is gray, else RGB.</summary>
    Auto,

    /// <summary>One channel: ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B (alpha dropped).</summary>
    Gray,

    /// <summary>Three channels R, G, B (gray replicated, alpha dropped).</summary>
    Rgb,
}

/// <summary>
/// Settings for file data. <see cref="ImageWidth"/>/<see cref="ImageHeight"/> (both or neither)
/// resize every image; <see cref="WindowSeconds"/> and <see cref="SampleRate"/> cut audio.
/// </summary>
public sealed record DataOptions
{
    public int? ImageWidth { get; init; }
    public int? ImageHeight { get; init; }
    public DataColor Color { get; init; } = DataColor.Auto;

    /// <summary>Audio window length in seconds: one row per whole window (default 1 s, the study's one second of speech).</summary>
    public double WindowSeconds { get; init; } = 1;

    /// <summary>Resample audio to this rate first (linear interpolation); null keeps the file's rate.</summary>
    public int? SampleRate { get; init; }

    public static DataOptions Default { get; } = new();

    /// <summary>Reads "WxH" (positive integers; 'X' or '×' also separate) into the image size.</summary>
    /// <exception cref="ArgumentException">The text is no such size; the message shows it.</exception>
    public static (int Width, int Height) ParseImageSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Replace('×', 'x').Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && w >= 1 && h >= 1 && (long)w * h <= Png.MaxPixels)
            return (w, h);
        throw new ArgumentException($"image size '{text}': expected WxH with positive integers (at most {Png.MaxPixels} pixels), e.g. 28x28");
    }

    /// <summary>Reads gray, rgb or auto.</summary>
    public static DataColor ParseColor(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DataColor.Auto,
        "gray" or "grey" => DataColor.Gray,
        "rgb" or "color" or "colour" => DataColor.Rgb,
        _ => throw new ArgumentException($"color '{text}': expected gray, rgb or auto"),
    };
}

/// <summary>Readers for the file forms <see cref="DataSource.Load(string, DataOptions?, Action{string}?)"/> accepts.</summary>
internal static class DataFiles
{
    /// <summary>Image file extensions read (lower case): decoded by Png, Gif (every frame) or SkiaSharp.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif"];

    /// <summary>Largest number of rows × columns a file may produce (one .NET array of floats).</summary>
    static long MaxValues => Array.MaxLength;

    public static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// IDX file: extension .idx or .idx3, or a name with "idx3-ubyte" or "idx1-ubyte" in it (MNIST's
    /// names, gzipped or not). The reader then takes only image files (magic 0x00000803); a label
    /// file is refused with its magic named.
    /// </summary>
    public static bool IsIdx(string path)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(".idx", StringComparison.Ordinal) || name.EndsWith(".idx3", StringComparison.Ordinal)
            || name.Contains("idx3-ubyte", StringComparison.Ordinal) || name.Contains("idx1-ubyte", StringComparison.Ordinal);
    }

    /// <summary>
    /// Image files as rows. A folder gives its image files (by extension, case-insensitive; not
    /// recursive; other files skipped) in ordinal order of their names; a GIF gives every frame,
    /// composited, in frame order. Each image is converted to the colour of <paramref name="options"/>
    /// (auto: gray when all are gray, else RGB), then resized to the given size (area averaging when
    /// shrinking, bilinear when growing, each axis on its own: the aspect ratio is not kept), and
    /// written height × width × channels, row-major, channel fastest. Without a size every image
    /// must have the first one's. Samples are 8-bit k/255 (16-bit PNG: k/65535).
    /// </summary>
    public static (Matrix Rows, ImageShape Shape, int Files) ReadImages(string path, DataOptions options)
    {
        var files = ImageFilesOf(path);
        var images = new List<(Image Image, string File)>();
        foreach (string file in files)
            foreach (var image in DecodeImage(file)) images.Add((image, file));
        if (images.Count == 0) throw new InvalidDataException($"{path}: no images");

        var color = options.Color;
        if (color == DataColor.Auto) color = images.All(i => i.Image.Channels == 1) ? DataColor.Gray : DataColor.Rgb;
        int channels = color == DataColor.Gray ? 1 : 3;
        int width = options.ImageWidth ?? images[0].Image.Width;
        int height = options.ImageHeight ?? images[0].Image.Height;
        if (options.ImageWidth is null)
        {
            foreach (var (image, file) in images)
                if (image.Width != width || image.Height != height)
                    throw new InvalidDataException(
                        $"{file}: image is {image.Width}x{image.Height} but {images[0].File} is {width}x{height}; give --image-size WxH to resize all to one size");
        }
        var shape = new ImageShape(width, height, channels);
        if ((long)images.Count * shape.Size > MaxValues)
            throw new InvalidDataException($"{path}: {images.Count} images of {shape} are more than {MaxValues} values");
        return (ImageRows.From(images.Select(i => i.Image), shape), shape, files.Count);
    }

    static List<string> ImageFilesOf(string path)
    {
        if (File.Exists(path))
        {
            if (!IsImage(path)) throw new InvalidDataException($"{path}: not an image file (expected {string.Join(", ", ImageExtensions)})");
            return [path];
        }
        if (!Directory.Exists(path)) throw new FileNotFoundException($"data '{path}' not found", path);
        var files = Directory.EnumerateFiles(path).Where(IsImage).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"{path}: folder has no image files ({string.Join(", ", ImageExtensions)})");
        return files;
    }

    /// <summary>The frames of one image file; format errors name the file.</summary>
    public static IReadOnlyList<Image> DecodeImage(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        try
        {
            if (StartsWith(bytes, [0x89, (byte)'P', (byte)'N', (byte)'G'])) return [Png.Decode(bytes)];
            if (StartsWith(bytes, "GIF8"u8)) return Gif.Decode(bytes).Frames.Select(f => f.Image).ToArray();
            return [SkiaDecoder.Decode(bytes)];
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    static bool StartsWith(byte[] bytes, ReadOnlySpan<byte> prefix) => bytes.AsSpan().StartsWith(prefix);

    /// <summary>
    /// CSV: one example per line, cells separated by commas, no quoting; blank lines are skipped and
    /// cells trimmed. The first line is a header when any of its cells is not a number
    /// (invariant culture: digits, '.', exponent, sign; also NaN/Infinity refused below); it is then
    /// skipped. Every later cell must be a finite number; values are used as written, not scaled.
    /// </summary>
    public static Matrix ReadCsv(string path)
    {
        var values = new List<float>();
        int cols = -1, rows = 0, lineNumber = 0;
        bool first = true;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = lineNumber == 1 ? raw.TrimStart('\uFEFF') : raw;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] cells = line.Split(',');
            if (first)
            {
                first = false;
                if (cells.Any(c => !TryNumber(c, out _))) { cols = cells.Length; continue; }
            }
            if (cols >= 0 && cells.Length != cols)
                throw new InvalidDataException($"{path}: line {lineNumber} has {cells.Length} columns, expected {cols} as on the first line");
            cols = cells.Length;
            for (int c = 0; c < cells.Length; c++)
            {
                if (!TryNumber(cells[c], out float v) || !float.IsFinite(v))
                    throw new InvalidDataException($"{path}: line {lineNumber}, column {c + 1}: '{Show(cells[c])}' is not a finite number");
                values.Add(v);
            }
            rows++;
            if ((long)rows * cols > MaxValues) throw new InvalidDataException($"{path}: more than {MaxValues} values");
        }
        if (rows == 0) throw new InvalidDataException($"{path}: no data rows");
        return new Matrix(rows, cols, values.ToArray());
    }

    static bool TryNumber(string cell, out float value) =>
        float.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    static string Show(string cell)
    {
        string text = cell.Trim();
        text = new string(text.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    /// <summary>
    /// Audio windows: the file mixed to mono (mean of its channels), resampled to
    /// <see cref="DataOptions.SampleRate"/> when given, cut into consecutive windows of
    /// round(seconds · rate) samples, one per row (a partial last window is dropped), and mapped from
    /// [−1, 1] to [0, 1] by (x + 1)/2.
    /// </summary>
    public static (Matrix Rows, int SampleRate, int WindowLength, int Dropped) ReadWav(string path, DataOptions options)
    {
        var audio = Wav.Read(path);
        var samples = audio.Samples;
        int rate = audio.SampleRate;
        if (options.SampleRate is { } target && target != rate)
        {
            samples = Resample(samples, rate, target);
            rate = target;
        }
        int length = AudioWindows.LengthFor(rate, options.WindowSeconds);
        if (samples.Length < length)
            throw new InvalidDataException(
                $"{path}: {samples.Length} samples at {rate} Hz are shorter than one window of {options.WindowSeconds.ToString(CultureInfo.InvariantCulture)} s ({length} samples)");
        var rows = AudioWindows.Cut(samples, length, WindowTail.Drop, mapToUnit: true);
        return (rows, rate, length, samples.Length - rows.Rows * length);
    }

    /// <summary>
    /// Linear interpolation: output sample j sits at source position j · from / to, between the two
    /// neighbouring samples (the last repeats). No low-pass filter: downsampling can alias. Output
    /// length is floor(n · to / from), at least 1.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> samples, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, 1);
        if (samples.Length == 0) return [];
        long count = Math.Max(1, (long)samples.Length * to / from);
        if (count > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(to), to, $"resampling {samples.Length} samples to {to} Hz gives too many samples");
        var output = new float[count];
        for (long j = 0; j < count; j++)
        {
            double position = (double)j * from / to;
            long i = (long)position;
            double t = position - i;
            float a = samples[(int)Math.Min(i, samples.Length - 1)];
            float b = samples[(int)Math.Min(i + 1, samples.Length - 1)];
            output[j] = (float)(a + (b - a) * t);
        }
        return output;
    }
}
