// U-Net training checkpoints: a U-Net model file plus the optimizer's buffers as extra tensors
// ("optimizer.exp_avg", …) and the epoch, step count and loss history in its metadata. Enough to
// resume a ConvTrainer run exactly (training is deterministic full batch: no random state).
using System.Globalization;
using System.Text;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Conv;

/// <summary>Writes and reads U-Net checkpoints (atomically). The optimizer's hyper-parameters are the caller's.</summary>
internal static class ConvCheckpoint
{
    public const string OptimizerPrefix = "optimizer.";
    const string EpochKey = "checkpoint_epoch", KindKey = "optimizer_kind", StepsKey = "optimizer_steps", HistoryKey = "loss_history";

    /// <summary>
    /// Writes <paramref name="net"/> and <paramref name="state"/>; <paramref name="extra"/> metadata
    /// (the caller's settings, say) is written beside them, its keys distinct from the format's.
    /// </summary>
    public static void Save(string path, UNet net, TrainerState state, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        UNetFile.CheckFinite(net);
        var metadata = UNetFile.Metadata(net);
        metadata[EpochKey] = state.Epoch.ToString(CultureInfo.InvariantCulture);
        metadata[KindKey] = state.Optimizer.Kind;
        metadata[StepsKey] = state.Optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
        // "epoch:loss" pairs, losses round-trip exact ("R").
        metadata[HistoryKey] = string.Join(",", state.LossHistory.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Epoch}:{p.Loss:R}")));
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            if (!metadata.TryAdd(key, value)) throw new ArgumentException($"extra metadata key '{key}' is the format's own");
        var tensors = UNetFile.Tensors(net);
        foreach (var (name, values) in state.Optimizer.Buffers)
            tensors[OptimizerPrefix + name] = TensorEntry.F32([values.Length], (float[])values.Clone());
        Safetensors.Write(path, new SafetensorsFile(metadata, tensors));
    }

    /// <summary>The network and the trainer state; a plain model file or a damaged entry throws <see cref="InvalidDataException"/> naming it.</summary>
    public static (UNet Net, TrainerState State) Load(string path)
    {
        var file = Safetensors.Read(path);
        var net = UNetFile.FromFile(file, path, OptimizerPrefix);
        string Get(string key) => file.Metadata.TryGetValue(key, out var v)
            ? v : throw new InvalidDataException($"{path}: not a checkpoint, metadata '{key}' is missing");
        long epoch = Count(path, EpochKey, Get(EpochKey)), steps = Count(path, StepsKey, Get(StepsKey));
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file.Tensors)
        {
            if (!name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) continue;
            if (tensor.Data.Length != net.ParameterCount)
                throw new InvalidDataException($"{path}: optimizer buffer '{name}' has {tensor.Data.Length} values, expected {net.ParameterCount} (one per parameter)");
            buffers[name[OptimizerPrefix.Length..]] = tensor.Data;
        }
        var history = new List<LossPoint>();
        string text = Get(HistoryKey);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long e)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss))
                throw new InvalidDataException($"{path}: metadata {HistoryKey} has '{Short(pair)}', expected epoch:loss");
            history.Add(new LossPoint(e, loss));
        }
        return (net, new TrainerState(epoch, new OptimizerState(Get(KindKey), steps, buffers), history));
    }

    static long Count(string path, string key, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value : throw new InvalidDataException($"{path}: metadata {key} '{Short(text)}' is not a non-negative integer");

    static string Short(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text.Take(40)) sb.Append(char.IsControl(c) ? '?' : c);
        return text.Length <= 40 ? sb.ToString() : sb + "…";
    }
}
