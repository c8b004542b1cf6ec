// mnemos import, mnemos export and train --init-from against PyTorch (golden files from
// scripts/torch_state_dict_golden.py): a memory trained in torch imports, certifies, recalls and
// probes; export then import gives back the same network and the same memory; training from
// torch's initial weights follows torch's Adam step by step; what cannot be mapped is one line.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

[Collection(StoredMemoriesCollection.Name)]
public class ImportExportCommandTests(StoredMemories memories)
{
    static string GoldenFile(string name) => Golden.File("Storage", name);

    // Both sides train in float32 from the same weights with their own summation orders; over 20 Adam
    // steps of lr 1e-3 the weights differ by ~1e-7 (measured) and the losses by ~1e-7 relative.
    const double StepWeightTolerance = 1e-6, StepLossRelativeTolerance = 1e-5;

    static readonly string TorchTrained = GoldenFile("torch_selu_trained.safetensors"), TorchExamples = GoldenFile("torch_selu_examples.npy");

    static string[] Import(string model, string data, string output, params string[] extra) =>
        ["import", "--model", model, "--data", data, "--out", output, "--threads", "1", .. extra];

    [Fact]
    public void A_memory_trained_in_torch_imports_and_certify_recall_and_probe_read_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("memory.safetensors");
        var run = CliRunner.Run(Import(TorchTrained, TorchExamples, path, "--activation", "selu", "--json"));
        Assert.True(run.ExitCode == 0, run.ToString());

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("nn.Sequential(nn.Linear(8, 16), nn.SELU(), nn.Linear(16, 16), nn.SELU(), nn.Linear(16, 8))", root.GetProperty("network").GetString());
        Assert.True(root.GetProperty("data_mse").GetDouble() <= 1e-9);
        var report = root.GetProperty("memory");
        // torch trained it to MSE 1e-9: every example has its fixed point next to it.
        Assert.Equal(4, report.GetProperty("stored").GetInt32());

        var (memory, metadata) = MemoryFile.Load(path);
        var torch = Safetensors.Read(TorchTrained);
        Assert.Equal(torch.Tensors["layers.0.weight"].Data, memory.Model.Weight(0).ToArray());
        Assert.Equal(torch.Tensors["layers.5.bias"].Data, memory.Model.Bias(2).ToArray());
        Assert.Equal(Npy.Read(TorchExamples).Data, memory.Examples.Data);
        Assert.Equal(TorchTrained, metadata.Training["imported_from"]);
        Assert.Equal("autoencode", metadata.Training["task"]);
        var radii = report.GetProperty("spectral_radii").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(radii, memory.SpectralRadii);

