// Length checks shared by the conv kernels (one line naming the span and both lengths) and two
// small loops they share. Checks run once per call, outside the per-image loops.
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Conv;

internal static class ConvChecks
{
    public static void Batch(int batch)
    {
        if (batch < 1) Throw($"batch {batch}: must be at least 1");
    }

    public static void Length(string name, int actual, int needed)
    {
        if (actual < needed) Throw($"{name} has {actual} values, needs at least {needed}");
    }

    /// <summary>A bias is empty (none) or holds one value per output channel.</summary>
    public static void Bias(int actual, int channels)
    {
        if (actual != 0 && actual != channels) Throw($"bias has {actual} values, expected {channels} (one per output channel) or none");
    }

    public static void AddScalar(Span<float> values, float add)
    {
        for (int i = 0; i < values.Length; i++) values[i] += add;
    }

    /// <summary>Sum in double, rounded once.</summary>
    public static float Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return (float)sum;
    }

    [DoesNotReturn]
    public static void Throw(string message) => throw new ArgumentException(message);
}
