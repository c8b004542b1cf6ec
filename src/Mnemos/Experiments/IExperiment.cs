// What an experiment is to the framework: a name, a description, two presets and a Run that does
// its work through an ExperimentContext (folder, seed, threads, GEMM, cell store, progress).
namespace Mnemos.Experiments;

/// <summary>The scale an experiment runs at.</summary>
public enum ExperimentPreset
{
    /// <summary>Minutes on two cores; what the tests and a first look use.</summary>
    Quick,
    /// <summary>Between the two: a scaled-down version of the study that this machine runs in minutes (only some experiments have one).</summary>
    Reduced,
    /// <summary>The study's scale where this machine allows it (each experiment says where it does not).</summary>
    Full,
    /// <summary>
    /// The study's protocol exactly (its optimizer settings, constant rates, 1,000,000-epoch cap, no
    /// time limit): days of compute, meant for a cluster; each experiment states its scale.
    /// </summary>
    Study,
}

/// <summary>Names of <see cref="ExperimentPreset"/> as on the command line.</summary>
internal static class ExperimentPresets
{
    public static string Name(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Quick => "quick",
        ExperimentPreset.Reduced => "reduced",
        ExperimentPreset.Full => "full",
        ExperimentPreset.Study => "study",
        _ => throw new ArgumentException($"preset {(int)preset}: unknown; expected quick, reduced, full or study"),
    };

    /// <summary>"quick", "reduced", "full" or "study" (any case); the message lists them.</summary>
    public static ExperimentPreset Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "quick" => ExperimentPreset.Quick,
        "reduced" => ExperimentPreset.Reduced,
        "full" => ExperimentPreset.Full,
        "study" => ExperimentPreset.Study,
        _ => throw new ArgumentException($"preset '{text}': expected quick, reduced, full or study"),
    };

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="experiment"/> has <paramref name="preset"/>,
    /// e.g. "preset reduced: basins-2d has quick, full".
    /// </summary>
    public static void Require(IExperiment experiment, ExperimentPreset preset)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (!experiment.Presets.Contains(preset))
            throw new ArgumentException($"preset {Name(preset)}: {experiment.Name} has {string.Join(", ", experiment.Presets.Select(Name))}");
    }
}

/// <summary>One reproduction of the study, runnable from <c>mnemos experiment NAME</c>.</summary>
internal interface IExperiment
{
    /// <summary>Command-line name, lower case with dashes (e.g. "basins-2d").</summary>
    string Name { get; }

    /// <summary>One line: what it reproduces.</summary>
    string Description { get; }

    /// <summary>The settings a preset stands for, as one line (and where the full preset falls short of the study).</summary>
    string DescribePreset(ExperimentPreset preset);

    /// <summary>The presets this experiment has (quick and full unless it says otherwise).</summary>
    IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Full];

    /// <summary>
    /// True when <see cref="Run"/> passes each independent unit of its work through
    /// <see cref="ExperimentContext.Cell{T}"/> and calls <see cref="ExperimentContext.CellsDone"/>
    /// before its figures and tables, so the cells can run apart (one cluster task each); otherwise
    /// the whole run is one cell, <see cref="ExperimentRunner.WholeRun"/>.
    /// </summary>
    bool HasCells => false;

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
