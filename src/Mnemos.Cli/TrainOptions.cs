// The options of mnemos train (shared with commands that train, such as store), and how they
// become a TrainingSetup. On resume, options not given on the command line keep the checkpoint's.
using System.CommandLine;
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Cli;

sealed class TrainOptions(string defaultOut = "model.safetensors", string outDescription = "Model file to write (safetensors).")
{
    public readonly Option<string> Data = new("--data") { Description = $"Examples, one per row: {DataSource.Forms}.", Required = true };
    public readonly Option<string> Out = new("--out") { Description = outDescription, DefaultValueFactory = _ => defaultOut };
    public readonly Option<int> CycleLength = CliOptions.Int("--cycle-length", "Sequence encoding: consecutive rows form cycles of this length (0 = autoencode).", 0, 0);
    public readonly Option<string?> Cycles = new("--cycles") { Description = "Sequence encoding with explicit cycles of row indices, e.g. \"0,1,2;3,4,5\" (every row in exactly one cycle)." };
    public readonly Option<int> Depth = CliOptions.Int("--depth", "Hidden layers (0 = one linear layer).", 11, 0, 10_000);
    public readonly Option<int> Width = CliOptions.Int("--width", "Units per hidden layer.", 256, 1, 1 << 20);
    public readonly Option<string> Activation = new("--activation") { Description = $"Hidden activation: {string.Join(", ", Activations.Names)}.", DefaultValueFactory = _ => "cosid" };
    public readonly Option<bool> NoBias = new("--no-bias") { Description = "Layers without biases." };
    public readonly Option<string> Init = new("--init") { Description = "Initialization: pytorch, uniform:A[:zero-bias], xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal.", DefaultValueFactory = _ => "pytorch" };
    public readonly Option<string> Optimizer = new("--optimizer") { Description = "Optimizer and settings, e.g. adam, \"sgd momentum=0.9\", \"rmsprop alpha=0.9\" (PyTorch's names and defaults).", DefaultValueFactory = _ => "adam" };
    public readonly Option<double?> LearningRate = CliOptions.Double("--lr", "Learning rate; default the study's: 1e-4 for adam, adamw, rmsprop; 0.1 for sgd (with or without momentum).", null, 0, exclusiveMin: true);
    public readonly Option<long> Seed = CliOptions.Long("--seed", "Seed of the initialization.", 0, 0);
    public readonly Option<double?> TargetMse = CliOptions.Double("--target-mse", "Stop when the MSE over all entries is at most this.", TrainerOptions.StudyTargetMse, 0);
    public readonly Option<long> MaxEpochs = CliOptions.Long("--max-epochs", "Stop after this many epochs in all (resumed runs count earlier ones).", 1_000_000, 0);
    public readonly Option<long> MinEpochs = CliOptions.Long("--min-epochs", "Keep training past the target until this many epochs in all (more examples become attractors near the loss floor).", 0, 0);
    public readonly Option<string?> TimeBudget = new("--time-budget") { Description = "Stop after this much time, e.g. 90s, 10m, 1h30m (checkpoint kept to resume)." };
    public readonly Option<int> Threads = CliOptions.Int("--threads", "Threads for matrix products.", Environment.ProcessorCount, 1, 1024);
    public readonly Option<int> CheckpointEvery = CliOptions.Int("--checkpoint-every", "Write a checkpoint every N epochs (0: only when stopping early).", 10_000, 0);
    public readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Checkpoint path (default: OUT with .ckpt.safetensors)." };
    public readonly Option<string?> Resume = new("--resume") { Description = "Continue the run saved in this checkpoint; the data must be the same." };
    public readonly Option<string?> InitFrom = new("--init-from")
    {
        Description = "Start from these weights instead of --init: a PyTorch state dict (safetensors; keys 0.weight, 0.bias, 2.weight, … or layers.0.weight, …) or a Mnemos model file. Depth, width and biases come from the file.",
    };
    public readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary on stdout." };
    public readonly DataFileOptions DataFiles = new();

    public void AddTo(Command command)
    {
        Option[] all = [Data, Out, CycleLength, Cycles, Depth, Width, Activation, NoBias, Init, Optimizer, LearningRate, Seed,
            TargetMse, MaxEpochs, MinEpochs, TimeBudget, Threads, CheckpointEvery, Checkpoint, Resume, InitFrom, Json];
        foreach (var option in all) command.Options.Add(option);
        DataFiles.AddTo(command);
    }

    /// <summary>
    /// The setup the options describe for data of <paramref name="inputSize"/> columns. With a
    /// <paramref name="baseline"/> (a checkpoint's), options left out take the baseline's values.
    /// </summary>
    public TrainingSetup Setup(ParseResult parse, int inputSize, TrainingSetup? baseline)
    {
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        T Pick<T>(Option<T> option, Func<TrainingSetup, T> fromBaseline) =>
            baseline is not null && !Given(option) ? fromBaseline(baseline) : parse.GetValue(option)!;

        var activation = baseline is not null && !Given(Activation) ? baseline.Spec.Activation : ParseActivation(parse.GetValue(Activation)!);
        var spec = new MlpSpec(inputSize, inputSize,
            Pick(Depth, b => b.Spec.Depth), Pick(Width, b => b.Spec.Width), activation,
            Bias: baseline is not null && !Given(NoBias) ? baseline.Spec.Bias : !parse.GetValue(NoBias));
        var init = baseline is not null && !Given(Init) ? baseline.Init : Parse("--init", parse.GetValue(Init)!, InitScheme.Parse);
        var optimizer = baseline is not null && !Given(Optimizer) && !Given(LearningRate)
            ? baseline.Optimizer
            : OptimizerFrom(parse.GetValue(Optimizer)!, parse.GetValue(LearningRate));
        ulong seed = baseline is not null && !Given(Seed) ? baseline.Seed : (ulong)parse.GetValue(Seed);
        var cycles = baseline is not null && !Given(Cycles) ? baseline.Cycles
            : parse.GetValue(Cycles) is { } text ? Parse("--cycles", text, TrainingSetup.ParseCycles) : null;
        var setup = new TrainingSetup(spec, init, optimizer, seed, Pick(CycleLength, b => b.CycleLength), cycles);
        try { setup.Validate(); }
        catch (ArgumentException e) { throw new CliUsageException(e.Message); }
        return setup;
    }

    static Activation ParseActivation(string text) =>
        Activations.TryParse(text, out var a) ? a
            : throw new CliUsageException($"--activation: unknown activation '{text}' (expected one of {string.Join(", ", Activations.Names)})");

    /// <summary>Parses the optimizer text; without an explicit lr (in the text or --lr) the study's lr for that optimizer.</summary>
    public static OptimizerSettings OptimizerFrom(string text, double? learningRate)
    {
        var settings = Parse("--optimizer", text, OptimizerSettings.Parse);
        bool textHasLr = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.StartsWith("lr=", StringComparison.OrdinalIgnoreCase));
        if (learningRate is { } lr) settings = settings with { LearningRate = lr };
        else if (!textHasLr) settings = settings with { LearningRate = StudyLearningRate(settings) };
        return settings;
    }

    /// <summary>The default learning rate of each optimizer (the study's, PNAS 2020 Materials and Methods).</summary>
    public static double StudyLearningRate(OptimizerSettings settings) => StudyProtocol.LearningRate(settings.Kind);

    static T Parse<T>(string option, string text, Func<string, T> parse)
    {
        try { return parse(text); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CliUsageException($"{option}: {e.Message}");
        }
    }
}
