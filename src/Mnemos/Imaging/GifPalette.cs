// Colour tables for the GIF encoder. All-gray frames share a 256-level gray table (exact after
// 8-bit rounding). Colour frames share one exact table when all frames together use at most 256
// distinct 8-bit colours; otherwise each frame gets its own table: exact if the frame has at most
// 256 colours, else a median-cut palette with nearest-colour mapping (no dithering).
using System.Diagnostics;

namespace Mnemos.Imaging;

/// <summary>One frame's palette indices and, when it has one, its local table (RGB triples).</summary>
internal sealed record GifFramePlan(byte[] Indices, byte[]? LocalPalette);

internal static class GifPalette
{
    public const int MaxColors = 256;

    /// <summary>Chooses tables for the frames; GlobalPalette (RGB triples) is null when every frame has a local one.</summary>
    public static (byte[]? GlobalPalette, GifFramePlan[] Frames) Plan(IReadOnlyList<Image> images)
    {
        var plans = new GifFramePlan[images.Count];
        if (images.All(image => image.Channels == 1))
        {
            var gray = new byte[3 * MaxColors];
            for (int i = 0; i < gray.Length; i++) gray[i] = (byte)(i / 3);
            for (int f = 0; f < images.Count; f++)
            {
                float[] px = images[f].Pixels;
                var indices = new byte[px.Length];
                for (int i = 0; i < px.Length; i++) indices[i] = Image.ToByte(px[i]);
                plans[f] = new GifFramePlan(indices, null);
            }
            return (gray, plans);
        }

        int[][] colors = images.Select(ToRgb24).ToArray();
        var union = new HashSet<int>();
        foreach (int[] frame in colors)
        {
            foreach (int c in frame)
            {
                if (union.Add(c) && union.Count > MaxColors) break;
            }
            if (union.Count > MaxColors) break;
        }
        if (union.Count <= MaxColors)
        {
            int[] table = union.Order().ToArray();
            for (int f = 0; f < images.Count; f++) plans[f] = new GifFramePlan(MapExact(colors[f], table), null);
            return (Pack(table), plans);
        }
        for (int f = 0; f < images.Count; f++)
        {
            var histogram = new Dictionary<int, int>();
            foreach (int c in colors[f]) histogram[c] = histogram.GetValueOrDefault(c) + 1;
            if (histogram.Count <= MaxColors)
            {
                int[] table = histogram.Keys.Order().ToArray();
                plans[f] = new GifFramePlan(MapExact(colors[f], table), Pack(table));
            }
            else
            {
                int[] table = MedianCut(histogram, MaxColors);
                plans[f] = new GifFramePlan(MapNearest(colors[f], table), Pack(table));
            }
        }
        return (null, plans);
    }

    /// <summary>
    /// Median cut: start with one box holding every distinct colour; repeatedly split the box with
    /// the widest channel extent at the pixel-count median along that channel; each final box
    /// contributes its count-weighted mean colour.
    /// </summary>
    internal static int[] MedianCut(Dictionary<int, int> histogram, int maxColors)
    {
        var entries = histogram.Select(kv => (Color: kv.Key, Count: kv.Value)).OrderBy(e => e.Color).ToArray();
        var boxes = new List<(int Start, int Length, int Channel, int Extent)> { Measure(entries, 0, entries.Length) };
        while (boxes.Count < maxColors)
        {
            int best = 0;
            for (int b = 1; b < boxes.Count; b++)
            {
                if (boxes[b].Extent > boxes[best].Extent) best = b;
            }
            var (s, n, ch, extent) = boxes[best];
            if (extent == 0) break; // every box is a single colour
            Array.Sort(entries, s, n, Comparer<(int Color, int Count)>.Create(
                (x, y) => Channel(x.Color, ch) != Channel(y.Color, ch) ? Channel(x.Color, ch) - Channel(y.Color, ch) : x.Color - y.Color));
            long total = 0, half = 0;
            for (int i = s; i < s + n; i++) total += entries[i].Count;
            int split = s + 1;
            for (int i = s; i < s + n - 1; i++)
            {
                half += entries[i].Count;
                split = i + 1;
                if (2 * half >= total) break;
            }
            boxes[best] = Measure(entries, s, split - s);
            boxes.Add(Measure(entries, split, s + n - split));
        }

        var table = new int[boxes.Count];
        for (int b = 0; b < boxes.Count; b++)
        {
            var (start, length, _, _) = boxes[b];
            double r = 0, g = 0, bl = 0, count = 0;
            for (int i = start; i < start + length; i++)
            {
                var (color, weight) = entries[i];
                r += Channel(color, 0) * (double)weight;
                g += Channel(color, 1) * (double)weight;
                bl += Channel(color, 2) * (double)weight;
                count += weight;
            }
            table[b] = ((int)Math.Round(r / count) << 16) | ((int)Math.Round(g / count) << 8) | (int)Math.Round(bl / count);
        }
        return table;
    }

