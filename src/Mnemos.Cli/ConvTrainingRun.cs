// The training flow of mnemos store --architecture unet, as TrainingRun's for a fully connected
// network: image data (rows H×W×C, trained as C×H×W planes), a new U-Net or one resumed from a
// ConvCheckpoint (same data, optimizer and noisy copies), progress, checkpoints every --checkpoint-every epochs
// and on stopping short, a lock on the checkpoint, and the same exit codes.
using System.CommandLine;
using System.Globalization;
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Cli;

sealed class ConvTrainingRun : IDisposable
{
    // Checkpoint metadata beside ConvCheckpoint's own: what a resumed run must match.
    const string OptimizerKey = "optimizer", SeedKey = "seed", CopiesKey = "noisy_copies", SigmaKey = "noisy_sigma";

    ConvTrainingRun(ConvTrainer trainer, UNetMap map, Matrix data, string dataSource, DataFingerprint fingerprint, OptimizerSettings optimizer,
        ulong seed, (int Copies, double Sigma) noisy, IGemm gemm, int threads, string checkpointPath, RunLock runLock)
    {
        this.trainer = trainer;
        this.runLock = runLock;
        (Map, Data, DataSource, Fingerprint, Optimizer, Seed, Noisy) = (map, data, dataSource, fingerprint, optimizer, seed, noisy);
        (Gemm, Threads, CheckpointPath) = (gemm, threads, checkpointPath);
    }

    readonly ConvTrainer trainer;
    readonly RunLock runLock;

    public UNetMap Map { get; }
    public Matrix Data { get; }
    public string DataSource { get; }
    public DataFingerprint Fingerprint { get; }
    public OptimizerSettings Optimizer { get; }
    public ulong Seed { get; }
    /// <summary>Noisy copies per image trained to the clean image (0: none) and their noise σ.</summary>
    public (int Copies, double Sigma) Noisy { get; }
    public IGemm Gemm { get; }
    public int Threads { get; }
    public string CheckpointPath { get; }
    public TrainingResult Result { get; private set; } = null!;
    public double TargetMse { get; private set; }
    string? DivergedOnLoad { get; set; }

