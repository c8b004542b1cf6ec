// What an experiment is to the framework: a name, a description, two presets and a Run that does
// its work through an ExperimentContext (folder, seed, threads, GEMM, cell store, progress).
namespace Mnemos.Experiments;

/// <summary>The scale an experiment runs at.</summary>
public enum ExperimentPreset
{
    /// <summary>Minutes on two cores; what the tests and a first look use.</summary>
    Quick,
    /// <summary>The study's scale where this machine allows it (each experiment says where it does not).</summary>
    Full,
}

/// <summary>Names of <see cref="ExperimentPreset"/> as on the command line.</summary>
public static class ExperimentPresets
{
    public static string Name(ExperimentPreset preset) => preset == ExperimentPreset.Full ? "full" : "quick";

    /// <summary>"quick" or "full" (any case); the message lists both.</summary>
    public static ExperimentPreset Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "quick" => ExperimentPreset.Quick,
        "full" => ExperimentPreset.Full,
        _ => throw new ArgumentException($"preset '{text}': expected quick or full"),
    };
}

/// <summary>One reproduction of the study, runnable from <c>mnemos experiment NAME</c>.</summary>
public interface IExperiment
{
    /// <summary>Command-line name, lower case with dashes (e.g. "basins-2d").</summary>
    string Name { get; }

    /// <summary>One line: what it reproduces.</summary>
    string Description { get; }

    /// <summary>The settings a preset stands for, as one line (and where the full preset falls short of the study).</summary>
    string DescribePreset(ExperimentPreset preset);

    /// <summary>
    /// Does the work of <see cref="ExperimentContext.Preset"/>, storing each unit of work through
    /// <see cref="ExperimentContext.Cells"/> so a rerun skips what is done, and returns the summary.
    /// </summary>
    ExperimentSummary Run(ExperimentContext context);
}

/// <summary>
/// What a run found: lines for people, named numbers for JSON and tests, and the files written
/// (relative to the output folder).
/// </summary>
public sealed record ExperimentSummary(IReadOnlyList<string> Lines, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Files);
