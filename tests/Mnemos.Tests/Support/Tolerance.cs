// Named tolerance checks: |actual − expected| ≤ absolute + relative·scale, with the worst offender
// reported in the failure message.
namespace Mnemos.Tests.Support;

static class Tolerance
{
    /// <summary>Asserts elementwise closeness relative to the largest expected magnitude.</summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        double limit = absolute + relative * scale;
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worstError)) { worstError = error; worst = i; }
        }
        Assert.True(worst < 0 || worstError <= limit,
            $"{what}: element {worst} is {(worst >= 0 ? actual[worst] : 0)}, expected {(worst >= 0 ? expected[worst] : 0)} (error {worstError:G3} > limit {limit:G3})");
    }

    public static void Close(double expected, double actual, double relative, double absolute, string what)
    {
        double limit = absolute + relative * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= limit, $"{what}: got {actual:R}, expected {expected:R} (limit {limit:G3})");
    }
}
