// The training flow shared by mnemos train and mnemos store: load the data, set up or resume a run,
// train with progress and checkpoints, and afterwards keep or drop the checkpoint. What file the
// result becomes (a model or a memory) is the caller's. A run that stops short of the target says so
// on stderr and in its exit code (CliApp.StoppedShort, CliApp.Diverged). Outputs are checked writable
// before training, and the run holds a lock on its checkpoint (RunLock) until disposed, which also
// releases the GEMM.
using System.CommandLine;
using Mnemos.Data;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Training;

namespace Mnemos.Cli;

sealed class TrainingRun : IDisposable
{
    TrainingRun(Trainer trainer, Mlp model, TrainingSetup setup, TrainingTask task, Matrix data, string dataSource,
        DataFingerprint fingerprint, IGemm gemm, int threads, string checkpointPath, TrainingResult result, double targetMse, RunLock runLock)
    {
        this.trainer = trainer;
        this.runLock = runLock;
        (Model, Setup, Task, Data, DataSource, Fingerprint) = (model, setup, task, data, dataSource, fingerprint);
        (Gemm, Threads, CheckpointPath, Result, TargetMse) = (gemm, threads, checkpointPath, result, targetMse);
    }

    readonly Trainer trainer;
    readonly RunLock runLock;

    public Mlp Model { get; }
    public TrainingSetup Setup { get; }
    public TrainingTask Task { get; }
    public Matrix Data { get; }
    public string DataSource { get; }
    public DataFingerprint Fingerprint { get; }
    public IGemm Gemm { get; }
    public int Threads { get; }
    public string CheckpointPath { get; }
    public TrainingResult Result { get; private set; }
    public double TargetMse { get; private set; }

    /// <summary>Work after training (consolidation) changed the weights; the checkpoint written before it stays as it is.</summary>
    bool continuedAfterCheckpoint;

    /// <summary>The --init-from file this run started from, else null.</summary>
    string? InitFromPath { get; init; }

    /// <summary>The --resume file when its weights diverged before this run took a step, else null.</summary>
    string? DivergedOnLoad { get; init; }

