// AudioWindows: cutting into rows, tail handling, the [−1, 1] → [0, 1] map and its inverse.
using Mnemos.Data;

namespace Mnemos.Tests.Data;

public class AudioWindowsTests
{
    static readonly float[] Ten = [0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, -1f, 1f];

    [Fact]
    public void Drop_keeps_only_whole_windows_in_order()
    {
        var windows = AudioWindows.Cut(Ten, windowLength: 4);
        Assert.Equal((2, 4), (windows.Rows, windows.Cols));
        Assert.Equal(Ten[..8], windows.Data);
    }

    [Fact]
    public void Zero_pad_adds_a_last_window_filled_with_silence()
    {
        var windows = AudioWindows.Cut(Ten, 4, WindowTail.ZeroPad);
        Assert.Equal((3, 4), (windows.Rows, windows.Cols));
        Assert.Equal([-1f, 1f, 0f, 0f], windows.Row(2).ToArray());
        Assert.Equal(2, AudioWindows.Cut(Ten[..8], 4, WindowTail.ZeroPad).Rows);
        Assert.Equal(0, AudioWindows.Cut(Ten[..3], 4).Rows);
    }

    [Theory]
    [InlineData(22050, 1.0, 22050)]
    [InlineData(10, 0.26, 3)]
    [InlineData(16000, 0.001, 16)]
    public void Seconds_become_rounded_sample_counts(int sampleRate, double seconds, int expected)
    {
        Assert.Equal(expected, AudioWindows.LengthFor(sampleRate, seconds));
        Assert.Equal(expected, AudioWindows.Cut(new float[expected * 2 + 1], sampleRate, seconds).Cols);
    }

    [Fact]
    public void Map_to_unit_sends_minus_one_zero_one_to_zero_half_one_and_join_undoes_it()
    {
        var windows = AudioWindows.Cut(Ten, 4, WindowTail.ZeroPad, mapToUnit: true);
        Assert.Equal([0f, 1f, 0.5f, 0.5f], windows.Row(2).ToArray());
        Assert.Equal(0.55f, windows[0, 1], 6);
        var joined = AudioWindows.Join(windows, mapFromUnit: true);
        Assert.Equal(12, joined.Length);
        for (int i = 0; i < Ten.Length; i++) Assert.Equal(Ten[i], joined[i], 6);
        Assert.Equal([0f, 0f], joined[10..]);
        Assert.Equal(Ten[..8], AudioWindows.Join(AudioWindows.Cut(Ten, 4)));
    }

    [Fact]
    public void Bad_window_sizes_are_rejected_with_their_values()
    {
        Assert.Contains("0", Assert.Throws<ArgumentOutOfRangeException>(() => AudioWindows.Cut(Ten, 0)).Message);
        Assert.Contains("0.0001 s at 1000 Hz is 0 samples", Assert.Throws<ArgumentOutOfRangeException>(() => AudioWindows.LengthFor(1000, 0.0001)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioWindows.LengthFor(1000, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioWindows.LengthFor(0, 1));
    }
}
