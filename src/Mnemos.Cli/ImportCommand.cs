// mnemos import: a network trained elsewhere (a PyTorch state dict of an nn.Sequential of Linear
// layers, saved as safetensors) plus the examples it was trained to store become a memory file,
// through the same pipeline store runs after training (MemoryBuilder: locate x̂ᵢ next to every
// example or cycle, certify it, decide its status), without training. recall, certify and probe
// then read the result like any stored memory.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Training;

namespace Mnemos.Cli;

static class ImportCommand
{
    sealed class Options
    {
        public readonly Option<string> Model = new("--model")
        {
            Description = "PyTorch state dict (safetensors) of an nn.Sequential of Linear layers: keys 0.weight, 0.bias, 2.weight, … or with a prefix such as layers.0.weight; F32 or F64.",
            Required = true,
        };
        public readonly Option<string> Data = new("--data") { Description = $"The examples the network was trained to store, one per row: {DataSource.Forms}.", Required = true };
        public readonly Option<string?> Activation = new("--activation")
        {
            Description = $"Activation between the Linear layers: {string.Join(", ", Activations.Names)}. Required unless the file names it (files from 'mnemos export' do).",
        };
        public readonly Option<string> Out = new("--out") { Description = "Memory file to write (safetensors: the network, the stored examples, their fixed points and statuses).", DefaultValueFactory = _ => "memory.safetensors" };
        public readonly Option<int> CycleLength = CliOptions.Int("--cycle-length", "The network maps each row to the next: consecutive rows form cycles of this length (0 = autoencoder).", 0, 0);
        public readonly Option<string?> Cycles = new("--cycles") { Description = "The network maps each row to the next of explicit cycles of row indices, e.g. \"0,1,2;3,4,5\" (every row in exactly one cycle)." };
        public readonly Option<double?> Margin = MemoryCli.MarginOption();
        public readonly Option<int> Threads = MemoryCli.ThreadsOption();
        public readonly Option<bool> Json = MemoryCli.JsonOption();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("import",
            "Make a memory from a network trained elsewhere (a PyTorch state dict) and the examples it stores: locate and certify the fixed points like store, without training.");
        foreach (var option in new Option[] { o.Model, o.Data, o.Activation, o.Out, o.CycleLength, o.Cycles, o.Margin, o.Threads, o.Json }) command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string modelPath = parse.GetValue(o.Model)!, dataSource = parse.GetValue(o.Data)!, outPath = parse.GetValue(o.Out)!;
        double margin = parse.GetValue(o.Margin)!.Value;
        int threads = parse.GetValue(o.Threads);
        int cycleLength = parse.GetValue(o.CycleLength);
        int[][]? cycles = null;
        if (parse.GetValue(o.Cycles) is { } cyclesText)
        {
            if (cycleLength > 0) throw new CliUsageException($"--cycle-length {cycleLength} and --cycles '{cyclesText}': give one or the other");
            try { cycles = TrainingSetup.ParseCycles(cyclesText); }
            catch (FormatException e) { throw new CliUsageException($"--cycles: {e.Message}"); }
        }
        if (string.Equals(Path.GetFullPath(modelPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
            throw new CliUsageException($"--out '{outPath}' is the --model file: name another");

        var data = DataSource.Load(dataSource);
        var weights = TorchWeights.Load("--model", modelPath, dataSource, data.Cols);
        var activation = TorchWeights.ChooseActivation(context, weights, modelPath, parse.GetValue(o.Activation), fallback: null);
        var model = weights.ToMlp(activation);
        var task = cycles is not null ? TrainingTask.Sequence(data, cycles)
            : cycleLength > 0 ? TrainingTask.SequenceOfLength(data, cycleLength)
            : TrainingTask.Autoencode(data);
        if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        AtomicFile.CheckWritable(outPath);

        using var gemm = GemmChoice.Create(threads);
        double mse = Mse(model, gemm, task);
        var unlocated = new AssociativeMemory(model, data, task.Cycles);
        context.Error.WriteLine(unlocated.IsSequence
            ? $"locating and certifying the {unlocated.Cycles.Count} stored cycles"
            : $"locating and certifying the fixed points next to {unlocated.Count} stored examples");
        var stored = MemoryBuilder.Build(unlocated, gemm, threads, new CertifyOptions { Margin = margin }, cancellation: context.Host.Cancellation);
        var fingerprint = DataFingerprint.Of(data);
        MemoryFile.Save(outPath, stored.Memory, new ModelMetadata
        {
            Training = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["task"] = task.Kind,
                ["cycle_length"] = cycleLength.ToString(CultureInfo.InvariantCulture),
                ["imported_from"] = modelPath,
                ["data_source"] = dataSource,
                ["data_mse"] = mse.ToString("R", CultureInfo.InvariantCulture),
            },
            Data = fingerprint,
        });

        if (parse.GetValue(o.Json))
        {
            var fields = new Dictionary<string, object?>
            {
                ["out"] = outPath,
                ["imported_from"] = modelPath,
                ["network"] = TorchStateDict.TorchSequential(model.Spec),
                ["depth"] = model.Spec.Depth,
                ["width"] = model.Spec.Width,
                ["bias"] = model.Spec.Bias,
                ["activation"] = activation.Name(),
                ["data"] = new Dictionary<string, object> { ["source"] = dataSource, ["rows"] = data.Rows, ["cols"] = data.Cols, ["sha256"] = fingerprint.Sha256 },
                ["data_mse"] = double.IsFinite(mse) ? mse : null,
                ["memory"] = StatusReport.JsonFields(stored, margin),
            };
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
        }
        else
        {
            context.Out.WriteLine($"imported {modelPath}: {weights.Describe()}, activation {activation.Name()}");
            context.Out.WriteLine($"as torch: {TorchStateDict.TorchSequential(model.Spec)}");
            context.Out.WriteLine($"memory: {outPath}");
            context.Out.WriteLine($"{MemoryCli.Describe(stored.Memory)}, MSE on the data {MemoryCli.Invariant($"{MemoryCli.Number(mse)}")}");
            StatusReport.WriteSummary(context.Out, stored);
        }
        if (!(mse <= TrainerOptions.StudyTargetMse))
            context.Error.WriteLine(MemoryCli.Invariant(
                $"note: the network's MSE on the data is {mse:0.0e0} (store trains to {TrainerOptions.StudyTargetMse:0e0}): examples it does not map onto themselves{(task.Kind == "sequence" ? " (onto their successors)" : "")} are not stored"));
        return 0;
    }

    /// <summary>Mean squared error of the network on the task, over all n·d entries, as training measures it.</summary>
    static double Mse(Mlp model, IGemm gemm, TrainingTask task)
    {
        var workspace = new MlpWorkspace(model.Spec, task.Inputs.Rows);
        var y = model.Forward(gemm, task.Inputs.Data, workspace);
        return VectorOps.SumSquaredDifference(y, task.Targets.Data) / y.Length;
    }
}
