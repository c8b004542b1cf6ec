// mnemos train: fit a network to data until it interpolates (MSE ≤ target), with checkpoints,
// exact resume and a model file that records how it was made.
using System.CommandLine;
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

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
        string dataSource = parse.GetValue(o.Data)!;
        var data = DataSource.Load(dataSource);
        var fingerprint = DataFingerprint.Of(data);
        string outPath = parse.GetValue(o.Out)!;
        string checkpointPath = parse.GetValue(o.Checkpoint) ?? DefaultCheckpointPath(outPath);
        int threads = parse.GetValue(o.Threads);

        Mlp mlp;
        TrainingSetup setup;
        TrainerState? resumeState = null;
        if (parse.GetValue(o.Resume) is { } resumePath)
        {
            var checkpoint = CheckpointFile.Load(resumePath);
            setup = o.Setup(parse, data.Cols, checkpoint.Setup);
            if (checkpoint.Setup.FirstDifference(setup) is { } difference)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint differs in {difference} (checkpoint vs options); drop or match the option");
            if (checkpoint.Data is { } saved && saved != fingerprint)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint was trained on other data ({saved.Shape}, sha256 {saved.Sha256[..12]}…) than '{dataSource}' ({fingerprint.Shape}, sha256 {fingerprint.Sha256[..12]}…)");
            mlp = checkpoint.Model;
            resumeState = checkpoint.State;
        }
        else
        {
            setup = o.Setup(parse, data.Cols, baseline: null);
            mlp = setup.CreateNetwork();
        }
        var task = setup.CreateTask(data);
        var gemm = GemmBackends.Default(threads);
        var optimizer = setup.Optimizer.Create(mlp.Parameters.Length);
        var trainer = new Trainer(mlp, optimizer, task, gemm);
        if (resumeState is not null) trainer.Restore(resumeState);

        var options = new TrainerOptions
        {
            TargetMse = parse.GetValue(o.TargetMse)!.Value,
            MaxEpochs = parse.GetValue(o.MaxEpochs),
            TimeBudget = parse.GetValue(o.TimeBudget) is { } budget ? CliOptions.ParseDuration("--time-budget", budget) : null,
            CheckpointEvery = parse.GetValue(o.CheckpointEvery),
        };
        var printer = new ProgressPrinter(context.Error, context.Host.Interactive, TimeSpan.FromSeconds(5));
        trainer.Progress += printer.Report;
        trainer.Checkpoint += state => CheckpointFile.Save(checkpointPath, mlp, setup, state, fingerprint);

        if (resumeState is not null)
            context.Error.WriteLine($"resuming '{parse.GetValue(o.Resume)}' at epoch {resumeState.Epoch}");
        var result = trainer.Run(options, context.Host.Cancellation);
        printer.Finish();

        var summary = new TrainSummary(result, setup, outPath, dataSource, fingerprint, threads, gemm.Name);
        ModelFile.Save(outPath, mlp, summary.Metadata());
        string? keptCheckpoint = null;
        if (result.Converged)
        {
            if (File.Exists(checkpointPath)) File.Delete(checkpointPath); // the model file is final now
        }
        else
        {
            CheckpointFile.Save(checkpointPath, mlp, setup, trainer.CaptureState(), fingerprint);
            keptCheckpoint = checkpointPath;
        }
        summary.Write(context, parse.GetValue(o.Json), keptCheckpoint);
        return result.Reason switch
        {
            StopReason.Diverged => CliApp.RunError,
            StopReason.Cancelled => CliApp.Cancelled,
            _ => 0,
        };
    }

    /// <summary>runs/model.safetensors → runs/model.ckpt.safetensors.</summary>
    public static string DefaultCheckpointPath(string outPath) =>
        Path.ChangeExtension(outPath, null) + ".ckpt.safetensors";
}
