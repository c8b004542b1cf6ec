// Composes equally sized images into one grid image (stored vs recalled vs corrupted rows),
// with integer nearest-neighbour upscaling so 28×28 digits are visible. Encoding is Png's job.
using Mnemos.Imaging;

namespace Mnemos.Reports;

internal static class ImageGrid
{
    /// <summary>
    /// Lays rows[r][c] out left to right, top to bottom, each upscaled by <paramref name="scale"/>,
    /// with <paramref name="gap"/> background pixels between cells and around the border. Cell (r, c)
    /// has its top-left corner at (gap + c·(w·scale + gap), gap + r·(h·scale + gap)). Rows may be
    /// shorter than the longest one; missing cells stay background. The result is gray when every
    /// image is gray, else RGB (gray replicated, alpha dropped). Samples and background are clamped
    /// to [0, 1], NaN to 0. Throws when images differ in size or there is no image at all.
    /// </summary>
    public static Image Compose(IReadOnlyList<IReadOnlyList<Image>> rows, int scale = 1, int gap = 1, float background = 1f)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"scale {scale} must be at least 1");
        if (gap < 0) throw new ArgumentOutOfRangeException(nameof(gap), $"gap {gap} must not be negative");
        Image? first = null;
        bool rgb = false;
        int columns = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            ArgumentNullException.ThrowIfNull(rows[r], $"rows[{r}]");
            columns = Math.Max(columns, rows[r].Count);
            for (int c = 0; c < rows[r].Count; c++)
            {
                var image = rows[r][c] ?? throw new ArgumentNullException(nameof(rows), $"rows[{r}][{c}] is null");
                first ??= image;
                if (image.Width != first.Width || image.Height != first.Height)
                    throw new ArgumentException($"rows[{r}][{c}] is {image.Width}x{image.Height} but the first image is {first.Width}x{first.Height}", nameof(rows));
                rgb |= image.Channels != 1;
            }
        }
        if (first is null) throw new ArgumentException($"no images to compose ({rows.Count} empty rows)", nameof(rows));

        int cellWidth = first.Width * scale, cellHeight = first.Height * scale, channels = rgb ? 3 : 1;
        long width = gap + (long)columns * (cellWidth + gap), height = gap + (long)rows.Count * (cellHeight + gap);
        if (width * height * channels > Array.MaxLength)
            throw new ArgumentException($"grid {width}x{height}x{channels} is too large", nameof(rows));
        var grid = new Image((int)width, (int)height, channels);
        Array.Fill(grid.Pixels, Image.Clamp01(background));
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
            {
                var image = rows[r][c];
                if (rgb && image.Channels != 3) image = image.ToRgb();
                Blit(image, scale, grid, gap + c * (cellWidth + gap), gap + r * (cellHeight + gap));
            }
        return grid;
    }

    /// <summary>Nearest-neighbour upscaling by an integer factor: each pixel becomes a factor × factor block.</summary>
    public static Image Upscale(Image image, int factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), $"factor {factor} must be at least 1");
        var result = new Image(image.Width * factor, image.Height * factor, image.Channels);
        Blit(image, factor, result, 0, 0);
        return result;
    }

    /// <summary>
    /// An example vector (a row of a data matrix, storage order as <see cref="Image.ToVector"/>) viewed
    /// as a width × height × channels image; values are clamped to [0, 1], NaN to 0.
    /// </summary>
    public static Image FromExample(ReadOnlySpan<float> example, int width, int height, int channels = 1) =>
        Image.FromVector(example, width, height, channels);

    /// <summary>Writes source, upscaled by scale and clamped, with its top-left corner at (left, top) of destination.</summary>
    static void Blit(Image source, int scale, Image destination, int left, int top)
    {
        // Channel counts match here: Compose converts to RGB first, Upscale keeps the count.
        int ch = source.Channels;
        for (int y = 0; y < source.Height * scale; y++)
        {
            int sy = y / scale;
            int row = ((top + y) * destination.Width + left) * ch;
            for (int x = 0; x < source.Width * scale; x++)
            {
                int s = (sy * source.Width + x / scale) * ch;
                for (int k = 0; k < ch; k++) destination.Pixels[row + x * ch + k] = Image.Clamp01(source.Pixels[s + k]);
            }
        }
    }
}