        var certify = CliRunner.Run("certify", "--model", path, "--threads", "1", "--json");
        Assert.True(certify.ExitCode == 0, certify.ToString());
        int[] attractors;
        using (var certified = JsonDocument.Parse(certify.Out))
        {
            Assert.Equal(4, certified.RootElement.GetProperty("stored").GetInt32());
            Assert.Equal(radii, certified.RootElement.GetProperty("spectral_radii").EnumerateArray().Select(e => e.GetDouble()));
            attractors = certified.RootElement.GetProperty("units").EnumerateArray()
                .Where(u => u.GetProperty("status").GetString() == "stored_attractor").Select(u => u.GetProperty("example").GetInt32()).ToArray();
        }
        Assert.NotEmpty(attractors);
        var recall = CliRunner.Run("recall", "--model", path, "--data", "stored", "--threads", "1", "--json");
        Assert.True(recall.ExitCode == 0, recall.ToString());
        using (var recalled = JsonDocument.Parse(recall.Out))
        {
            // Started at the examples themselves, the attractors' examples come back; the others (ρ > 1) drift away.
            var back = recalled.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("outcome").GetString() == "stored_example").Select(r => r.GetProperty("input").GetInt32());
            Assert.Equal(attractors, back);
        }
        var probe = CliRunner.Run("probe", "--model", path, "--data", "gaussian", "--count", "20", "--threads", "1");
        Assert.True(probe.ExitCode == 0, probe.ToString());
    }

    [Fact]
    public void Import_prints_the_network_as_torch_and_the_status_summary()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Import(TorchTrained, TorchExamples, dir.File("m.safetensors"), "--activation", "selu"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 Linear layers 8 → 16 → 16 → 8 (layers.0, layers.3, layers.5; with biases), activation selu", run.Out);
        Assert.Contains("4 examples, d = 8, MSE on the data", run.Out);
        Assert.Contains("not stored                         0", run.Out);
        Assert.DoesNotContain("note:", run.Error);
    }

    [Fact]
    public void An_untrained_network_imports_with_a_note_that_nothing_is_stored()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Import(GoldenFile("torch_selu_init.safetensors"), TorchExamples, dir.File("m.safetensors"), "--activation", "selu", "--json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(0, json.RootElement.GetProperty("memory").GetProperty("stored").GetInt32());
        Assert.Contains("note: the network's MSE on the data is", run.Error);
    }

    [Fact]
    public void Export_then_import_gives_the_same_network_and_the_same_memory()
    {
        using var dir = new TempDirectory();
        string exported = dir.File("model.safetensors"), again = dir.File("again.safetensors");
        var export = CliRunner.Run("export", "--memory", memories.Autoencoder, "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("nn.Sequential(nn.Linear(35, 64), nn.LeakyReLU(0.01), nn.Linear(64, 64), nn.LeakyReLU(0.01), nn.Linear(64, 35))", export.Out);

        var file = Safetensors.Read(exported);
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"], file.Tensors.Keys.Order(StringComparer.Ordinal));
        var original = memories.Load(memories.Autoencoder);
        Assert.Equal(original.Model.Parameters, TorchStateDict.Load(exported).ToMlp(original.Model.Spec.Activation).Parameters);

        // The file names its activation, so import needs no --activation.
        var import = CliRunner.Run(Import(exported, "builtin:digits", again));
        Assert.True(import.ExitCode == 0, import.ToString());
        var imported = memories.Load(again);
        Assert.Equal(original.Model.Spec, imported.Model.Spec);
        Assert.Equal(original.Model.Parameters, imported.Model.Parameters);
        Assert.Equal(original.Anchors.Data, imported.Anchors.Data);
        Assert.Equal(original.SpectralRadii, imported.SpectralRadii);
        Assert.Equal(original.StoredRows, imported.StoredRows);
    }

    [Fact]
    public void A_sequence_memory_exports_and_imports_with_its_cycles()
    {
        using var dir = new TempDirectory();
        string exported = dir.File("model.safetensors"), again = dir.File("again.safetensors");
        Assert.Equal(0, CliRunner.Run("export", "--model", memories.Sequence, "--out", exported).ExitCode);
        var run = CliRunner.Run(Import(exported, "builtin:digits", again, "--cycles", StoredMemories.Cycles));
        Assert.True(run.ExitCode == 0, run.ToString());
        var original = memories.Load(memories.Sequence);
        var imported = memories.Load(again);
        Assert.Equal(original.Cycles, imported.Cycles);
        Assert.Equal(original.Anchors.Data, imported.Anchors.Data);
        Assert.Equal(original.StoredRows, imported.StoredRows);
    }

    [Fact]
    public void Training_from_torch_initial_weights_follows_torch_adam_step_by_step()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        var run = CliRunner.Run("train", "--data", TorchExamples, "--init-from", GoldenFile("torch_selu_init.safetensors"), "--activation", "selu",
            "--optimizer", "adam", "--lr", "1e-3", "--max-epochs", "20", "--target-mse", "0", "--threads", "1", "--out", path);
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        Assert.Contains("starting from the weights in", run.Error);

        var saved = ModelFile.Load(path);
        Assert.Equal("file", saved.Metadata.Training["init"]);
        Assert.EndsWith("torch_selu_init.safetensors", saved.Metadata.Training["init_from"]);
        // The loss before each of torch's 20 steps and after the last, against Mnemos's epochs 0..20.
        var torchLosses = Npy.Read(GoldenFile("torch_selu_adam20.losses.npy")).Data;
        Assert.Equal(Enumerable.Range(0, 21).Select(e => (long)e), saved.Metadata.LossHistory.Select(p => p.Epoch));
        foreach (var (epoch, loss) in saved.Metadata.LossHistory)
            Assert.True(Math.Abs(loss - torchLosses[epoch]) <= StepLossRelativeTolerance * torchLosses[epoch], $"epoch {epoch}: Mnemos {loss:R}, torch {torchLosses[epoch]:R}");
        var torch = TorchStateDict.Load(GoldenFile("torch_selu_adam20.safetensors")).ToMlp(Mnemos.Kernels.Activation.Selu);
        for (int i = 0; i < torch.Parameters.Length; i++)
            Assert.True(Math.Abs(saved.Model.Parameters[i] - torch.Parameters[i]) <= StepWeightTolerance, $"parameter {i}: Mnemos {saved.Model.Parameters[i]:R}, torch {torch.Parameters[i]:R}");
    }

    [Theory]
    [InlineData(new[] { "--depth", "3" }, "--depth 3, but")]
    [InlineData(new[] { "--width", "64" }, "--width 64, but the hidden layers of")]
    [InlineData(new[] { "--no-bias" }, "--no-bias, but")]
    [InlineData(new[] { "--init", "xavier-uniform" }, "the starting weights come from the file; drop --init")]
    [InlineData(new[] { "--resume", "run.ckpt.safetensors" }, "a resumed run continues from the checkpoint's weights; drop --init-from")]
    public void Init_from_options_that_contradict_the_file_give_one_line_and_exit_2(string[] extra, string expected)
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(["train", "--data", TorchExamples, "--init-from", GoldenFile("torch_selu_init.safetensors"), "--activation", "selu",
            "--out", dir.File("m.safetensors"), .. extra]);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public void Init_from_weights_of_another_dimension_than_the_data_is_one_line()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("train", "--data", "builtin:digits", "--init-from", GoldenFile("torch_selu_init.safetensors"), "--out", dir.File("m.safetensors"));
        Assert.True(run.ExitCode == CliApp.RunError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("layers.0.weight takes 8 inputs but the data 'builtin:digits' has 35 values per row", run.Error);
    }

    [Fact]
    public void Import_without_an_activation_for_a_torch_file_asks_for_one()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Import(TorchTrained, TorchExamples, dir.File("m.safetensors")));
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("--activation is required", run.Error);
        Assert.Empty(dir.Entries());
    }

    public static TheoryData<string, Dictionary<string, TensorEntry>, string> BadFiles => new()
    {
        { "non-square", new() { ["0.weight"] = Zeros(16, 8), ["0.bias"] = Zeros(16), ["2.weight"] = Zeros(6, 16), ["2.bias"] = Zeros(6) },
            "2.weight has 6 outputs but 0.weight takes 8 inputs: a memory maps R^d → R^d" },
        { "missing bias", new() { ["0.weight"] = Zeros(16, 8), ["0.bias"] = Zeros(16), ["2.weight"] = Zeros(8, 16) }, "2.bias is missing" },
        { "unknown key", new() { ["0.weight"] = Zeros(8, 8), ["1.running_var"] = Zeros(8) }, "1.running_var is not the weight or bias of a Linear layer" },
        { "f16", new() { ["0.weight"] = new("F16", [8, 8], new float[64]) }, "0.weight has dtype F16" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Import_of_a_state_dict_it_cannot_map_is_one_line_naming_the_tensor(string what, Dictionary<string, TensorEntry> tensors, string expected)
    {
        using var dir = new TempDirectory();
        string model = dir.File("model.safetensors"), output = dir.File("m.safetensors");
        WriteRaw(model, tensors);
        var run = CliRunner.Run(Import(model, TorchExamples, output, "--activation", "tanh"));
        Assert.True(run.ExitCode == CliApp.RunError, $"{what}: {run}");
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
        Assert.StartsWith($"mnemos import: {model}: ", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Export_refuses_to_overwrite_the_memory_and_names_a_missing_one()
    {
        using var dir = new TempDirectory();
        var same = CliRunner.Run("export", "--memory", memories.Autoencoder, "--out", memories.Autoencoder);
        Assert.True(same.ExitCode == CliApp.UsageError, same.ToString());
        Assert.Single(same.ErrorLines);
        var missing = CliRunner.Run("export", "--memory", dir.File("none.safetensors"), "--out", dir.File("out.safetensors"));
        Assert.True(missing.ExitCode == CliApp.RunError, missing.ToString());
        Assert.Contains("memory file", missing.Error);
        Assert.Single(missing.ErrorLines);
    }

    static TensorEntry Zeros(params int[] shape) => TensorEntry.F32(shape, new float[shape.Aggregate(1, (a, b) => a * b)]);

    /// <summary>A safetensors file holding the tensors in their own dtypes (Safetensors.Write writes F32 only).</summary>
    static void WriteRaw(string path, Dictionary<string, TensorEntry> tensors)
    {
        var header = new Dictionary<string, object>();
        var data = new MemoryStream();
        foreach (var (name, entry) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            // Zeros only, so every dtype's bytes are zero bytes.
            Assert.All(entry.Data, v => Assert.Equal(0f, v));
            int size = entry.DType == "F16" ? 2 : 4;
            data.Write(new byte[entry.Data.Length * size]);
            header[name] = new { dtype = entry.DType, shape = entry.Shape, data_offsets = new[] { data.Length - entry.Data.Length * size, data.Length } };
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(data.ToArray());
    }
}
