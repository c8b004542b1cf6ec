// The scale a study preset states in `mnemos experiment --list`: cells, the epoch cap and a
// worst-case compute estimate (every cell running to the cap), so nobody starts days of work here
// by accident. The estimate counts multiply-adds, not measured time.
using System.Globalization;
using Mnemos.Training;

namespace Mnemos.Experiments;

/// <summary>Worst-case compute of a study preset.</summary>
public static class StudyScale
{
    /// <summary>
    /// Sustained float32 rate assumed per core for the estimate, FLOP/s: a round figure for one AVX2
    /// core running these GEMMs, not a measurement; the estimate is an order of magnitude.
    /// </summary>
    public const double FlopsPerCoreSecond = 5e10;

    /// <summary>The wall-clock budget of a study cell, seconds (about 30 years): no time limit, the epoch cap decides.</summary>
    public const double NoTimeLimitSeconds = 1e9;

    /// <summary>"≤ 600 s per cell", or "no time limit" for <see cref="NoTimeLimitSeconds"/>; <paramref name="unit"/> names what the budget is for.</summary>
    public static string DescribeBudget(double seconds, string unit) => seconds >= NoTimeLimitSeconds
        ? "no time limit"
        : string.Create(CultureInfo.InvariantCulture, $"≤ {seconds:G4} s {unit}");

    /// <summary>Core-hours of one full-batch run: 6 FLOPs per parameter per row per epoch (forward 2, backward 4).</summary>
    public static double CoreHours(long parameters, int rows, long epochs) => 6.0 * parameters * rows * epochs / FlopsPerCoreSecond / 3600;

    /// <summary>"; study protocol (…): 30 runs, up to ~540 core-hours if every run goes to the cap (…: for a cluster)".</summary>
    public static string Describe(int cells, double coreHours, long maxEpochs = StudyProtocol.MaxEpochs) => string.Create(CultureInfo.InvariantCulture,
        $"; study protocol (constant rates, ≤ {maxEpochs:N0} epochs, no time limit): {cells} {(cells == 1 ? "run" : "runs")}, up to ~{Round(coreHours):#,0.#} core-hours if every run goes to the cap ({(coreHours > 48 ? "days on this machine's 2 cores: for a cluster" : "hours on this machine")})");

    /// <summary>
    /// <see cref="Describe(int, double, long)"/> for these cells: their count and their estimates
    /// summed (<see cref="Sweeps.MemoryCellSettings.EstimatedSeconds"/>), the figures --cells lists one by one.
    /// </summary>
    public static string Describe(IReadOnlyCollection<Sweeps.MemoryCellSettings> cells, long maxEpochs = StudyProtocol.MaxEpochs) =>
        Describe(cells.Count, CoreHoursOf(cells), maxEpochs);

    /// <summary>The cells' estimates summed, in core-hours.</summary>
    public static double CoreHoursOf(IEnumerable<Sweeps.MemoryCellSettings> cells) => cells.Sum(c => c.EstimatedSeconds()) / 3600;

    /// <summary>Two significant digits (an estimate claims no more).</summary>
    static double Round(double hours)
    {
        if (!(hours > 0)) return 0;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(hours)) - 1);
        return Math.Round(hours / scale) * scale;
    }
}
