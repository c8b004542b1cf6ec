// A network trained through learning-rate stages (Training.StagedTraining) as one experiment cell:
// the settings name the data by its SHA-256 (large data stays out of the cell file), the result
// keeps the parameters bit for bit and each stage's rate, epochs and final loss.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments;

/// <summary>How a network is made: MLP d → Width×Depth Activation → d, PyTorch init, Adam through <see cref="Rates"/>.</summary>
public sealed record NetworkSettings
{
    public int Width { get; init; } = 256;
    public int Depth { get; init; } = 4;
    public string Activation { get; init; } = "selu";

    /// <summary>Adam learning rates tried in order (<see cref="LearningRateStages"/>); the study kept 1e-4 throughout.</summary>
    public double[] Rates { get; init; } = [1e-4, 1e-5, 1e-6];

    /// <summary>Epochs without the loss halving before the next rate takes over.</summary>
    public long Patience { get; init; } = 2000;

    /// <summary>
    /// Fixed length of every stage but the last, or null to end stages on a plateau only. Long first
    /// stages make more stored images attractors (docs/reproduction.md, "What training time does").
    /// </summary>
    public long? StageEpochs { get; init; }
    public double TargetMse { get; init; } = 1e-8;
    public long MaxEpochs { get; init; } = 100_000;

    public MlpSpec Spec(int dimension) => new(dimension, dimension, Depth, Width, Activations.Parse(Activation));

    public void Validate(int dimension)
    {
        Spec(dimension).Validate();
        new LearningRateStages(Rates, Patience, StageEpochs).Validate();
        if (MaxEpochs < 1) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 1");
    }

    /// <summary>The study's protocol for a network of this shape: Adam at a constant 1e-4 for up to 1,000,000 epochs.</summary>
    public NetworkSettings AtStudyProtocol(double targetMse = StudyProtocol.TargetMse) => this with
    {
        Rates = [StudyProtocol.AdaptiveLearningRate], StageEpochs = null, TargetMse = targetMse, MaxEpochs = StudyProtocol.MaxEpochs,
    };

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Width}×{Depth} {Activation}, Adam lr {string.Join("→", Rates.Select(r => r.ToString("G2", System.Globalization.CultureInfo.InvariantCulture)))}") +
        (StageEpochs is { } length && Rates.Length > 1 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (stages of at most {length} epochs)") : "") +
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $" to MSE {TargetMse:G2}");
}

/// <summary>One learning-rate stage of a training run, as reported.</summary>
public sealed record StageSummary(double LearningRate, long Epochs, double FinalMse, string Reason);

/// <summary>A trained network as stored in a cell: parameters (little-endian float32), training summary and stages.</summary>
internal sealed record StagedNetwork(byte[] Parameters, TrainingSummary Training, StageSummary[] Stages);

/// <summary>Trains or reads networks through the cell store.</summary>
internal static class StagedNetworkCell
{
    internal sealed record CellSettings(string Data, string DataSha256, int Rows, int Dimension, int[][] Cycles,
        NetworkSettings Network, string Init, string Optimizer, ulong Seed);

    /// <summary>Lower-case hex SHA-256 of the float32 bytes of <paramref name="data"/>.</summary>
    public static string Hash(Matrix data) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(data.Data.AsSpan())));

    /// <summary>
    /// The network of cell <paramref name="key"/> storing <paramref name="data"/> (autoencoding when
    /// <paramref name="cycles"/> is empty), trained from PyTorch init with <paramref name="seed"/>.
    /// </summary>
    public static (Mlp Network, StagedNetwork Cell) GetOrTrain(ExperimentContext context, string key, string dataName, Matrix data,
        int[][] cycles, NetworkSettings settings, ulong seed)
    {
        settings.Validate(data.Cols);
        var setup = new TrainingSetup(settings.Spec(data.Cols), new InitScheme.PyTorch(), OptimizerSettings.Adam(settings.Rates[0]), seed,
            Cycles: cycles.Length > 0 ? cycles : null);
        setup.Validate();
        var cell = new CellSettings(dataName, Hash(data), data.Rows, data.Cols, cycles, settings, setup.Init.Name, "adam", seed);
        var trained = context.Cells.GetOrCompute(key, cell, () => Train(context, key, setup, data, settings));
        var mlp = new Mlp(setup.Spec);
        if (trained.Parameters.Length != mlp.Parameters.Length * sizeof(float))
            throw new InvalidDataException($"cell {key} holds {trained.Parameters.Length} bytes of parameters, the network needs {mlp.Parameters.Length * sizeof(float)}");
        MemoryMarshal.Cast<byte, float>(trained.Parameters).CopyTo(mlp.Parameters);
        return (mlp, trained);
    }

    static StagedNetwork Train(ExperimentContext context, string key, TrainingSetup setup, Matrix data, NetworkSettings settings)
    {
        var mlp = setup.CreateNetwork();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = StagedTraining.Run(mlp, setup.CreateTask(data), context.Gemm, setup.Optimizer, new LearningRateStages(settings.Rates, settings.Patience, settings.StageEpochs),
            new TrainerOptions { TargetMse = settings.TargetMse, MaxEpochs = settings.MaxEpochs, ProgressEvery = 100 },
            p =>
            {
                if (clock.Elapsed.TotalSeconds < 5) return;
                clock.Restart();
                context.Report(FormattableString.Invariant($"{key}: epoch {p.Epoch}, MSE {Reports.HtmlReport.FormatNumber(p.Loss)}"));
            }, context.Cancellation);
        var overall = result.Overall;
        if (overall.Reason == StopReason.Cancelled) throw new OperationCanceledException(context.Cancellation);
        var training = new TrainingSummary(overall.Reason.Key(), overall.Epochs, overall.FinalLoss, overall.Elapsed.TotalSeconds);
        var stages = result.Stages.Select(s => new StageSummary(s.LearningRate, s.Epochs, s.FinalLoss, s.Reason.Key())).ToArray();
        context.Report(FormattableString.Invariant($"{key}: training {training.StopReason}, MSE {Reports.HtmlReport.FormatNumber(training.FinalMse)} after {training.Epochs} epochs in {training.Seconds:F1} s ({string.Join(", ", stages.Select(s => $"lr {s.LearningRate:G2}: {s.Epochs}"))})"));
        return new StagedNetwork(MemoryMarshal.AsBytes(mlp.Parameters.AsSpan()).ToArray(), training, stages);
    }
}
