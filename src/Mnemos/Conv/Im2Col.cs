// im2col and its adjoint col2im for one image: the patch matrix that turns a convolution into one
// GEMM. Zero padding is written as zeros, never read from outside the image. The patch matrix may be
// a column block of a wider one (row stride ld ≥ OH·OW), so a batch of images shares one GEMM.
using System.Diagnostics;
using Mnemos.Kernels;

namespace Mnemos.Conv;

internal static partial class Im2Col
{
    // C = channels, H×W input, k kernel, s stride, p padding, OH×OW output.
    // cols[((c·k + i)·k + j)·ld + oh·OW + ow] = x[c, oh·s − p + i, ow·s − p + j], or 0 outside the image.

    /// <summary>
    /// Writes the rows of channels [<paramref name="c0"/>, <paramref name="c1"/>) of the [C·k·k × OH·OW]
    /// patch matrix of one [C × H × W] image, rows <paramref name="ld"/> apart.
    /// </summary>
    public static void Gather(ConvGeometry g, ReadOnlySpan<float> image, Span<float> cols, int ld, int c0, int c1)
    {
        Debug.Assert(image.Length >= g.InputSize && ld >= g.OutPixels && cols.Length >= (g.PatchSize - 1) * ld + g.OutPixels);
        int h = g.Height, w = g.Width, k = g.Kernel, s = g.Stride, p = g.Padding, oh = g.OutHeight, ow = g.OutWidth;
        int row = c0 * k * k;
        for (int c = c0; c < c1; c++)
        {
            var plane = image.Slice(c * h * w, h * w);
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++, row++)
                {
                    var dst = cols.Slice(row * ld, oh * ow);
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = y * s - p + i;
                        var dstRow = dst.Slice(y * ow, ow);
                        if ((uint)iy >= (uint)h)
                        {
                            dstRow.Clear();
                            continue;
                        }
                        var src = plane.Slice(iy * w, w);
                        if (s == 1)
                        {
                            // Contiguous run: ix = x − p + j for x in [x0, x1) lies inside [0, w).
                            int x0 = Math.Max(0, p - j), x1 = Math.Min(ow, w + p - j);
                            if (x1 <= x0)
                            {
                                dstRow.Clear();
                                continue;
                            }
                            dstRow.Slice(0, x0).Clear();
                            src.Slice(x0 - p + j, x1 - x0).CopyTo(dstRow.Slice(x0));
                            dstRow.Slice(x1).Clear();
                            continue;
                        }
                        for (int x = 0; x < ow; x++)
                        {
                            int ix = x * s - p + j;
                            dstRow[x] = (uint)ix < (uint)w ? src[ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds the rows of channels [<paramref name="c0"/>, <paramref name="c1"/>) of the patch matrix
    /// (rows <paramref name="ld"/> apart) back onto those channels of a [C × H × W] image: the adjoint of <see cref="Gather"/>.
    /// </summary>
    public static void ScatterAdd(ConvGeometry g, ReadOnlySpan<float> cols, int ld, Span<float> image, int c0, int c1)
    {
        Debug.Assert(image.Length >= g.InputSize && ld >= g.OutPixels && cols.Length >= (g.PatchSize - 1) * ld + g.OutPixels);
        int h = g.Height, w = g.Width, k = g.Kernel, s = g.Stride, p = g.Padding, oh = g.OutHeight, ow = g.OutWidth;
        int row = c0 * k * k;
        for (int c = c0; c < c1; c++)
        {
            var plane = image.Slice(c * h * w, h * w);
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++, row++)
                {
                    var src = cols.Slice(row * ld, oh * ow);
                    // With stride 1 the columns that land inside the image are one run [x0, x1).
                    int x0 = Math.Max(0, p - j), x1 = Math.Min(ow, w + p - j);
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = y * s - p + i;
                        if ((uint)iy >= (uint)h) continue;
                        var dst = plane.Slice(iy * w, w);
                        var srcRow = src.Slice(y * ow, ow);
                        if (s == 1)
                        {
                            if (x1 > x0)
                            {
                                var run = dst.Slice(x0 - p + j, x1 - x0);
                                VectorOps.Add(run, srcRow.Slice(x0, x1 - x0), run);
                            }
                            continue;
                        }
                        for (int x = 0; x < ow; x++)
                        {
                            int ix = x * s - p + j;
                            if ((uint)ix < (uint)w) dst[ix] += srcRow[x];
                        }
                    }
                }
            }
        }
    }
}
