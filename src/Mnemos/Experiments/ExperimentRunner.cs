// Runs an experiment and keeps its record, run.json: name, preset, seed, threads, GEMM, software
// version, machine, the settings, start and end times, status, and per-cell timings. run.json is written
// when the run starts (status "running") and rewritten when it ends, however it ends. A run can
// also be taken apart into its cells: list them, run one (its record in runs/cell-KEY.json, so
// cells running side by side in one folder do not overwrite each other), or build the figures and
// tables from the finished cells alone.
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Mnemos.Formats;

namespace Mnemos.Experiments;

/// <summary>The record of a finished run (what run.json holds).</summary>
public sealed record ExperimentRecord(
    string Experiment, string Preset, string PresetSettings, ulong Seed, int Threads, string Gemm, SoftwareVersion Software,
    MachineInfo Machine, object? Settings, DateTimeOffset Started, DateTimeOffset? Finished, double Seconds, string Status,
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

    /// <summary>The key of the single cell of an experiment that does not split into cells.</summary>
    public const string WholeRun = "all";

    /// <summary>Folder (inside the output folder) of the records of single-cell runs.</summary>
    public const string CellRunsFolder = "runs";

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
            context.Threads, context.Gemm.Name, SoftwareVersion.Current, MachineInfo.Current, context.Settings, started, finished,
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

    /// <summary>
    /// The cells of a run of <paramref name="experiment"/> at the context's preset and seed, in the
    /// order a run visits them; nothing is computed or written (the experiment's own set-up, such as
    /// loading its data, does run).
    /// </summary>
    public static IReadOnlyList<ExperimentCell> Cells(IExperiment experiment, ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        ExperimentPresets.Require(experiment, context.Preset);
        if (!experiment.HasCells) return [new ExperimentCell(0, WholeRun, null)];
        // One thread, so cells visited in parallel loops are met in their index order.
        var listing = new ExperimentContext(context.OutputFolder, context.Preset, context.Seed, 1, context.Gemm, null, context.Cancellation);
        listing.SetMode(CellMode.List);
        try
        {
            experiment.Run(listing);
        }
        catch (CellsStopException)
        {
            return listing.Plan;
        }
        catch (CellMissingException e)
        {
            throw new InvalidOperationException($"{experiment.Name} stores cell {e.Key} outside ExperimentContext.Cell, so its cells cannot be listed", e);
        }
        throw new InvalidOperationException($"{experiment.Name} says it has cells but its run did not stop at CellsDone");
    }

    /// <summary>
    /// The cell <paramref name="cell"/> names: its index in <paramref name="cells"/> or its key;
    /// anything else throws <see cref="ArgumentException"/> naming the value and the range.
    /// </summary>
    public static ExperimentCell Find(IReadOnlyList<ExperimentCell> cells, string cell)
    {
        ArgumentNullException.ThrowIfNull(cells);
        string text = cell?.Trim() ?? "";
        var found = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            ? cells.FirstOrDefault(c => c.Index == index) : cells.FirstOrDefault(c => c.Key == text);
        return found ?? throw new ArgumentException(
            $"cell '{cell}': expected an index 0 to {cells.Count - 1} or a key such as {cells[0].Key} (--cells lists them)");
    }

    /// <summary>
    /// Computes one cell of the run (or reuses its finished files: a finished cell is not computed
    /// again) and writes its record to runs/cell-KEY.json. Figures and tables are not made; an
    /// experiment without cells runs whole (<see cref="Run"/>), its one cell being <see cref="WholeRun"/>.
    /// </summary>
    public static ExperimentRecord RunCell(IExperiment experiment, ExperimentContext context, ExperimentCell cell)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cell);
        ExperimentPresets.Require(experiment, context.Preset);
        if (!experiment.HasCells) return Run(experiment, context);
        context.SetMode(CellMode.One, cell.Key);
        string file = Path.Combine(CellRunsFolder, $"cell-{cell.Key}.json");
        Directory.CreateDirectory(Path.Combine(context.OutputFolder, CellRunsFolder));
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ExperimentRecord Record(string status, DateTimeOffset? finished) => new(
            experiment.Name, ExperimentPresets.Name(context.Preset), experiment.DescribePreset(context.Preset), context.Seed,
            context.Threads, context.Gemm.Name, SoftwareVersion.Current, MachineInfo.Current, context.Settings, started, finished,
            clock.Elapsed.TotalSeconds, status, context.Cells.Records, null);
        Write(context, Record("running", null), file);
        try
        {
            experiment.Run(context);
            throw new InvalidOperationException($"{experiment.Name} says it has cells but its run did not stop at CellsDone");
        }
        catch (CellsStopException)
        {
            if (!context.TargetReached)
            {
                var error = new InvalidOperationException($"cell {cell.Index} {cell.Key}: the run did not meet it (the cells changed since they were listed?)");
                Write(context, Record($"failed: {error.Message}", DateTimeOffset.UtcNow), file);
                throw error;
            }
            var record = Record("finished", DateTimeOffset.UtcNow);
            Write(context, record, file);
            return record;
        }
        catch (Exception e)
        {
            Write(context, Record(e is OperationCanceledException ? "cancelled" : $"failed: {e.Message}", DateTimeOffset.UtcNow), file);
            throw;
        }
    }

    /// <summary>
    /// Builds the figures and tables from the finished cells only, computing nothing, and writes
    /// run.json like <see cref="Run"/>: with every cell finished the files are those a single run
    /// writes, byte for byte. Missing cells throw <see cref="MissingCellsException"/> naming them
    /// (indices as <see cref="Cells"/> lists them), before any figure is written.
    /// </summary>
    public static ExperimentRecord Report(IExperiment experiment, ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        var cells = Cells(experiment, context);
        context.SetMode(CellMode.Report);
        try
        {
            return Run(experiment, context);
        }
        catch (MissingCellsException e)
        {
            throw new MissingCellsException(e.Missing.Select(m => cells.FirstOrDefault(c => c.Key == m.Key) ?? m).OrderBy(c => c.Index).ToArray(), cells.Count);
        }
        catch (CellMissingException) when (!experiment.HasCells)
        {
            throw new MissingCellsException(cells, cells.Count);
        }
    }

    static void Write(ExperimentContext context, ExperimentRecord record, string file = RunFile) =>
        AtomicFile.WriteAllText(Path.Combine(context.OutputFolder, file), System.Text.Json.JsonSerializer.Serialize(record, ExperimentJson.Indented));
}
