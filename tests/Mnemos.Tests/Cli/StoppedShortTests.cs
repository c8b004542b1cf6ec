// A store that stops short of its target says so: the case found by a user (20 random vectors,
// d = 64, a 2 × 64 network, 5 epochs) must report 0 stored, exit with the documented code, keep its
// memory and checkpoint, and recall must not call anything recovered; options that cannot be meant
// are refused before training.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class StoppedShortTests
{
    static string RandomVectors(TempDirectory dir)
    {
        var data = new Matrix(20, 64);
        new Rng(11).FillUniform(data.Data, 0, 1);
        string path = dir.File("random.npy");
        Npy.Write(path, data);
        return path;
    }

    static string[] Store(string data, string output, params string[] extra) =>
        ["store", "--data", data, "--out", output, "--depth", "2", "--width", "64", "--threads", "1", "--max-epochs", "5", .. extra];

    [Fact]
    public void A_store_stopped_at_the_epoch_limit_reports_nothing_stored_and_exits_3_keeping_its_files()
    {
        using var dir = new TempDirectory();
        string memoryPath = dir.File("m.safetensors");
        var run = CliRunner.Run(Store(RandomVectors(dir), memoryPath));

        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        string checkpoint = TrainCommand.DefaultCheckpointPath(memoryPath);
        Assert.Contains(run.ErrorLines, l => l.StartsWith("stopped at MSE ") && l.Contains("(target 1e-8) after 5 epochs (epoch limit): 0 of 20 examples stored")
            && l.EndsWith($"continue with --resume {checkpoint}"));
        Assert.True(File.Exists(memoryPath), "the memory file is written");
        Assert.True(File.Exists(checkpoint), "the checkpoint is kept");
        Assert.Matches(@"not stored +20", run.Out);

        var memory = MemoryFile.Load(memoryPath).Memory;
        Assert.All(memory.StoredRows!, Assert.False);
    }

    [Fact]
    public void Json_says_not_converged_and_counts_every_example_not_stored()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Store(RandomVectors(dir), dir.File("m.safetensors"), "--json"));
        Assert.Equal(CliApp.StoppedShort, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.False(json.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal("max_epochs", json.RootElement.GetProperty("stop_reason").GetString());
        var memory = json.RootElement.GetProperty("memory");
        Assert.Equal(0, memory.GetProperty("stored").GetInt32());
        Assert.Equal(20, memory.GetProperty("counts").GetProperty("not_stored").GetInt32());
        // Every fixed point is far from its example or shared: none is claimed.
        foreach (var unit in memory.GetProperty("units").EnumerateArray())
            Assert.Contains(unit.GetProperty("failure").GetString(), new[] { "no_fixed_point", "too_far", "nearer_other", "shared" });
    }

    [Fact]
    public void Recall_from_a_memory_that_stores_nothing_recovers_nothing()
    {
        using var dir = new TempDirectory();
        string memoryPath = dir.File("m.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(RandomVectors(dir), memoryPath)).ExitCode);
        var run = CliRunner.Run("recall", "--model", memoryPath, "--data", "stored", "--corrupt", "gaussian:0.05", "--json", "--threads", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("stored_example").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("recovered").GetInt32());
        Assert.Equal("stored", json.RootElement.GetProperty("truth").GetString());
    }

    [Fact]
    public void A_train_stopped_at_the_epoch_limit_exits_3_with_one_line_saying_how_to_go_on()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        var run = CliRunner.Run("train", "--data", "builtin:digits", "--out", model, "--depth", "1", "--width", "8", "--threads", "1", "--max-epochs", "3");
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        var line = Assert.Single(run.ErrorLines, l => l.StartsWith("stopped at MSE"));
        Assert.Matches(@"^stopped at MSE \d\.\de-?\d+ \(target 1e-8\) after 3 epochs \(epoch limit\); continue with --resume ", line);
        Assert.EndsWith(checkpoint, line);
        Assert.True(File.Exists(model) && File.Exists(checkpoint));
    }

    [Fact]
    public void A_diverging_run_exits_4_and_says_resuming_will_not_help()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        var run = CliRunner.Run("train", "--data", "builtin:digits", "--out", model, "--depth", "1", "--width", "8", "--threads", "1",
            "--optimizer", "sgd", "--lr", "1e6", "--max-epochs", "50");
        Assert.True(run.ExitCode == CliApp.Diverged, run.ToString());
        Assert.Contains(run.ErrorLines, l => l.StartsWith("stopped at MSE") && l.Contains("(diverged); resuming will not help"));
        Assert.True(File.Exists(model), "the last finite weights are written");
    }

    [Fact]
    public void A_store_cancelled_during_training_keeps_its_checkpoint_and_exits_130()
    {
        using var dir = new TempDirectory();
        string memoryPath = dir.File("m.safetensors");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var run = CliRunner.Run(cancel.Token, Store("builtin:digits", memoryPath));
        Assert.True(run.ExitCode == CliApp.Cancelled, run.ToString());
        string checkpoint = TrainCommand.DefaultCheckpointPath(memoryPath);
        Assert.Contains(run.ErrorLines, l => l == $"mnemos store: cancelled at epoch 0; nothing stored yet, training kept in {checkpoint} (continue with --resume {checkpoint})");
        Assert.True(File.Exists(checkpoint));
    }

    [Fact]
    public void A_checkpoint_path_equal_to_the_output_is_refused_before_training()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var run = CliRunner.Run(Store("builtin:digits", path, "--checkpoint", path));
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains($"--checkpoint '{path}' is the --out file", run.Error);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("store")]
    [InlineData("certify")]
    public void A_margin_of_one_or_more_is_refused(string command)
    {
        string[] args = command == "store"
            ? Store("builtin:digits", Path.Combine(Path.GetTempPath(), "never.safetensors"), "--margin", "1")
            : ["certify", "--model", "never.safetensors", "--margin", "1.5"];
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(": must be below 1 (at 1 or above no spectral radius could be certified an attractor)", run.Error);
    }
}
