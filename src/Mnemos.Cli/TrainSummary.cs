// What mnemos train reports when it stops: metadata for the model file, a few lines for people,
// or one JSON object for scripts.
using System.Globalization;
using System.Text.Json;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Training;

namespace Mnemos.Cli;

sealed record TrainSummary(
    TrainingResult Result, TrainingSetup Setup, string OutPath, string DataSource, DataFingerprint Data, int Threads, string Gemm)
{
    static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The --init-from file the run started from (then "init" reads "file"), else null.</summary>
    public string? InitFrom { get; init; }

    /// <summary>The setup's settings as recorded, with the --init-from file in place of the unused --init.</summary>
    Dictionary<string, string> SetupFields()
    {
        var fields = new Dictionary<string, string>(Setup.ToMetadata(), StringComparer.Ordinal);
        if (InitFrom is not null)
        {
            fields["init"] = "file";
            fields["init_from"] = InitFrom;
        }
        return fields;
    }

    public string StopReasonName => Result.Reason.Key();

    /// <summary>More training metadata (store --guarantee's consolidation), added to the file's "training" keys.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    public ModelMetadata Metadata()
    {
        var training = new Dictionary<string, string>(SetupFields(), StringComparer.Ordinal)
        {
            ["epochs"] = Result.Epochs.ToString(CultureInfo.InvariantCulture),
            ["final_mse"] = Invariant(Result.FinalLoss),
            ["stop_reason"] = StopReasonName,
            ["data_source"] = DataSource,
            ["threads"] = Threads.ToString(CultureInfo.InvariantCulture),
            ["gemm"] = Gemm,
        };
        foreach (var (key, value) in Extra ?? new Dictionary<string, string>()) training[key] = value;
        return new ModelMetadata { Training = training, Data = Data, LossHistory = Result.LossHistory };
    }

    /// <summary>The fields of the JSON summary, for commands that add their own.</summary>
    public Dictionary<string, object?> JsonFields(string? checkpoint)
    {
        var fields = RunFields(Result, OutPath, checkpoint, DataSource, Data);
        fields["setup"] = Formats.JsonConvention.Typed(SetupFields(), "cycles", "init_from");
        fields["depth"] = Setup.Spec.Depth;
        fields["width"] = Setup.Spec.Width;
        fields["activation"] = Setup.Spec.Activation.Name();
        fields["threads"] = Threads;
        fields["gemm"] = Gemm;
        return fields;
    }

    /// <summary>The JSON summary's fields that every training run has, whatever its network: how it ended, the files, the data.</summary>
    public static Dictionary<string, object?> RunFields(TrainingResult result, string outPath, string? checkpoint, string dataSource, DataFingerprint data) => new()
    {
        ["stop_reason"] = result.Reason.Key(),
        ["converged"] = result.Converged,
        ["epochs"] = result.Epochs,
        // JSON has no ∞ or NaN: a loss that overflowed (diverged at once) is null beside stop_reason "diverged".
        ["final_mse"] = double.IsFinite(result.FinalLoss) ? result.FinalLoss : null,
        ["seconds"] = result.Elapsed.TotalSeconds,
        ["model"] = outPath,
        ["checkpoint"] = checkpoint,
        ["data"] = new Dictionary<string, object> { ["source"] = dataSource, ["rows"] = data.Rows, ["cols"] = data.Cols, ["sha256"] = data.Sha256 },
    };

    public void Write(CliContext context, bool json, string? checkpoint)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(JsonFields(checkpoint), MemoryCli.Json));
            return;
        }
        WriteText(context, checkpoint);
    }

    /// <summary>The verdict, the model path and the checkpoint to resume from, for people.</summary>
    public void WriteText(CliContext context, string? checkpoint, string fileLabel = "model") =>
        WriteVerdict(context, Result, OutPath, checkpoint, fileLabel);

    /// <summary>The verdict lines of any training run (fully connected or U-Net).</summary>
    public static void WriteVerdict(CliContext context, TrainingResult result, string outPath, string? checkpoint, string fileLabel)
    {
        var o = context.Out;
        string verdict = result.Reason switch
        {
            StopReason.Converged => "reached the target",
            StopReason.Diverged => "diverged (the loss became NaN or infinite); kept the last finite weights",
            StopReason.MaxEpochs => "stopped at the epoch limit before reaching the target",
            StopReason.TimeBudget => "stopped at the time budget before reaching the target",
            _ => "cancelled",
        };
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verdict}: MSE {MemoryCli.Number(result.FinalLoss)} after {result.Epochs} epochs in {ProgressPrinter.FormatDuration(result.Elapsed)}"));
        o.WriteLine($"{fileLabel}: {outPath}");
        if (checkpoint is not null) o.WriteLine($"checkpoint: {checkpoint} (continue with --resume {checkpoint})");
    }
}
