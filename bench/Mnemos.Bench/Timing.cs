// A small timing harness: warm up, then time batches of calls and report the median per call.
using System.Diagnostics;

namespace Mnemos.Bench;

static class Timing
{
    /// <summary>Median seconds per call of <paramref name="action"/> over <paramref name="samples"/> batches of about <paramref name="batchSeconds"/> each.</summary>
    public static double MedianSeconds(Action action, int samples = 7, double batchSeconds = 0.3)
    {
        action();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < batchSeconds / 2 || calls < 1) { action(); calls++; }
        int batch = Math.Max(1, (int)(calls * batchSeconds / clock.Elapsed.TotalSeconds));
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            clock.Restart();
            for (int i = 0; i < batch; i++) action();
            times[s] = clock.Elapsed.TotalSeconds / batch;
        }
        Array.Sort(times);
        return times[samples / 2];
    }

    /// <summary>An integer option; <paramref name="fallback"/> is its text when absent.</summary>
    public static int IntOption(string[] args, string name, string fallback) =>
        int.Parse(Option(args, name, fallback), System.Globalization.CultureInfo.InvariantCulture);

    public static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
