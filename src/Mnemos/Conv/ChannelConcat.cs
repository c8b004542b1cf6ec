// Channel concatenation for skip connections (torch.cat([a, b], dim=1) on NCHW): per image, the
// channels of a followed by those of b. Backward splits the gradient the same way.
namespace Mnemos.Conv;

/// <summary>Joins [Ca × H × W] and [Cb × H × W] into [(Ca + Cb) × H × W] for each image of a batch.</summary>
internal static class ChannelConcat
{
    // sa = Ca·H·W and sb = Cb·H·W values per image.

    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void Forward(int batch, int firstSize, int secondSize,
        ReadOnlySpan<float> first, ReadOnlySpan<float> second, Span<float> output)
    {
        Check(batch, firstSize, secondSize, first.Length, second.Length, output.Length, "output");
        int sa = firstSize, sb = secondSize;
        for (int n = 0; n < batch; n++)
        {
            first.Slice(n * sa, sa).CopyTo(output.Slice(n * (sa + sb)));
            second.Slice(n * sb, sb).CopyTo(output.Slice(n * (sa + sb) + sa));
        }
    }

    /// <summary>Splits dOutput into dFirst and dSecond (overwritten); an empty destination is skipped.</summary>
    public static void Backward(int batch, int firstSize, int secondSize,
        ReadOnlySpan<float> dOutput, Span<float> dFirst, Span<float> dSecond)
    {
        int sa = firstSize, sb = secondSize;
        Check(batch, sa, sb, dFirst.IsEmpty ? batch * sa : dFirst.Length, dSecond.IsEmpty ? batch * sb : dSecond.Length,
            dOutput.Length, "dOutput");
        for (int n = 0; n < batch; n++)
        {
            if (!dFirst.IsEmpty) dOutput.Slice(n * (sa + sb), sa).CopyTo(dFirst.Slice(n * sa));
            if (!dSecond.IsEmpty) dOutput.Slice(n * (sa + sb) + sa, sb).CopyTo(dSecond.Slice(n * sb));
        }
    }

    static void Check(int batch, int sa, int sb, int aLength, int bLength, int joinedLength, string joinedName)
    {
        ConvChecks.Batch(batch);
        if (sa < 1 || sb < 1) ConvChecks.Throw($"image sizes {sa} and {sb}: both must be at least 1");
        ConvChecks.Length("first", aLength, batch * sa);
        ConvChecks.Length("second", bLength, batch * sb);
        ConvChecks.Length(joinedName, joinedLength, batch * (sa + sb));
    }
}
