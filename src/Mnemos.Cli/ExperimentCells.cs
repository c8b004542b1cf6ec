// The cluster side of mnemos experiment: --cells (list a run's cells), --cell (the line after one
// cell is done) and --slurm (write the job array, the report job and the submit script).
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments;
using Mnemos.Experiments.Slurm;
using Mnemos.Kernels;

namespace Mnemos.Cli;

static class ExperimentCells
{
    public static int List(CliContext context, ExperimentCommand.RunOptions options)
    {
        var cells = Cells(options);
        if (options.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(cells, ExperimentJson.Indented));
            return 0;
        }
        foreach (var c in cells)
            context.Out.WriteLine($"{c.Index}  {c.Key}  {(c.EstimatedSeconds is double s ? "~" + Duration(s) : "no estimate")}");
        var known = cells.Where(c => c.EstimatedSeconds is not null).ToArray();
        context.Out.WriteLine($"{cells.Count} cells of {options.Experiment.Name} ({ExperimentPresets.Name(options.Preset)})" +
            (known.Length == 0 ? "; no time estimates (give --time with --slurm)" : $"; {Duration(known.Sum(c => c.EstimatedSeconds!.Value))} in all by each cell's time budget (study presets: its epoch cap's compute on one core){(known.Length < cells.Count ? $" ({known.Length} cells have one)" : "")}"));
        return 0;
    }

    /// <summary>The cell <paramref name="cell"/> (index or key) names among the run's cells; otherwise a usage error naming it.</summary>
    public static ExperimentCell Find(IExperiment experiment, ExperimentContext run, string cell)
    {
        var cells = ExperimentRunner.Cells(experiment, run);
        try
        {
            return ExperimentRunner.Find(cells, cell);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException("--" + e.Message); // "--cell 'x': expected ..."
        }
    }

    public static int CellDone(CliContext context, ExperimentContext run, ExperimentCell cell, ExperimentRecord record, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(record, ExperimentJson.Indented));
            return 0;
        }
        int reused = record.Cells.Count(c => c.Reused);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cell {cell.Index} {cell.Key}: done ({record.Cells.Count} stored results, {reused} reused) in {record.Seconds:F2} s; in {run.Cells.Folder}"));
        return 0;
    }

    public static int Slurm(CliContext context, ExperimentCommand.RunOptions options, string script, int? minutes, string? mnemos)
    {
        if (minutes is < 3) throw new CliUsageException($"--time {minutes}: must be at least 3 minutes (the stop signal comes {SlurmJob.SignalSeconds} s before the limit)");
        if (mnemos is not null && string.IsNullOrWhiteSpace(mnemos)) throw new CliUsageException("--mnemos '': give the command that runs mnemos on the cluster");
        var cells = Cells(options);
        var job = new SlurmJob(options.Experiment.Name, ExperimentPresets.Name(options.Preset), options.Seed, Path.GetFullPath(options.Folder),
            options.Threads, mnemos ?? ThisProgram(), cells, minutes);
        SlurmScriptFiles files;
        try
        {
            files = SlurmScripts.Write(job, script);
        }
        catch (ArgumentException e) when (e.Message.Contains("--time", StringComparison.Ordinal))
        {
            throw new CliUsageException(e.Message);
        }
        context.Out.WriteLine($"{cells.Count} cells of {job.Experiment} ({job.Preset}), {job.TimeLimitMinutes()} min and {job.Threads} CPU(s) per task, output in {job.OutputFolder}");
        context.Out.WriteLine($"wrote {files.Array}, {files.Report}, {files.Submit}");
        context.Out.WriteLine($"submit: {files.Submit}   (arguments go to sbatch, e.g. --partition=NAME)");
        return 0;
    }

    static IReadOnlyList<ExperimentCell> Cells(ExperimentCommand.RunOptions options)
    {
        using var gemm = GemmChoice.Create(1);
        var run = new ExperimentContext(options.Folder, options.Preset, options.Seed, 1, gemm);
        return ExperimentRunner.Cells(options.Experiment, run);
    }

    // How this process was started: the apphost, or dotnet and the entry assembly.
    static string ThisProgram()
    {
        string? process = Environment.ProcessPath;
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        if (process is null) return "mnemos";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? SlurmScripts.Quote(process) + " " + SlurmScripts.Quote(entry)
            : SlurmScripts.Quote(process);
    }

    static string Duration(double seconds) => seconds switch
    {
        < 120 => seconds.ToString("F0", CultureInfo.InvariantCulture) + " s",
        < 7200 => (seconds / 60).ToString("F0", CultureInfo.InvariantCulture) + " min",
        _ => (seconds / 3600).ToString("F1", CultureInfo.InvariantCulture) + " h",
    };
}
