// Weights from a PyTorch state dict, for mnemos import and train --init-from: the file's network
// checked against the data (it must map ℝ^d → ℝ^d with d the data's columns) and the activation
// chosen: --activation when given, else the one the file's metadata names (files from mnemos
// export and Mnemos model files carry it), else the caller's default or a one-line refusal.
using Mnemos.Kernels;
using Mnemos.Storage;

namespace Mnemos.Cli;

static class TorchWeights
{
    /// <summary>The state dict in <paramref name="path"/>, checked to map ℝ^d → ℝ^d for the data's d = <paramref name="dataCols"/>.</summary>
    public static TorchStateDict Load(string option, string path, string dataSource, int dataCols)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} '{path}' not found", path);
        var weights = TorchStateDict.Load(path);
        try
        {
            weights.CheckSquare();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        if (weights.InputSize != dataCols)
            throw new InvalidDataException(
                $"{path}: {OneLine(weights.Layers[0].WeightName)} takes {weights.InputSize} inputs but the data '{dataSource}' has {dataCols} values per row");
        return weights;
    }

    /// <summary>
    /// The activation between the layers: <paramref name="given"/> (the --activation text) when not
    /// null, else the file's, else <paramref name="fallback"/>; with none of them a usage error.
    /// A given activation that differs from the file's is used, with a note on stderr.
    /// </summary>
    public static Activation ChooseActivation(CliContext context, TorchStateDict weights, string path, string? given, Activation? fallback)
    {
        if (given is null)
        {
            return weights.Activation ?? fallback ?? throw new CliUsageException(
                $"--activation is required: '{path}' does not say which activation sits between its Linear layers (one of {string.Join(", ", Activations.Names)})");
        }
        if (!Activations.TryParse(given, out var activation))
            throw new CliUsageException($"--activation: unknown activation '{given}' (expected one of {string.Join(", ", Activations.Names)})");
        if (weights.Activation is { } saved && saved != activation)
            context.Error.WriteLine($"note: --activation {activation.Name()} replaces the activation '{path}' names ({saved.Name()})");
        return activation;
    }

    /// <summary>A tensor name from the file on one line: control characters become '?'.</summary>
    public static string OneLine(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
