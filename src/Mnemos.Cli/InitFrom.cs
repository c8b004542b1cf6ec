// train --init-from (and store --init-from): the run starts from the weights of a PyTorch state dict
// or Mnemos model file instead of drawing them, e.g. from PyTorch's own initialization, so a run can
// be compared step by step with PyTorch's from identical weights. Depth, width and biases come from
// the file; options that say otherwise are refused with one line, and so are --init and --resume.
using System.CommandLine;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Training;

namespace Mnemos.Cli;

static class InitFrom
{
    /// <summary>The network in <paramref name="path"/> and the run's setup with the file's architecture.</summary>
    public static (Mlp Model, TrainingSetup Setup) Load(CliContext context, TrainOptions o, ParseResult parse, string path, string dataSource, int dataCols)
    {
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        if (Given(o.Init))
            throw new CliUsageException($"--init-from '{path}' and --init '{parse.GetValue(o.Init)}': the starting weights come from the file; drop --init");
        var setup = o.Setup(parse, dataCols, baseline: null);
        var weights = TorchWeights.Load("--init-from", path, dataSource, dataCols);
        string layers = $"{weights.Depth} hidden layer{(weights.Depth == 1 ? "" : "s")}";
        if (Given(o.Depth) && parse.GetValue(o.Depth) != weights.Depth)
            throw new CliUsageException($"--depth {parse.GetValue(o.Depth)}, but '{path}' has {layers} ({weights.Describe()}): drop --depth or match it");
        if (Given(o.Width) && weights.Depth > 0 && parse.GetValue(o.Width) != weights.Width)
            throw new CliUsageException($"--width {parse.GetValue(o.Width)}, but the hidden layers of '{path}' have width {weights.Width} ({weights.Describe()}): drop --width or match it");
        if (parse.GetValue(o.NoBias) && weights.Bias)
            throw new CliUsageException($"--no-bias, but '{path}' has biases ({weights.Describe()}): drop --no-bias");
        string? given = Given(o.Activation) ? parse.GetValue(o.Activation) : null;
        var activation = TorchWeights.ChooseActivation(context, weights, path, given, fallback: setup.Spec.Activation);
        setup = setup with { Spec = weights.Spec(activation) };
        try { setup.Validate(); }
        catch (ArgumentException e) { throw new CliUsageException($"--init-from '{path}': {e.Message}"); }
        context.Error.WriteLine($"starting from the weights in '{path}': {weights.Describe()}, activation {activation.Name()}");
        return (weights.ToMlp(activation), setup);
    }
}
