// mnemos export: the network of a memory (or model, or checkpoint) file as a plain PyTorch state
// dict, the keys nn.Sequential(Linear, φ, Linear, φ, …, Linear) loads: 0.weight, 0.bias, 2.weight, …
// docs/pytorch.md has the loader and the torch module of every activation.
using System.CommandLine;
using Mnemos.Storage;

namespace Mnemos.Cli;

static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var memory = new Option<string>("--memory", "--model") { Description = "Memory file written by 'mnemos store' or 'mnemos import' (a model file from 'mnemos train' works too).", Required = true };
        var output = new Option<string>("--out") { Description = "State dict to write (safetensors, F32; keys 0.weight, 0.bias, 2.weight, …).", DefaultValueFactory = _ => "model.safetensors" };
        var command = new Command("export", "Write the network of a memory as a PyTorch state dict of nn.Sequential(Linear, activation, …, Linear); loader in docs/pytorch.md.");
        command.Options.Add(memory);
        command.Options.Add(output);
        command.SetAction(parse => Run(context, parse.GetValue(memory)!, parse.GetValue(output)!));
        return command;
    }

    static int Run(CliContext context, string memoryPath, string outPath)
    {
        if (!File.Exists(memoryPath)) throw new FileNotFoundException($"memory file '{memoryPath}' not found (write one with 'mnemos store' or 'mnemos import')", memoryPath);
        if (string.Equals(Path.GetFullPath(memoryPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
            throw new CliUsageException($"--out '{outPath}' is the --memory file: writing it would replace the memory; name another");
        var model = ModelFile.Load(memoryPath).Model;
        if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        TorchStateDict.Save(outPath, model);
        context.Out.WriteLine($"wrote {outPath}: the state dict of {TorchStateDict.TorchSequential(model.Spec)}");
        context.Out.WriteLine("load it in PyTorch as docs/pytorch.md shows" +
            (model.Spec.Activation is Kernels.Activation.Cosid or Kernels.Activation.Sinusoid ? $" ({TorchStateDict.TorchModule(model.Spec.Activation)} is the small module defined there)" : ""));
        return 0;
    }
}
