// How far a float32 result lies from an expected one: largest absolute, relative and ulp distance
// over all elements, for test assertions and their failure messages.
namespace Mnemos.Tests.Training.Optimizers;

internal readonly record struct FloatDeviation(double MaxAbsolute, double MaxRelative, long MaxUlps, int WorstIndex,
    float WorstExpected, float WorstActual)
{
    /// <summary>Element-wise comparison; NaN matches NaN (any payload), a NaN against a number counts as infinitely far.</summary>
    public static FloatDeviation Of(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0, maxRel = 0;
        long maxUlps = 0;
        int worst = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (float.IsNaN(e) && float.IsNaN(a)) continue;
            double abs = float.IsNaN(e) || float.IsNaN(a) ? double.PositiveInfinity : Math.Abs((double)a - e);
            double rel = abs == 0 ? 0 : e == 0 ? double.PositiveInfinity : abs / Math.Abs((double)e);
            long ulps = float.IsNaN(e) || float.IsNaN(a) ? long.MaxValue : Math.Abs((long)Ordered(e) - Ordered(a));
            if (ulps > maxUlps || (worst < 0 && ulps > 0)) worst = i;
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
            maxUlps = Math.Max(maxUlps, ulps);
        }
        return worst < 0
            ? new(0, 0, 0, -1, 0, 0)
            : new(maxAbs, maxRel, maxUlps, worst, expected[worst], actual[worst]);
    }

    public override string ToString() => WorstIndex < 0
        ? "bit-identical"
        : $"max abs {MaxAbsolute:G3}, max rel {MaxRelative:G3}, max {MaxUlps} ulps " +
          $"(worst [{WorstIndex}]: expected {WorstExpected:R}, got {WorstActual:R})";

    // Maps a float to an integer whose order and differences count representable floats (-0 = +0).
    static int Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits < 0 ? int.MinValue - bits : bits;
    }
}