    /// <summary>The channel with the widest value range over entries [start, start + length), and that range.</summary>
    static (int Start, int Length, int Channel, int Extent) Measure((int Color, int Count)[] entries, int start, int length)
    {
        int bestChannel = 0, bestExtent = -1;
        for (int channel = 0; channel < 3; channel++)
        {
            int lo = 255, hi = 0;
            for (int i = start; i < start + length; i++)
            {
                int v = Channel(entries[i].Color, channel);
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo > bestExtent)
            {
                bestExtent = hi - lo;
                bestChannel = channel;
            }
        }
        return (start, length, bestChannel, bestExtent);
    }

    static int Channel(int rgb24, int channel) => (rgb24 >> (16 - 8 * channel)) & 0xFF;

    /// <summary>Per pixel 0xRRGGBB after 8-bit rounding; gray is replicated, alpha ignored.</summary>
    static int[] ToRgb24(Image image)
    {
        int c = image.Channels;
        float[] px = image.Pixels;
        var rgb = new int[image.Width * image.Height];
        for (int i = 0; i < rgb.Length; i++)
        {
            int s = i * c;
            int r = Image.ToByte(px[s]);
            int g = c == 1 ? r : Image.ToByte(px[s + 1]);
            int b = c == 1 ? r : Image.ToByte(px[s + 2]);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        return rgb;
    }

    static byte[] MapExact(int[] colors, int[] table)
    {
        var lookup = new Dictionary<int, byte>(table.Length);
        for (int i = 0; i < table.Length; i++) lookup[table[i]] = (byte)i;
        var indices = new byte[colors.Length];
        for (int i = 0; i < colors.Length; i++) indices[i] = lookup[colors[i]];
        return indices;
    }

    static byte[] MapNearest(int[] colors, int[] table)
    {
        var cache = new Dictionary<int, byte>();
        var indices = new byte[colors.Length];
        for (int i = 0; i < colors.Length; i++)
        {
            if (!cache.TryGetValue(colors[i], out byte index))
            {
                index = (byte)Nearest(colors[i], table);
                cache[colors[i]] = index;
            }
            indices[i] = index;
        }
        return indices;
    }

    /// <summary>Index of the entry with the smallest squared RGB distance; ties go to the lower index.</summary>
    internal static int Nearest(int rgb24, int[] table)
    {
        Debug.Assert(table.Length > 0);
        int best = 0, bestDistance = int.MaxValue;
        for (int i = 0; i < table.Length; i++)
        {
            int d = 0;
            for (int ch = 0; ch < 3; ch++)
            {
                int diff = Channel(rgb24, ch) - Channel(table[i], ch);
                d += diff * diff;
            }
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    static byte[] Pack(int[] table)
    {
        var rgb = new byte[3 * table.Length];
        for (int i = 0; i < table.Length; i++)
        {
            rgb[3 * i] = (byte)(table[i] >> 16);
            rgb[3 * i + 1] = (byte)(table[i] >> 8);
            rgb[3 * i + 2] = (byte)table[i];
        }
        return rgb;
    }
}
