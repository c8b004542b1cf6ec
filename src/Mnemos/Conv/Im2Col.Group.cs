// im2col and col2im for a group of images side by side (image b in columns b·P … b·P + P − 1), split
// over threads by (image, channel). Each piece writes its own rows of cols, or its own channels of
// one image, so results do not depend on the thread count.
namespace Mnemos.Conv;

internal static unsafe partial class Im2Col
{
    // Below this many patch values (about 0.1 ms of copying) a second thread costs more than it saves.
    const long ParallelMinValues = 1 << 16;

    /// <summary>Patch matrices of <paramref name="count"/> consecutive [C × H × W] images into the [K × count·P] matrix <paramref name="cols"/>.</summary>
    public static void GatherGroup(ConvGeometry g, ReadOnlySpan<float> images, int count, Span<float> cols, int threads)
    {
        int ld = count * g.OutPixels;
        ConvChecks.Length("images", images.Length, count * g.InputSize);
        ConvChecks.Length("cols", cols.Length, g.PatchSize * ld);
        fixed (float* x = images, c = cols)
        {
            nint xs = (nint)x, cs = (nint)c;
            Split(g, count, threads, (b, c0, c1) => Gather(g,
                new ReadOnlySpan<float>((float*)xs + (long)b * g.InputSize, g.InputSize),
                new Span<float>((float*)cs + (long)b * g.OutPixels, g.PatchSize * ld - b * g.OutPixels), ld, c0, c1));
        }
    }

    /// <summary>
    /// Overwrites <paramref name="count"/> consecutive [C × H × W] images with the col2im of their
    /// blocks of the [K × count·P] matrix <paramref name="cols"/>.
    /// </summary>
    public static void ScatterGroup(ConvGeometry g, ReadOnlySpan<float> cols, int count, Span<float> images, int threads)
    {
        int ld = count * g.OutPixels, plane = g.Height * g.Width;
        ConvChecks.Length("images", images.Length, count * g.InputSize);
        ConvChecks.Length("cols", cols.Length, g.PatchSize * ld);
        fixed (float* x = images, c = cols)
        {
            nint xs = (nint)x, cs = (nint)c;
            Split(g, count, threads, (b, c0, c1) =>
            {
                var image = new Span<float>((float*)xs + (long)b * g.InputSize, g.InputSize);
                image.Slice(c0 * plane, (c1 - c0) * plane).Clear();
                ScatterAdd(g, new ReadOnlySpan<float>((float*)cs + (long)b * g.OutPixels, g.PatchSize * ld - b * g.OutPixels), ld, image, c0, c1);
            });
        }
    }

    // Calls work(image, c0, c1) over all (image, channel) pairs, cut into one contiguous range per thread.
    static void Split(ConvGeometry g, int count, int threads, Action<int, int, int> work)
    {
        int channels = g.Channels;
        long total = (long)count * channels;
        int parts = (int)Math.Min(threads, total);
        if (parts <= 1 || total * g.PatchSize / channels * g.OutPixels < ParallelMinValues)
        {
            for (int b = 0; b < count; b++) work(b, 0, channels);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            long t0 = total * part / parts, t1 = total * (part + 1) / parts;
            while (t0 < t1)
            {
                int b = (int)(t0 / channels), c0 = (int)(t0 % channels);
                int c1 = (int)Math.Min(channels, c0 + (t1 - t0));
                work(b, c0, c1);
                t0 += c1 - c0;
            }
        });
    }
}
