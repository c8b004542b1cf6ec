// Progress of work counted in items (inputs settled, examples certified) on stderr: one
// self-updating line on a terminal, plain periodic log lines when stderr is redirected.
// Reports may come from several worker threads.
using System.Diagnostics;
using System.Globalization;

namespace Mnemos.Cli;

sealed class CountProgress(TextWriter writer, bool interactive, string label, int total, TimeSpan logInterval) : IProgress<int>
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Lock gate = new();
    TimeSpan lastShown;
    bool lineOpen;

    public void Report(int done)
    {
        lock (gate)
        {
            var now = clock.Elapsed;
            if (now - lastShown < (interactive ? TimeSpan.FromMilliseconds(200) : logInterval)) return;
            lastShown = now;
            if (interactive)
            {
                writer.Write($"\r{Format(done, now)}\u001b[K");
                lineOpen = true;
            }
            else writer.WriteLine(Format(done, now));
        }
    }

    /// <summary>Ends the live line so later output starts on a fresh line.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (!lineOpen) return;
            writer.WriteLine();
            lineOpen = false;
        }
    }

    string Format(int done, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"{label} {done}/{total}  elapsed {ProgressPrinter.FormatDuration(elapsed)}");
}
