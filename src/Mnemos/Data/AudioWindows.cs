// Cuts mono audio into consecutive fixed-length windows, one matrix row each (the study stores
// one second of speech per element), and joins windows back into a signal. No overlap, no taper.
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>What <see cref="AudioWindows.Cut(ReadOnlySpan{float}, int, WindowTail, bool)"/> does with samples after the last whole window.</summary>
internal enum WindowTail
{
    /// <summary>Leave them out.</summary>
    Drop,

    /// <summary>Make one more window, filled up with silence (0 in audio, 0.5 after mapping to [0, 1]).</summary>
    ZeroPad,
}

internal static class AudioWindows
{
    /// <summary>Window length in samples for a duration: round(windowSeconds · sampleRate), at least 1.</summary>
    public static int LengthFor(int sampleRate, double windowSeconds)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        if (!(windowSeconds > 0) || double.IsInfinity(windowSeconds))
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "window length must be a positive number of seconds");
        double length = Math.Round(windowSeconds * sampleRate);
        if (length < 1 || length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, $"{windowSeconds} s at {sampleRate} Hz is {length} samples, expected 1..{Array.MaxLength}");
        return (int)length;
    }

    /// <inheritdoc cref="Cut(ReadOnlySpan{float}, int, WindowTail, bool)"/>
    public static Matrix Cut(ReadOnlySpan<float> samples, int sampleRate, double windowSeconds, WindowTail tail = WindowTail.Drop, bool mapToUnit = false) =>
        Cut(samples, LengthFor(sampleRate, windowSeconds), tail, mapToUnit);

    /// <summary>
    /// Window w is row w: samples [w·L, (w+1)·L). With <paramref name="mapToUnit"/> each value x
    /// becomes (x + 1)/2, taking [−1, 1] to [0, 1] (values outside stay outside, not clipped).
    /// </summary>
    public static Matrix Cut(ReadOnlySpan<float> samples, int windowLength, WindowTail tail = WindowTail.Drop, bool mapToUnit = false)
    {
        if (windowLength <= 0) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "window length must be at least 1 sample");
        if (!Enum.IsDefined(tail)) throw new ArgumentOutOfRangeException(nameof(tail), tail, "unknown WindowTail");
        int whole = samples.Length / windowLength;
        bool partial = tail == WindowTail.ZeroPad && samples.Length % windowLength != 0;
        var windows = new Matrix(whole + (partial ? 1 : 0), windowLength);
        var destination = windows.Span;
        int used = Math.Min(samples.Length, destination.Length);
        samples[..used].CopyTo(destination);
        destination[used..].Clear();
        if (mapToUnit)
        {
            for (int i = 0; i < destination.Length; i++) destination[i] = (destination[i] + 1f) * 0.5f;
        }
        return windows;
    }

    /// <summary>
    /// Concatenates the rows back into one signal; with <paramref name="mapFromUnit"/> each value y
    /// becomes 2y − 1, undoing <c>mapToUnit</c>. Padding added by <see cref="WindowTail.ZeroPad"/> stays.
    /// </summary>
    public static float[] Join(Matrix windows, bool mapFromUnit = false)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var samples = (float[])windows.Data.Clone();
        if (mapFromUnit)
        {
            for (int i = 0; i < samples.Length; i++) samples[i] = 2f * samples[i] - 1f;
        }
        return samples;
    }
}
