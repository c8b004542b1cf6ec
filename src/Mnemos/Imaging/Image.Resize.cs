// Resampling by separable per-axis weight tables: area averaging on an axis that shrinks,
// bilinear interpolation on an axis that grows, a plain copy on an axis that keeps its size.
// No gamma handling: samples are averaged as stored.
using System.Diagnostics;

namespace Mnemos.Imaging;

internal sealed partial class Image
{
    /// <summary>
    /// Resamples to <paramref name="width"/> × <paramref name="height"/>, each axis on its own.
    /// Shrinking: output pixel o covers source interval [o·s, (o+1)·s) with s = in/out, and is the
    /// coverage-weighted mean of the source pixels it overlaps (area averaging, no aliasing).
    /// Growing: bilinear between the two nearest source centres, source coordinate
    /// (o + ½)·in/out − ½ clamped to [0, in − 1] (edges repeat). Weights sum to 1 on every axis,
    /// so a constant image stays constant and values stay in the input range.
    /// </summary>
    public Image Resize(int width, int height)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"resize to {width}x{height}: both must be at least 1");
        if (width == Width && height == Height) return Clone();
        var columns = AxisWeights.Build(Width, width);
        var rows = AxisWeights.Build(Height, height);
        int c = Channels;

        // Horizontal pass: source [Height × Width × c] -> wide [Height × width × c].
        var wide = new float[checked(Height * width * c)];
        for (int y = 0; y < Height; y++)
        {
            ReadOnlySpan<float> src = Pixels.AsSpan(y * Width * c, Width * c);
            Span<float> dst = wide.AsSpan(y * width * c, width * c);
            for (int ox = 0; ox < width; ox++)
            {
                for (int k = columns.Offsets[ox]; k < columns.Offsets[ox + 1]; k++)
                {
                    float w = columns.Weights[k];
                    int s = columns.Sources[k] * c;
                    for (int ch = 0; ch < c; ch++) dst[ox * c + ch] += w * src[s + ch];
                }
            }
        }

        // Vertical pass: wide [Height × width × c] -> result [height × width × c].
        int rowLength = width * c;
        var result = new Image(width, height, c);
        for (int oy = 0; oy < height; oy++)
        {
            Span<float> dst = result.Pixels.AsSpan(oy * rowLength, rowLength);
            for (int k = rows.Offsets[oy]; k < rows.Offsets[oy + 1]; k++)
            {
                float w = rows.Weights[k];
                ReadOnlySpan<float> src = wide.AsSpan(rows.Sources[k] * rowLength, rowLength);
                for (int i = 0; i < rowLength; i++) dst[i] += w * src[i];
            }
        }
        return result;
    }
}

/// <summary>For output index o, taps k in [Offsets[o], Offsets[o+1]) read source Sources[k] with weight Weights[k].</summary>
internal sealed class AxisWeights
{
    AxisWeights(int[] offsets, int[] sources, float[] weights)
    {
        Offsets = offsets;
        Sources = sources;
        Weights = weights;
    }

    public int[] Offsets { get; }
    public int[] Sources { get; }
    public float[] Weights { get; }

    public static AxisWeights Build(int inLength, int outLength)
    {
        Debug.Assert(inLength >= 1 && outLength >= 1);
        var offsets = new int[outLength + 1];
        var sources = new List<int>();
        var weights = new List<float>();
        double scale = (double)inLength / outLength;
        for (int o = 0; o < outLength; o++)
        {
            if (inLength == outLength)
            {
                sources.Add(o);
                weights.Add(1f);
            }
            else if (outLength < inLength)
            {
                double s0 = o * scale, s1 = (o + 1) * scale;
                int first = (int)Math.Floor(s0);
                int last = Math.Min(inLength - 1, (int)Math.Ceiling(s1) - 1);
                for (int i = first; i <= last; i++)
                {
                    double overlap = Math.Min(i + 1, s1) - Math.Max(i, s0);
                    if (overlap <= 0) continue;
                    sources.Add(i);
                    weights.Add((float)(overlap / scale));
                }
            }
            else
            {
                double s = Math.Clamp((o + 0.5) * scale - 0.5, 0, inLength - 1);
                int i0 = (int)Math.Floor(s);
                int i1 = Math.Min(i0 + 1, inLength - 1);
                double f = s - i0;
                sources.Add(i0);
                weights.Add((float)(1 - f));
                if (f > 0)
                {
                    sources.Add(i1);
                    weights.Add((float)f);
                }
            }
            offsets[o + 1] = sources.Count;
        }
        return new AxisWeights(offsets, sources.ToArray(), weights.ToArray());
    }
}
