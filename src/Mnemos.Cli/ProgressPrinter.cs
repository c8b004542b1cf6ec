// Shows training progress on stderr: one self-updating line on a terminal, plain periodic log
// lines when stderr is redirected (CI logs, files).
using System.Diagnostics;
using System.Globalization;
using Mnemos.Training;

namespace Mnemos.Cli;

sealed class ProgressPrinter(TextWriter writer, bool interactive, TimeSpan logInterval)
{
    readonly Stopwatch sinceLast = Stopwatch.StartNew();
    bool lineOpen;

    public void Report(TrainingProgress p)
    {
        if (interactive)
        {
            if (sinceLast.ElapsedMilliseconds < 200) return;
            sinceLast.Restart();
            writer.Write($"\r{Format(p)}\u001b[K");
            lineOpen = true;
        }
        else if (sinceLast.Elapsed >= logInterval)
        {
            sinceLast.Restart();
            writer.WriteLine(Format(p));
        }
    }

    /// <summary>Ends the live line so later output starts on a fresh line.</summary>
    public void Finish()
    {
        if (!lineOpen) return;
        writer.WriteLine();
        lineOpen = false;
    }

    public static string Format(TrainingProgress p)
    {
        string eta = p.EstimatedRemaining is { } r ? $" eta {FormatDuration(r)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch,8}  loss {MemoryCli.Number(p.Loss)}  {p.EpochsPerSecond,7:F1} epochs/s  elapsed {FormatDuration(p.Elapsed)}{eta}");
    }

    public static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s"
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1}s");
}
