// Float results against double expectations, measured in units in the last place of the float
// nearest the expected value, with the worst element in the failure message.
namespace Mnemos.Tests.Kernels;

static class UlpCheck
{
    /// <summary>Asserts |actual[i] − expected(i)| ≤ ulps·ulp(expected(i)) + absolute for every i.
    /// NaN must meet NaN and ±∞ must meet itself.</summary>
    public static void Within(string what, ReadOnlySpan<float> z, ReadOnlySpan<float> actual, Func<int, double> expected, double ulps, double absolute)
    {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected(i);
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                Assert.True(e.Equals((double)actual[i]), $"{what}: at z = {z[i]:R} got {actual[i]:R}, expected {e:R}");
                continue;
            }
            double error = Math.Abs(actual[i] - e);
            double excess = Math.Max(0, error - absolute) / Ulp(e);
            if (!(excess <= worst)) { worst = excess; at = i; }
        }
        if (at >= 0 && worst > ulps)
            Assert.Fail($"{what}: worst at z = {z[at]:R}: got {actual[at]:R}, expected {expected(at):R} ({worst:G4} ulp beyond {absolute:G2}; limit {ulps} ulp)");
    }

    /// <summary>Spacing of floats at |value| (the smallest denormal at 0).</summary>
    public static double Ulp(double value)
    {
        float f = Math.Min((float)Math.Abs(value), float.MaxValue);
        return f == float.MaxValue ? Math.Pow(2, 104) : (double)MathF.BitIncrement(f) - f;
    }
}
