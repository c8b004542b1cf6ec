// mnemos train: fit a network to data until it interpolates (MSE ≤ target), with checkpoints,
// exact resume and a model file that records how it was made.
using System.CommandLine;
using Mnemos.Storage;

namespace Mnemos.Cli;

static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var o = new TrainOptions();
        var command = new Command("train", "Train a network f: R^d → R^d to interpolate data (store it), to MSE ≤ --target-mse.");
        o.AddTo(command);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, TrainOptions o, ParseResult parse)
    {
        string outPath = parse.GetValue(o.Out)!;
        using var run = TrainingRun.Execute(context, o, parse, outPath);
        var summary = run.Summary(outPath);
        ModelFile.Save(outPath, run.Model, summary.Metadata());
        string? keptCheckpoint = run.SettleCheckpoint();
        summary.Write(context, parse.GetValue(o.Json), keptCheckpoint);
        run.ReportShortfall(context);
        return run.ExitCode;
    }

    /// <summary>runs/model.safetensors → runs/model.ckpt.safetensors.</summary>
    public static string DefaultCheckpointPath(string outPath) =>
        Path.ChangeExtension(outPath, null) + ".ckpt.safetensors";
}
