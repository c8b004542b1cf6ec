// Runs an experiment and keeps its record, run.json: name, preset, seed, threads, GEMM, software
// version, the settings, start and end times, status, and per-cell timings. run.json is written
// when the run starts (status "running") and rewritten when it ends, however it ends.
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Mnemos.Formats;

namespace Mnemos.Experiments;

/// <summary>The record of a finished run (what run.json holds).</summary>
public sealed record ExperimentRecord(
    string Experiment, string Preset, string PresetSettings, ulong Seed, int Threads, string Gemm, SoftwareVersion Software,
    object? Settings, DateTimeOffset Started, DateTimeOffset? Finished, double Seconds, string Status,
    IReadOnlyList<CellRecord> Cells, ExperimentSummary? Summary);

/// <summary>The build that ran: assembly informational version, the git commit in it (if any), the .NET runtime.</summary>
public sealed record SoftwareVersion(string Version, string? Commit, string Runtime)
{
    /// <summary>The version of the Mnemos library assembly.</summary>
    public static SoftwareVersion Current { get; } = Of(typeof(SoftwareVersion).Assembly);

    public static SoftwareVersion Of(Assembly assembly)
    {
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = version.IndexOf('+');
        string? commit = plus >= 0 && plus + 1 < version.Length ? version[(plus + 1)..] : null;
        return new SoftwareVersion(version, commit, RuntimeInformation.FrameworkDescription);
    }
}

/// <summary>Runs experiments with their bookkeeping.</summary>
internal static class ExperimentRunner
{
    public const string RunFile = "run.json";

    /// <summary>Where a run goes unless told otherwise: experiments/NAME-PRESET, relative to the working folder.</summary>
    public static string DefaultFolder(IExperiment experiment, ExperimentPreset preset)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Path.Combine("experiments", $"{experiment.Name}-{ExperimentPresets.Name(preset)}");
    }

    /// <summary>
    /// Runs <paramref name="experiment"/> in <paramref name="context"/>, writing run.json before and
    /// after. A preset the experiment does not have is refused before anything is written
    /// (<see cref="ExperimentPresets.Require"/>). Exceptions (cancellation included) propagate after
    /// run.json records them.
    /// </summary>
    public static ExperimentRecord Run(IExperiment experiment, ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        ExperimentPresets.Require(experiment, context.Preset);
        Directory.CreateDirectory(context.OutputFolder);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ExperimentRecord Record(string status, ExperimentSummary? summary, DateTimeOffset? finished) => new(
            experiment.Name, ExperimentPresets.Name(context.Preset), experiment.DescribePreset(context.Preset), context.Seed,
            context.Threads, context.Gemm.Name, SoftwareVersion.Current, context.Settings, started, finished,
            clock.Elapsed.TotalSeconds, status, context.Cells.Records, summary);

        Write(context, Record("running", null, null));
        try
        {
            var summary = experiment.Run(context);
            var record = Record("finished", summary, DateTimeOffset.UtcNow);
            Write(context, record);
            return record;
        }
        catch (Exception e)
        {
            Write(context, Record(e is OperationCanceledException ? "cancelled" : $"failed: {e.Message}", null, DateTimeOffset.UtcNow));
            throw;
        }
    }

    static void Write(ExperimentContext context, ExperimentRecord record) =>
        AtomicFile.WriteAllText(Path.Combine(context.OutputFolder, RunFile), System.Text.Json.JsonSerializer.Serialize(record, ExperimentJson.Indented));
}
