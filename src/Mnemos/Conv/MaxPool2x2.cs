// Max-pooling over 2×2 windows with stride 2 (torch.nn.MaxPool2d(2)): odd trailing rows and columns
// are dropped. The forward pass records each winner's input index; backward and the tangent map
// route through those indices (the pool is piecewise linear).
namespace Mnemos.Conv;

/// <summary>Down-sampling [C × H × W] → [C × ⌊H/2⌋ × ⌊W/2⌋] by the maximum of each window.</summary>
internal static class MaxPool2x2
{
    /// <summary>
    /// y = max of each window, scanned row by row; the first maximum wins ties and a NaN wins over
    /// numbers, as PyTorch. <paramref name="winners"/>[i] is the index into <paramref name="input"/>
    /// of the value y[i] came from.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, an image side is below 2, or a span is too short.</exception>
    public static void Forward(int batch, int channels, int height, int width,
        ReadOnlySpan<float> input, Span<float> output, Span<int> winners)
    {
        Check(batch, channels, height, width);
        int oh = height / 2, ow = width / 2, planes = batch * channels;
        ConvChecks.Length("input", input.Length, planes * height * width);
        ConvChecks.Length("output", output.Length, planes * oh * ow);
        ConvChecks.Length("winners", winners.Length, planes * oh * ow);
        int outIndex = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int baseIndex = plane * height * width;
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++, outIndex++)
                {
                    int best = baseIndex + 2 * y * width + 2 * x;
                    float max = input[best];
                    for (int a = 0; a < 2; a++)
                    {
                        for (int b = 0; b < 2; b++)
                        {
                            int index = baseIndex + (2 * y + a) * width + 2 * x + b;
                            float v = input[index];
                            if (v > max || (float.IsNaN(v) && !float.IsNaN(max)))
                            {
                                max = v;
                                best = index;
                            }
                        }
                    }
                    output[outIndex] = max;
                    winners[outIndex] = best;
                }
            }
        }
    }

    /// <summary>dInput = 0 except dInput[winners[i]] = dOutput[i] (windows do not overlap).</summary>
    public static void Backward(ReadOnlySpan<float> dOutput, ReadOnlySpan<int> winners, Span<float> dInput)
    {
        if (winners.Length != dOutput.Length)
            ConvChecks.Throw($"winners has {winners.Length} values but dOutput has {dOutput.Length}");
        dInput.Clear();
        for (int i = 0; i < dOutput.Length; i++) dInput[winners[i]] = dOutput[i];
    }

    /// <summary>The tangent map at the recorded winners: dy[i] = dx[winners[i]].</summary>
    public static void Tangent(ReadOnlySpan<float> dInput, ReadOnlySpan<int> winners, Span<float> dOutput)
    {
        ConvChecks.Length("dOutput", dOutput.Length, winners.Length);
        for (int i = 0; i < winners.Length; i++) dOutput[i] = dInput[winners[i]];
    }

    static void Check(int batch, int channels, int height, int width)
    {
        ConvChecks.Batch(batch);
        if (channels < 1) ConvChecks.Throw($"channels {channels}: must be at least 1");
        if (height < 2 || width < 2) ConvChecks.Throw($"input {height}×{width}: a 2×2 pool needs both sides at least 2");
    }
}