    public static ConvTrainingRun Execute(CliContext context, TrainOptions o, UNetOptions u, ParseResult parse, string outPath)
    {
        string dataSource = parse.GetValue(o.Data)!;
        var (data, sourceShape) = Mnemos.Data.DataSource.LoadWithShape(dataSource, o.DataFiles.Options(parse), line => context.Error.WriteLine(line));
        if (data.Rows == 0 || data.Cols == 0) throw new InvalidDataException($"data '{dataSource}' is empty ({data.Rows}×{data.Cols})");
        var shape = u.Shape(parse, dataSource, data.Cols, sourceShape);
        var fingerprint = DataFingerprint.Of(data);
        var (checkpointPath, runLock) = TrainingRun.PrepareFiles(o, parse, outPath);
        try
        {
            return Train(context, o, u, parse, dataSource, data, shape, fingerprint, checkpointPath, runLock);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    static ConvTrainingRun Train(CliContext context, TrainOptions o, UNetOptions u, ParseResult parse, string dataSource, Matrix data, ImageShape shape,
        DataFingerprint fingerprint, string checkpointPath, RunLock runLock)
    {
        int threads = parse.GetValue(o.Threads);
        UNet net;
        OptimizerSettings optimizer;
        ulong seed;
        TrainerState? resumeState = null;
        var noisy = (Copies: parse.GetValue(u.NoisyCopies), Sigma: parse.GetValue(u.NoisySigma)!.Value);
        string? resumePath = parse.GetValue(o.Resume);
        if (resumePath is not null)
        {
            (net, resumeState) = ConvCheckpoint.Load(resumePath);
            var saved = Safetensors.ReadHeader(resumePath).Metadata;
            (optimizer, seed) = Resumed(parse, o, resumePath, saved);
            noisy = ResumedCopies(parse, u, resumePath, saved);
            if (saved.TryGetValue(ModelMetadataCodec.DataSha256, out var sha) && sha != fingerprint.Sha256)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint was trained on other data (sha256 {sha[..Math.Min(12, sha.Length)]}…) than '{dataSource}' ({fingerprint.Shape}, sha256 {fingerprint.Sha256[..12]}…)");
            if (u.FirstDifference(parse, o, net.Spec) is { } option)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint's U-Net is {Describe(net.Spec)}; {option} differs: drop or match it");
            if (net.Spec.ImageSize != data.Cols || net.Spec.Height != shape.Height || net.Spec.Width != shape.Width || net.Spec.ImageChannels != shape.Channels)
                throw new CliUsageException($"--resume '{resumePath}': the checkpoint's U-Net takes {net.Spec.Width}x{net.Spec.Height}x{net.Spec.ImageChannels} images, '{dataSource}' holds {shape}");
        }
        else
        {
            optimizer = OptimizerOf(parse, o);
            seed = (ulong)parse.GetValue(o.Seed);
            net = new UNet(u.Spec(parse, o, shape));
            net.InitPyTorch(new Rng(seed));
        }
        var map = new UNetMap(net);
        var planes = new Matrix(data.Rows, data.Cols);
        map.ToPlanes(data.Span, planes.Span);
        var gemm = GemmChoice.Create(threads);
        var task = TrainingTask.Autoencode(planes);
        // The noise is i.i.d. per entry, so drawing it on planes rather than rows changes nothing.
        if (noisy.Copies > 0) task = task.WithNoisyCopies(Enumerable.Range(0, data.Rows).ToArray(), noisy.Copies, noisy.Sigma, 1, seed);
        var trainer = new ConvTrainer(net, optimizer.Create(net.ParameterCount), task, gemm);
        if (resumeState is not null) trainer.Restore(resumeState);
        var run = new ConvTrainingRun(trainer, map, data, dataSource, fingerprint, optimizer, seed, noisy, gemm, threads, checkpointPath, runLock);

        var options = TrainingRun.StopOptions(o, parse);
        var printer = new ProgressPrinter(context.Error, context.Host.Interactive, TimeSpan.FromSeconds(5));
        trainer.Progress += printer.Report;
        trainer.Checkpoint += state => ConvCheckpoint.Save(checkpointPath, net, state, run.CheckpointMetadata());
        if (resumeState is not null) context.Error.WriteLine($"resuming '{resumePath}' at epoch {resumeState.Epoch}");
        run.Result = trainer.Run(options, context.Host.Cancellation);
        run.TargetMse = options.TargetMse;
        printer.Finish();
        if (resumeState is not null && run.Result.Reason == StopReason.Diverged && run.Result.Epochs == resumeState.Epoch) run.DivergedOnLoad = resumePath;
        return run;
    }

    // The optimizer and seed of a resumed run: the checkpoint's; --optimizer or --lr, when given, must agree.
    static (OptimizerSettings Optimizer, ulong Seed) Resumed(ParseResult parse, TrainOptions o, string path, IReadOnlyDictionary<string, string> saved)
    {
        if (!saved.TryGetValue(OptimizerKey, out var text) || !saved.TryGetValue(SeedKey, out var seedText)
            || !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"--resume '{path}': not a checkpoint of 'mnemos store --architecture unet' (metadata '{OptimizerKey}' or '{SeedKey}' missing)");
        OptimizerSettings optimizer;
        try { optimizer = OptimizerSettings.Parse(text); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new InvalidDataException($"--resume '{path}': optimizer '{text}': {e.Message}"); }
        if ((UNetOptions.Given(parse, o.Optimizer) || UNetOptions.Given(parse, o.LearningRate)) && OptimizerOf(parse, o) is var given && given != optimizer)
            throw new CliUsageException($"--resume '{path}': the checkpoint's optimizer is '{optimizer.Describe()}', the options give '{given.Describe()}'; drop or match them");
        if (UNetOptions.Given(parse, o.Seed) && (ulong)parse.GetValue(o.Seed) != seed)
            throw new CliUsageException($"--resume '{path}': the checkpoint's seed is {seed}, --seed gives {parse.GetValue(o.Seed)}; drop or match it");
        return (optimizer, seed);
    }

    // The noisy copies of a resumed run: the checkpoint's; the options, when given, must agree.
    static (int Copies, double Sigma) ResumedCopies(ParseResult parse, UNetOptions u, string path, IReadOnlyDictionary<string, string> saved)
    {
        if (!saved.TryGetValue(CopiesKey, out var copiesText) || !saved.TryGetValue(SigmaKey, out var sigmaText)
            || !int.TryParse(copiesText, NumberStyles.None, CultureInfo.InvariantCulture, out int copies)
            || !double.TryParse(sigmaText, NumberStyles.Float, CultureInfo.InvariantCulture, out double sigma))
            throw new InvalidDataException($"--resume '{path}': metadata '{CopiesKey}' or '{SigmaKey}' is missing or malformed");
        if (UNetOptions.Given(parse, u.NoisyCopies) && parse.GetValue(u.NoisyCopies) != copies
            || UNetOptions.Given(parse, u.NoisySigma) && parse.GetValue(u.NoisySigma) != sigma)
            throw new CliUsageException($"--resume '{path}': the checkpoint trains {copies} noisy copies of σ {sigmaText}; drop or match --noisy-copies and --noisy-sigma");
        return (copies, sigma);
    }

    static OptimizerSettings OptimizerOf(ParseResult parse, TrainOptions o)
    {
        try { return TrainOptions.OptimizerFrom(parse.GetValue(o.Optimizer)!, parse.GetValue(o.LearningRate)); }
        catch (ArgumentException e) { throw new CliUsageException(e.Message); }
    }

    public static string Describe(UNetSpec s) => string.Create(CultureInfo.InvariantCulture,
        $"depth {s.Depth}, base {s.BaseChannels}, kernel {s.Kernel}, {s.Activation.Name()}");

    Dictionary<string, string> CheckpointMetadata() => new(StringComparer.Ordinal)
    {
        [OptimizerKey] = Optimizer.Describe(),
        [SeedKey] = Seed.ToString(CultureInfo.InvariantCulture),
        [CopiesKey] = Noisy.Copies.ToString(CultureInfo.InvariantCulture),
        [SigmaKey] = Noisy.Sigma.ToString("R", CultureInfo.InvariantCulture),
        [ModelMetadataCodec.DataSha256] = Fingerprint.Sha256,
        [ModelMetadataCodec.DataShape] = Fingerprint.Shape,
    };

    /// <summary>Writes the checkpoint now, whatever the result: before work that could fail after training.</summary>
    public void SaveCheckpoint() => ConvCheckpoint.Save(CheckpointPath, Map.Net, trainer.CaptureState(), CheckpointMetadata());

    /// <summary>Once the memory file is written: a converged run drops its checkpoint, any other keeps one. Returns the kept path.</summary>
    public string? SettleCheckpoint()
    {
        if (Result.Converged)
        {
            if (File.Exists(CheckpointPath)) File.Delete(CheckpointPath);
            return null;
        }
        SaveCheckpoint();
        return CheckpointPath;
    }

    public int ExitCode => TrainingRun.ExitCodeOf(Result.Reason);

    public void ReportShortfall(CliContext context, string suffix = "") =>
        TrainingRun.ReportShortfall(context, Result, TargetMse, CheckpointPath, suffix, DivergedOnLoad);

    /// <summary>The run's settings as the memory file's training metadata records them.</summary>
    public ModelMetadata Metadata()
    {
        var training = new Dictionary<string, string>(Settings(), StringComparer.Ordinal)
        {
            ["epochs"] = Result.Epochs.ToString(CultureInfo.InvariantCulture),
            ["final_mse"] = Result.FinalLoss.ToString("R", CultureInfo.InvariantCulture),
            ["stop_reason"] = Result.Reason.Key(),
            ["data_source"] = DataSource,
            ["threads"] = Threads.ToString(CultureInfo.InvariantCulture),
            ["gemm"] = Gemm.Name,
        };
        return new ModelMetadata { Training = training, Data = Fingerprint, LossHistory = Result.LossHistory };
    }

    Dictionary<string, string> Settings()
    {
        var s = Map.Net.Spec;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["architecture"] = "unet",
            ["task"] = "autoencode",
            ["cycle_length"] = "0",
            ["image_shape"] = Map.Image!.Value.ToString(),
            ["depth"] = s.Depth.ToString(CultureInfo.InvariantCulture),
            ["base_channels"] = s.BaseChannels.ToString(CultureInfo.InvariantCulture),
            ["kernel"] = s.Kernel.ToString(CultureInfo.InvariantCulture),
            ["activation"] = s.Activation.Name(),
            ["init"] = "pytorch",
            ["optimizer"] = Optimizer.Describe(),
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            [CopiesKey] = Noisy.Copies.ToString(CultureInfo.InvariantCulture),
            [SigmaKey] = Noisy.Sigma.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The JSON summary's training fields, as TrainSummary's for a fully connected run.</summary>
    public Dictionary<string, object?> JsonFields(string outPath, string? checkpoint)
    {
        var fields = TrainSummary.RunFields(Result, outPath, checkpoint, DataSource, Fingerprint);
        fields["setup"] = JsonConvention.Typed(Settings(), "image_shape");
        // depth and activation as a fully connected store reports them; a U-Net has no one width.
        fields["depth"] = Map.Net.Spec.Depth;
        fields["width"] = null;
        fields["activation"] = Map.Net.Spec.Activation.Name();
        fields["architecture"] = "unet";
        fields["parameters"] = Map.Net.ParameterCount;
        fields["threads"] = Threads;
        fields["gemm"] = Gemm.Name;
        return fields;
    }

    public void Dispose()
    {
        Gemm.Dispose();
        runLock.Dispose();
    }
}
