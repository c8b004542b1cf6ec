// mnemos experiment: list the study's reproductions, or run one at a preset into a folder
// (run.json, cells/, results, figures). A rerun with the same settings reuses finished cells.
// For a cluster: --cells lists a run's cells, --cell K computes one, --report builds the figures
// and tables from the finished cells, --slurm writes a job array of the cells and a report job.
using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Mnemos.Experiments;
using Mnemos.Experiments.Slurm;
using Mnemos.Kernels;

namespace Mnemos.Cli;

static class ExperimentCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "Experiment to run (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the experiments and their presets." };
        var preset = new Option<string>("--preset") { Description = "quick (minutes on 2 cores), reduced (a scaled-down study, where an experiment has one) or full (the study's scale where possible).", DefaultValueFactory = _ => "quick" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: experiments/NAME-PRESET)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random choice of the run.", DefaultValueFactory = _ => 0 };
        var threads = MemoryCli.ThreadsOption();
        var json = MemoryCli.JsonOption();
        var cells = new Option<bool>("--cells") { Description = "List the run's cells (index, key, the preset's time per cell) and compute nothing." };
        var cell = new Option<string?>("--cell") { Description = "Compute one cell, by index or key (see --cells); a finished cell is not computed again. No figures." };
        var report = new Option<bool>("--report") { Description = "Build the figures and tables from the finished cells only; fails naming the missing cells." };
        var slurm = new Option<string?>("--slurm") { Description = "Write a Slurm job array (one task per cell) to this .sbatch file, a report job and a submit script beside it." };
        var time = new Option<int?>("--time") { Description = "With --slurm: minutes per task (default: from the preset's time per cell)." };
        var mnemos = new Option<string?>("--mnemos") { Description = "With --slurm: the command the jobs run mnemos with (default: this program)." };
        var command = new Command("experiment", "Run a reproduction of the study (mnemos experiment --list); reruns skip finished cells. On a cluster: --cells, --cell, --report, --slurm.");
        command.Arguments.Add(name);
        foreach (var option in new Option[] { list, preset, output, seed, threads, json, cells, cell, report, slurm, time, mnemos }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return List(context, parse.GetValue(json));
            string[] modes = new[] { ("--cells", parse.GetValue(cells)), ("--cell", parse.GetValue(cell) is not null), ("--report", parse.GetValue(report)), ("--slurm", parse.GetValue(slurm) is not null) }
                .Where(m => m.Item2).Select(m => m.Item1).ToArray();
            if (modes.Length > 1) throw new CliUsageException($"{string.Join(" and ", modes)}: choose one");
            if (parse.GetValue(slurm) is null && (parse.GetValue(time) is not null || parse.GetValue(mnemos) is not null))
                throw new CliUsageException("--time and --mnemos go with --slurm");
            string? chosen = parse.GetValue(name);
            if (string.IsNullOrWhiteSpace(chosen))
                throw new CliUsageException($"name an experiment ({string.Join(", ", ExperimentRegistry.Names)}) or use --list");
            var experiment = ExperimentRegistry.Find(chosen)
                ?? throw new CliUsageException($"unknown experiment '{chosen}' (known: {string.Join(", ", ExperimentRegistry.Names)})");
            ExperimentPreset p;
            try
            {
                p = ExperimentPresets.Parse(parse.GetValue(preset)!);
                ExperimentPresets.Require(experiment, p);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException("--" + e.Message); // the library's messages start "preset ..."
            }
            string folder = parse.GetValue(output) ?? ExperimentRunner.DefaultFolder(experiment, p);
            var run = new RunOptions(experiment, p, folder, parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(json));
            if (parse.GetValue(cells)) return ExperimentCells.List(context, run);
            if (parse.GetValue(slurm) is { } script)
            {
                // Threads per task only when asked for: this machine's core count says nothing of a cluster node.
                var slurmRun = parse.GetResult(threads) is { Implicit: false } ? run : run with { Threads = 1 };
                return ExperimentCells.Slurm(context, slurmRun, script, parse.GetValue(time), parse.GetValue(mnemos));
            }
            return Run(context, run, parse.GetValue(cell), parse.GetValue(report));
        });
        return command;
    }

    /// <summary>What every mode of the command runs on.</summary>
    internal sealed record RunOptions(IExperiment Experiment, ExperimentPreset Preset, string Folder, ulong Seed, int Threads, bool Json);

    static int List(CliContext context, bool json)
    {
        if (json)
        {
            // {"experiments": [{"name", "description", "presets": [{"name", "description"}]}]}
            var experiments = ExperimentRegistry.All.Select(e => new Dictionary<string, object?>
            {
                ["name"] = e.Name,
                ["description"] = e.Description,
                ["presets"] = e.Presets.Select(p => new Dictionary<string, object?> { ["name"] = ExperimentPresets.Name(p), ["description"] = e.DescribePreset(p) }).ToArray(),
            }).ToArray();
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?> { ["experiments"] = experiments }, ExperimentJson.Indented));
            return 0;
        }
        foreach (var e in ExperimentRegistry.All)
        {
            context.Out.WriteLine($"{e.Name}  {e.Description}");
            foreach (var p in e.Presets)
                context.Out.WriteLine($"  {(ExperimentPresets.Name(p) + ":").PadRight(6)} {e.DescribePreset(p)}");
        }
        return 0;
    }

    // A plain run, one cell (cell not null) or the report (report true).
    static int Run(CliContext context, RunOptions options, string? cell, bool report)
    {
        var (experiment, preset, folder, seed, threads, json) = options;
        using var g = GemmChoice.Create(threads);
        var progress = new LineProgress(context.Error);
        // SIGTERM (a cluster's stop before the time limit) stops like Ctrl+C: finished cells stay.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Host.Cancellation);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        var run = new ExperimentContext(folder, preset, seed, threads, g, progress, stop.Token);
        if (!report) // a report only reads cells, and when some are missing it says so in one line
        {
            run.Cells.CellDone += cell => context.Error.WriteLine(cell.Reused
                ? $"cell {cell.Key}: reused ({Seconds(cell.Seconds)} when computed)"
                : $"cell {cell.Key}: computed in {Seconds(cell.Seconds)} ({cell.Reason})");
            context.Error.WriteLine($"{experiment.Name} ({ExperimentPresets.Name(preset)}, seed {seed}, {threads} threads, {g.Name}) → {run.OutputFolder}");
        }
        ExperimentRecord record;
        try
        {
            if (cell is not null)
            {
                var chosen = ExperimentCells.Find(experiment, run, cell);
                record = ExperimentRunner.RunCell(experiment, run, chosen);
                return ExperimentCells.CellDone(context, run, chosen, record, json);
            }
            record = report ? ExperimentRunner.Report(experiment, run) : ExperimentRunner.Run(experiment, run);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine($"mnemos experiment: cancelled; finished cells, and the training checkpoints of unfinished study cells, are kept in {run.Cells.Folder}");
            return CliApp.Cancelled;
        }
        catch (MissingCellsException e)
        {
            context.Error.WriteLine($"mnemos experiment: report of {experiment.Name} ({ExperimentPresets.Name(preset)}) in {run.OutputFolder}: {e.Message}");
            return CliApp.RunError;
        }
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(record, ExperimentJson.Indented));
            return 0;
        }
        foreach (string line in record.Summary!.Lines) context.Out.WriteLine(line);
        int reused = record.Cells.Count(c => c.Reused);
        context.Out.WriteLine($"{record.Cells.Count} cells ({reused} reused) in {Seconds(record.Seconds)}; files in {run.OutputFolder}: {ExperimentRunner.RunFile}, {string.Join(", ", record.Summary.Files)}");
        return 0;
    }

    static string Seconds(double s) => s.ToString(s < 10 ? "F2" : "F0", CultureInfo.InvariantCulture) + " s";

    // Progress lines go straight to stderr (synchronously, unlike Progress<T>).
    sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
