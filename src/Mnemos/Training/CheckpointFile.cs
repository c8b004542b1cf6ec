// A checkpoint is a model file with the optimizer's buffers as extra tensors ("optimizer.NAME")
// and the epoch and step count in its metadata: loadable as a model, and enough to resume a run
// exactly (training is deterministic full-batch, so no random state is needed).
using System.Globalization;
using Mnemos.Formats;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>A loaded checkpoint: weights, the run's settings, trainer state and the data it was trained on.</summary>
internal sealed record Checkpoint(Mlp Model, TrainingSetup Setup, TrainerState State, DataFingerprint? Data);

/// <summary>Writes and reads training checkpoints (atomically, like every model file).</summary>
internal static class CheckpointFile
{
    public const string OptimizerPrefix = "optimizer.";
    const string EpochKey = "checkpoint_epoch", KindKey = "optimizer_kind", StepsKey = "optimizer_steps";

    public static void Save(string path, Mlp model, TrainingSetup setup, TrainerState state, DataFingerprint? data)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(state);
        var extras = state.Optimizer.Buffers.ToDictionary(
            b => OptimizerPrefix + b.Key, b => TensorEntry.F32([b.Value.Length], b.Value), StringComparer.Ordinal);
        var metadata = new ModelMetadata
        {
            Training = setup.ToMetadata(),
            Data = data,
            LossHistory = state.LossHistory,
            Extra = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [EpochKey] = state.Epoch.ToString(CultureInfo.InvariantCulture),
                [KindKey] = state.Optimizer.Kind,
                [StepsKey] = state.Optimizer.StepCount.ToString(CultureInfo.InvariantCulture),
            },
        };
        ModelFile.Save(path, model, metadata, extras);
    }

    /// <summary>Loads a checkpoint; a plain model file without optimizer state is refused, naming what is missing.</summary>
    public static Checkpoint Load(string path)
    {
        var saved = ModelFile.Load(path);
        var extra = saved.Metadata.Extra;
        string Get(string key) => extra.TryGetValue(key, out var v)
            ? v : throw new InvalidDataException($"'{path}' is not a checkpoint: metadata '{key}' is missing");
        long epoch = ParseCount(path, EpochKey, Get(EpochKey));
        long steps = ParseCount(path, StepsKey, Get(StepsKey));
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, tensor) in saved.Extras)
        {
            if (!name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) continue;
            if (tensor.Shape.Length != 1)
                throw new InvalidDataException($"'{path}': optimizer buffer '{OneLine(name)}' has shape [{string.Join(", ", tensor.Shape)}], expected one dimension");
            CheckBuffer(path, name, tensor.Data, saved.Model.Parameters.Length);
            buffers[name[OptimizerPrefix.Length..]] = tensor.Data;
        }
        // One optimizer step per epoch; a diverged epoch is undone but its step is not, so steps ≥ epoch.
        if (steps < epoch)
            throw new InvalidDataException($"'{path}': metadata {StepsKey} {steps} is below {EpochKey} {epoch}: every epoch takes one optimizer step");
        TrainingSetup setup;
        try { setup = TrainingSetup.FromMetadata(saved.Model.Spec, saved.Metadata.Training); }
        catch (InvalidDataException e) { throw new InvalidDataException($"'{path}': {e.Message}", e); }
        string kind = CheckKind(path, Get(KindKey), setup.Optimizer);
        var state = new TrainerState(epoch, new OptimizerState(kind, steps, buffers), saved.Metadata.LossHistory);
        // The optimizer itself checks the buffer names, counts and lengths it needs: ask it now, so
        // the message names this file rather than failing later when the run restores it.
        try { setup.Optimizer.Create(saved.Model.Parameters.Length).ImportState(state.Optimizer); }
        catch (ArgumentException e) { throw new InvalidDataException($"'{path}': {OneLine(e.Message)}", e); }
        return new Checkpoint(saved.Model, setup, state, saved.Metadata.Data);
    }

    /// <summary>The optimizer_kind, which must name a known kind and the one the training settings use.</summary>
    static string CheckKind(string path, string kind, OptimizerSettings optimizer)
    {
        OptimizerKind parsed;
        try { parsed = OptimizerSettings.ParseKind(kind); }
        catch (FormatException e) { throw new InvalidDataException($"'{path}': metadata {KindKey}: {e.Message}", e); }
        if (parsed != optimizer.Kind || kind != OptimizerSettings.KindName(parsed))
            throw new InvalidDataException($"'{path}': metadata {KindKey} '{kind}' does not match the training optimizer '{optimizer.Describe()}'");
        return kind;
    }

    // Buffers hold one finite value per parameter; second moments (square averages) are never negative,
    // else Adam and RMSprop divide by the root of a negative number on the first resumed step.
    static void CheckBuffer(string path, string name, float[] values, int parameterCount)
    {
        if (values.Length != parameterCount)
            throw new InvalidDataException($"'{path}': optimizer buffer '{OneLine(name)}' has {values.Length} values, expected {parameterCount} (one per parameter)");
        bool secondMoment = name.EndsWith("_sq", StringComparison.Ordinal) || name.EndsWith("square_avg", StringComparison.Ordinal);
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new InvalidDataException(FormattableString.Invariant($"'{path}': optimizer buffer '{OneLine(name)}' [{i}] is {values[i]}: must be finite"));
            if (secondMoment && values[i] < 0)
                throw new InvalidDataException(FormattableString.Invariant($"'{path}': optimizer buffer '{OneLine(name)}' [{i}] is {values[i]}: a second moment is never negative"));
        }
    }

    // Names and values come from the file: one line, no control characters, cut short.
    static string OneLine(string text)
    {
        string line = new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= 80 ? line : line + "…";
    }

    static long ParseCount(string path, string key, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value : throw new InvalidDataException($"'{path}': metadata {key} '{OneLine(text)}' is not a non-negative integer");
}