    /// <summary>Trains as the options say; <paramref name="outPath"/> names the default checkpoint.</summary>
    /// <param name="handOver">When set, train to this MSE instead of --target-mse (store --guarantee hands over to consolidation there).</param>
    public static TrainingRun Execute(CliContext context, TrainOptions o, ParseResult parse, string outPath, double? handOver = null)
    {
        string dataSource = parse.GetValue(o.Data)!;
        var data = o.DataFiles.Load(parse, dataSource, context.Error);
        var fingerprint = DataFingerprint.Of(data);
        var (checkpointPath, runLock) = PrepareFiles(o, parse, outPath);
        try
        {
            return Train(context, o, parse, outPath, dataSource, data, fingerprint, checkpointPath, runLock, handOver);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>When training stops and checkpoints, from the command line (a hand-over MSE replaces --target-mse).</summary>
    internal static TrainerOptions StopOptions(TrainOptions o, ParseResult parse, double? handOver = null) => new()
    {
        TargetMse = handOver ?? parse.GetValue(o.TargetMse)!.Value,
        MaxEpochs = parse.GetValue(o.MaxEpochs),
        MinEpochs = parse.GetValue(o.MinEpochs),
        TimeBudget = parse.GetValue(o.TimeBudget) is { } budget ? CliOptions.ParseDuration("--time-budget", budget) : null,
        CheckpointEvery = parse.GetValue(o.CheckpointEvery),
    };

    /// <summary>
    /// The checkpoint path (--checkpoint, or beside --out), both files' folders made and checked
    /// writable before any training, and the lock that keeps a second run off the checkpoint.
    /// </summary>
    internal static (string CheckpointPath, RunLock Lock) PrepareFiles(TrainOptions o, ParseResult parse, string outPath)
    {
        string checkpointPath = parse.GetValue(o.Checkpoint) ?? TrainCommand.DefaultCheckpointPath(outPath);
        // A converged run deletes its checkpoint after writing --out: one file for both would lose the result.
        if (string.Equals(Path.GetFullPath(checkpointPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
            throw new CliUsageException($"--checkpoint '{checkpointPath}' is the --out file: a finished run would delete the file it just wrote; name another");
        // Output folders are made before training, so a long run cannot fail at the very end.
        foreach (string path in new[] { outPath, checkpointPath })
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        // Both files must be writable now, not after hours of training (a read-only folder, say).
        AtomicFile.CheckWritable(outPath);
        AtomicFile.CheckWritable(checkpointPath);
        return (checkpointPath, RunLock.Acquire(checkpointPath));
    }

    static TrainingRun Train(CliContext context, TrainOptions o, ParseResult parse, string outPath, string dataSource, Matrix data,
        DataFingerprint fingerprint, string checkpointPath, RunLock runLock, double? handOver)
    {
        int threads = parse.GetValue(o.Threads);

        Mlp mlp;
        TrainingSetup setup;
        TrainerState? resumeState = null;
        if (parse.GetValue(o.Resume) is { } resumePath)
        {
            if (parse.GetValue(o.InitFrom) is { } initFrom)
                throw new CliUsageException($"--init-from '{initFrom}' and --resume '{resumePath}': a resumed run continues from the checkpoint's weights; drop --init-from");
            var checkpoint = CheckpointFile.Load(resumePath);
            setup = o.Setup(parse, data.Cols, checkpoint.Setup);
            if (checkpoint.Setup.FirstDifference(setup) is { } difference)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint differs in {difference} (checkpoint vs options); drop or match the option");
            if (checkpoint.Data is { } saved && saved != fingerprint)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint was trained on other data ({saved.Shape}, sha256 {saved.Sha256[..12]}…) than '{dataSource}' ({fingerprint.Shape}, sha256 {fingerprint.Sha256[..12]}…)");
            mlp = checkpoint.Model;
            resumeState = checkpoint.State;
        }
        else if (parse.GetValue(o.InitFrom) is { } initPath)
        {
            (mlp, setup) = InitFrom.Load(context, o, parse, initPath, dataSource, data.Cols);
        }
        else
        {
            setup = o.Setup(parse, data.Cols, baseline: null);
            mlp = setup.CreateNetwork();
        }
        var task = setup.CreateTask(data);
        var gemm = GemmChoice.Create(threads);
        var optimizer = setup.Optimizer.Create(mlp.Parameters.Length);
        var trainer = new Trainer(mlp, optimizer, task, gemm);
        if (resumeState is not null) trainer.Restore(resumeState);

        var options = StopOptions(o, parse, handOver);
        var printer = new ProgressPrinter(context.Error, context.Host.Interactive, TimeSpan.FromSeconds(5));
        trainer.Progress += printer.Report;
        trainer.Checkpoint += state => CheckpointFile.Save(checkpointPath, mlp, setup, state, fingerprint);

        if (resumeState is not null)
            context.Error.WriteLine($"resuming '{parse.GetValue(o.Resume)}' at epoch {resumeState.Epoch}");
        var result = trainer.Run(options, context.Host.Cancellation);
        printer.Finish();

        return new TrainingRun(trainer, mlp, setup, task, data, dataSource, fingerprint, gemm, threads, checkpointPath, result, options.TargetMse, runLock)
        {
            InitFromPath = resumeState is null ? parse.GetValue(o.InitFrom) : null,
            // Weights that give a non-finite loss before any step of this run came from the checkpoint.
            DivergedOnLoad = resumeState is not null && result.Reason == StopReason.Diverged && result.Epochs == resumeState.Epoch
                ? parse.GetValue(o.Resume) : null,
        };
    }

    public TrainSummary Summary(string outPath) => new(Result, Setup, outPath, DataSource, Fingerprint, Threads, Gemm.Name) { InitFrom = InitFromPath };

    /// <summary>
    /// Call once the result file is written: a converged run drops its checkpoint (the file is final),
    /// any other keeps one to resume from. Returns the kept checkpoint's path.
    /// </summary>
    /// <summary>Writes the checkpoint now, whatever the result: before work that could fail after training.</summary>
    public void SaveCheckpoint() => CheckpointFile.Save(CheckpointPath, Model, Setup, trainer.CaptureState(), Fingerprint);

    public string? SettleCheckpoint()
    {
        if (Result.Converged)
        {
            if (File.Exists(CheckpointPath)) File.Delete(CheckpointPath);
            return null;
        }
        if (continuedAfterCheckpoint) return CheckpointPath;
        CheckpointFile.Save(CheckpointPath, Model, Setup, trainer.CaptureState(), Fingerprint);
        return CheckpointPath;
    }

    /// <summary>
    /// The run went on after training (consolidation, from the checkpoint just saved): its result
    /// replaces the training's, measured against <paramref name="targetMse"/>. A run that then stops
    /// short keeps the checkpoint from before, which a --resume continues from.
    /// </summary>
    public void ContinuedWith(TrainingResult result, double targetMse)
    {
        Result = result;
        TargetMse = targetMse;
        continuedAfterCheckpoint = true;
    }

    /// <summary>0 when the target was reached; <see cref="CliApp.StoppedShort"/>, <see cref="CliApp.Diverged"/> or <see cref="CliApp.Cancelled"/> otherwise.</summary>
    public int ExitCode => ExitCodeOf(Result.Reason);

    /// <summary>The exit code of a run that stopped for <paramref name="reason"/>.</summary>
    public static int ExitCodeOf(StopReason reason) => reason switch
    {
        StopReason.Converged => 0,
        StopReason.Diverged => CliApp.Diverged,
        StopReason.Cancelled => CliApp.Cancelled,
        _ => CliApp.StoppedShort,
    };

    /// <summary>
    /// For a run that stopped before the target, one plain line on stderr: "stopped at MSE 4.5e-1
    /// (target 1e-8) after 5 epochs (epoch limit)" plus <paramref name="suffix"/> and how to go on.
    /// </summary>
    public void ReportShortfall(CliContext context, string suffix = "") =>
        ReportShortfall(context, Result, TargetMse, CheckpointPath, suffix, DivergedOnLoad);

    /// <summary>The shortfall line of any training run (fully connected or U-Net); <paramref name="damaged"/> is a --resume file whose weights diverged at once.</summary>
    public static void ReportShortfall(CliContext context, TrainingResult result, double targetMse, string checkpointPath, string suffix, string? damaged)
    {
        if (result.Converged) return;
        string why = result.Reason switch
        {
            StopReason.MaxEpochs => "epoch limit",
            StopReason.TimeBudget => "time budget",
            StopReason.Diverged => "diverged",
            _ => "cancelled",
        };
        string next = damaged is not null ? $"; the weights of --resume '{damaged}' give a non-finite loss on this data before any step: the checkpoint may be damaged"
            : result.Reason == StopReason.Diverged ? "; resuming will not help: lower --lr or change the network"
            : $"; continue with --resume {checkpointPath}";
        context.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"stopped at MSE {result.FinalLoss:0.0e0} (target {targetMse:0e0}) after {result.Epochs} epochs ({why}){suffix}{next}"));
    }

    public void Dispose()
    {
        Gemm.Dispose();
        runLock.Dispose();
    }
}
