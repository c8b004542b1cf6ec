// mnemos experiment: list the study's reproductions, or run one at a preset into a folder
// (run.json, cells/, results, figures). A rerun with the same settings reuses finished cells.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments;
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
        var command = new Command("experiment", "Run a reproduction of the study (mnemos experiment --list); reruns skip finished cells.");
        command.Arguments.Add(name);
        foreach (var option in new Option[] { list, preset, output, seed, threads, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return List(context);
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
            return Run(context, experiment, p, folder, parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(json));
        });
        return command;
    }

    static int List(CliContext context)
    {
        foreach (var e in ExperimentRegistry.All)
        {
            context.Out.WriteLine($"{e.Name}  {e.Description}");
            foreach (var p in e.Presets)
                context.Out.WriteLine($"  {(ExperimentPresets.Name(p) + ":").PadRight(6)} {e.DescribePreset(p)}");
        }
        return 0;
    }

    static int Run(CliContext context, IExperiment experiment, ExperimentPreset preset, string folder, ulong seed, int threads, bool json)
    {
        using var g = GemmChoice.Create(threads);
        var progress = new LineProgress(context.Error);
        var run = new ExperimentContext(folder, preset, seed, threads, g, progress, context.Host.Cancellation);
        run.Cells.CellDone += cell => context.Error.WriteLine(cell.Reused
            ? $"cell {cell.Key}: reused ({Seconds(cell.Seconds)} when computed)"
            : $"cell {cell.Key}: computed in {Seconds(cell.Seconds)} ({cell.Reason})");
        context.Error.WriteLine($"{experiment.Name} ({ExperimentPresets.Name(preset)}, seed {seed}, {threads} threads, {g.Name}) → {run.OutputFolder}");
        ExperimentRecord record;
        try
        {
            record = ExperimentRunner.Run(experiment, run);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine($"mnemos experiment: cancelled; finished cells are kept in {run.Cells.Folder}");
            return CliApp.Cancelled;
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
