// PNG pixel reconstruction: unfilter the inflated scanlines (per Adam7 pass when interlaced) and
// expand samples into an Image. Output channels: gray -> 1; RGB and palette -> 3; any alpha
// (gray+alpha, RGBA, palette tRNS, gray/RGB tRNS key) -> 4, with gray replicated into RGB.
// Samples are divided by 2^depth - 1, so 16-bit values keep their precision.
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Imaging;

internal static class PngPixels
{
    /// <summary>Adam7 passes as (x start, y start, x step, y step), PNG spec §8.2.</summary>
    static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    /// <summary>Bytes of inflated data the header implies: per (pass) row, 1 filter byte + packed samples.</summary>
    public static long RawSize(PngHeader h)
    {
        long total = 0;
        foreach (var (w, rows, _) in Passes(h)) total += rows * (1 + h.RowBytes(w));
        return total;
    }

    public static Image Build(PngHeader h, PngColorInfo colors, byte[] raw)
    {
        int channels = OutputChannels(h, colors);
        var image = new Image(h.Width, h.Height, channels);
        int bpp = h.FilterStride;
        long offset = 0;
        foreach (var (w, rows, pass) in Passes(h))
        {
            int rowBytes = (int)h.RowBytes(w);
            var zeros = new byte[rowBytes];
            for (int r = 0; r < rows; r++)
            {
                int start = (int)offset;
                int filter = raw[start];
                if (filter > 4)
                    Fail($"row {r}{(h.Interlaced ? $" of Adam7 pass {pass + 1}" : "")} has filter type {filter}, expected 0-4");
                var row = raw.AsSpan(start + 1, rowBytes);
                ReadOnlySpan<byte> prior = r == 0 ? zeros : raw.AsSpan(start - rowBytes, rowBytes);
                PngFilters.Unfilter(filter, row, prior, bpp);
                var (x0, y0, dx, dy) = h.Interlaced ? Adam7[pass] : (0, 0, 1, 1);
                ExpandRow(h, colors, row, w, image, x0, y0 + r * dy, dx);
                offset += 1 + rowBytes;
            }
        }
        return image;
    }

    /// <summary>(pass width, pass rows, pass index) for each non-empty pass; one full pass when not interlaced.</summary>
    static IEnumerable<(int Width, int Rows, int Pass)> Passes(PngHeader h)
    {
        if (!h.Interlaced)
        {
            yield return (h.Width, h.Height, 0);
            yield break;
        }
        for (int p = 0; p < Adam7.Length; p++)
        {
            var (x0, y0, dx, dy) = Adam7[p];
            int w = h.Width > x0 ? (h.Width - x0 + dx - 1) / dx : 0;
            int rows = h.Height > y0 ? (h.Height - y0 + dy - 1) / dy : 0;
            if (w > 0 && rows > 0) yield return (w, rows, p);
        }
    }

    static int OutputChannels(PngHeader h, PngColorInfo colors) => h.ColorType switch
    {
        0 => colors.TransparentKey is null ? 1 : 4,
        2 => colors.TransparentKey is null ? 3 : 4,
        3 => colors.PaletteAlpha is null ? 3 : 4,
        _ => 4,
    };

    /// <summary>Writes the <paramref name="count"/> pixels of one unfiltered row to image row y at x0, x0+dx, ....</summary>
    static void ExpandRow(PngHeader h, PngColorInfo colors, ReadOnlySpan<byte> row, int count, Image image, int x0, int y, int dx)
    {
        int depth = h.BitDepth;
        float max = (1 << depth) - 1; // division, not a reciprocal product, so max maps to exactly 1
        int c = image.Channels;
        float[] px = image.Pixels;
        int spp = h.SamplesPerPixel;
        for (int i = 0; i < count; i++)
        {
            int o = (y * image.Width + x0 + i * dx) * c;
            int s = i * spp;
            switch (h.ColorType)
            {
                case 0:
                {
                    int g = Sample(row, s, depth);
                    px[o] = g / max;
                    if (c == 4)
                    {
                        px[o + 1] = px[o + 2] = px[o];
                        px[o + 3] = g == colors.TransparentKey![0] ? 0f : 1f;
                    }
                    break;
                }
                case 2:
                {
                    int r = Sample(row, s, depth), g = Sample(row, s + 1, depth), b = Sample(row, s + 2, depth);
                    px[o] = r / max;
                    px[o + 1] = g / max;
                    px[o + 2] = b / max;
                    if (c == 4)
                    {
                        var key = colors.TransparentKey!;
                        px[o + 3] = r == key[0] && g == key[1] && b == key[2] ? 0f : 1f;
                    }
                    break;
                }
                case 3:
                {
                    int index = Sample(row, s, depth);
                    byte[] palette = colors.Palette!;
                    if (3 * index >= palette.Length)
                        Fail($"palette index {index} at pixel ({x0 + i * dx}, {y}) is outside the {palette.Length / 3}-entry palette");
                    px[o] = palette[3 * index] / 255f;
                    px[o + 1] = palette[3 * index + 1] / 255f;
                    px[o + 2] = palette[3 * index + 2] / 255f;
                    if (c == 4)
                    {
                        byte[] alpha = colors.PaletteAlpha!;
                        px[o + 3] = index < alpha.Length ? alpha[index] / 255f : 1f;
                    }
                    break;
                }
                case 4:
                    px[o] = px[o + 1] = px[o + 2] = Sample(row, s, depth) / max;
                    px[o + 3] = Sample(row, s + 1, depth) / max;
                    break;
                default:
                    for (int k = 0; k < 4; k++) px[o + k] = Sample(row, s + k, depth) / max;
                    break;
            }
        }
    }

    /// <summary>Sample number <paramref name="index"/> of a packed row: sub-byte depths are MSB first, 16-bit is big-endian.</summary>
    static int Sample(ReadOnlySpan<byte> row, int index, int depth)
    {
        switch (depth)
        {
            case 8: return row[index];
            case 16: return (row[2 * index] << 8) | row[2 * index + 1];
            default:
                int bit = index * depth;
                return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        }
    }

    [DoesNotReturn]
    static void Fail(string message) => ImageFile.Fail("PNG", message);
}
