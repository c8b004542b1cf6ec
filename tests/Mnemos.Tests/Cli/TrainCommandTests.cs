// mnemos train end to end: trains and saves a model that loads, reports JSON, resumes from its
// checkpoint bit-identically, and turns bad options into one clear line and a non-zero exit.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Cli;

public class TrainCommandTests
{
    static readonly string[] SmallNet =
        ["--depth", "2", "--width", "48", "--activation", "cosid", "--optimizer", "adam", "--lr", "0.001", "--threads", "1"];

    static string[] Train(string data, string output, params string[] extra) =>
        ["train", "--data", data, "--out", output, .. SmallNet, .. extra];

    [Fact]
    public void Training_builtin_data_to_the_target_writes_a_model_and_a_json_summary()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        var run = CliRunner.Run(Train("builtin:random16", model, "--json", "--seed", "3"));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("converged", json.RootElement.GetProperty("stop_reason").GetString());
        double mse = json.RootElement.GetProperty("final_mse").GetDouble();
        Assert.True(mse <= 1e-8, $"final mse {mse}");

        var saved = ModelFile.Load(model);
        Assert.Equal(48, saved.Model.Spec.Width);
        Assert.Equal("converged", saved.Metadata.Training["stop_reason"]);
        Assert.Equal(DataFingerprint.Of(Mnemos.Data.BuiltinData.Load("random16")), saved.Metadata.Data);
        Assert.Equal(saved.Metadata.LossHistory[^1].Epoch, json.RootElement.GetProperty("epochs").GetInt64());
        Assert.False(File.Exists(TrainCommand.DefaultCheckpointPath(model)), "a converged run leaves no checkpoint");
    }

    [Fact]
    public void A_run_stopped_early_and_resumed_ends_identical_to_one_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        string straight = dir.File("straight.safetensors"), split = dir.File("split.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Train("builtin:digits", straight, "--max-epochs", "300", "--target-mse", "0")).ExitCode);

        var first = CliRunner.Run(Train("builtin:digits", split, "--max-epochs", "120", "--target-mse", "0"));
        Assert.True(first.ExitCode == CliApp.StoppedShort, first.ToString());
        string checkpoint = TrainCommand.DefaultCheckpointPath(split);
        Assert.Contains($"--resume {checkpoint}", first.Out);
        // Settings come back from the checkpoint: only the data, output and stopping rules are given again.
        var second = CliRunner.Run("train", "--data", "builtin:digits", "--out", split, "--resume", checkpoint,
            "--max-epochs", "300", "--target-mse", "0", "--threads", "1");
        Assert.True(second.ExitCode == CliApp.StoppedShort, second.ToString());

        var a = ModelFile.Load(straight);
        var b = ModelFile.Load(split);
        Assert.Equal(a.Model.Parameters, b.Model.Parameters);
        Assert.Equal(a.Metadata.LossHistory, b.Metadata.LossHistory);
    }

    [Fact]
    public void Resume_refuses_other_data_and_other_settings()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Train("builtin:digits", model, "--max-epochs", "5", "--target-mse", "0")).ExitCode);
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);

        var otherWidth = CliRunner.Run("train", "--data", "builtin:digits", "--resume", checkpoint, "--width", "64", "--out", model);
        Assert.Equal(CliApp.UsageError, otherWidth.ExitCode);
        Assert.Contains("width: 48 vs 64", otherWidth.Error);

        string other = dir.File("other.npy");
        var data = Mnemos.Data.BuiltinData.Load("digits").Clone();
        data[0, 0] = 0.5f;
        Npy.Write(other, data);
        var otherData = CliRunner.Run("train", "--data", other, "--resume", checkpoint, "--out", model);
        Assert.Equal(CliApp.UsageError, otherData.ExitCode);
        Assert.Contains("other data", otherData.Error);
    }

    [Fact]
    public void Npy_data_and_sequence_encoding_train_to_the_target()
    {
        using var dir = new TempDirectory();
        var data = new Matrix(6, 8);
        new Rng(5).FillUniform(data.Data, 0, 1);
        string npy = dir.File("seq.npy"), model = dir.File("seq.safetensors");
        Npy.Write(npy, data);

        var run = CliRunner.Run(Train(npy, model, "--cycle-length", "3", "--json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var saved = ModelFile.Load(model);
        Assert.Equal("sequence", saved.Metadata.Training["task"]);
        // f maps row 2 to row 0 (end of the first cycle wraps around), checked with the saved model.
        var setup = TrainingSetup.FromMetadata(saved.Model.Spec, saved.Metadata.Training);
        Assert.Equal(3, setup.CycleLength);
        var y = saved.Model.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance, data.Row(2).ToArray(), new Mnemos.Nn.MlpWorkspace(saved.Model.Spec, 1));
        for (int j = 0; j < 8; j++) Assert.True(Math.Abs(y[j] - data[0, j]) < 1e-3, $"f(x2)[{j}] = {y[j]}, x0[{j}] = {data[0, j]}");
    }

    [Theory]
    [InlineData(new[] { "--width", "0" }, "--width 0: must be at least 1")]
    [InlineData(new[] { "--depth", "-1" }, "--depth -1: must be at least 0")]
    [InlineData(new[] { "--activation", "gelu" }, "unknown activation 'gelu'")]
    [InlineData(new[] { "--optimizer", "lbfgs" }, "lbfgs")]
    [InlineData(new[] { "--init", "uniform:-1" }, "--init")]
    [InlineData(new[] { "--lr", "0" }, "--lr 0: must be greater than 0")]
    [InlineData(new[] { "--time-budget", "soon" }, "--time-budget 'soon'")]
    [InlineData(new[] { "--threads", "0" }, "--threads 0: must be at least 1")]
    public void Bad_options_give_one_line_naming_the_value_and_exit_2(string[] extra, string expected)
    {
        var run = CliRunner.Run(["train", "--data", "builtin:digits", "--out", Path.Combine(Path.GetTempPath(), "never.safetensors"), .. extra]);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData("missing.npy", "data file")]
    [InlineData("builtin:nothing", "unknown built-in dataset 'nothing'")]
    [InlineData("data.xlsx", "unsupported file type '.xlsx'")]
    public void Bad_data_gives_one_line_and_exit_1(string data, string expected)
    {
        using var dir = new TempDirectory();
        string path = data.StartsWith("builtin:") ? data : dir.File(data);
        if (data.EndsWith(".xlsx")) File.WriteAllText(path, "1,2\n");
        var run = CliRunner.Run(Train(path, dir.File("m.safetensors")));
        Assert.True(run.ExitCode == CliApp.RunError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain(dir.Entries(), e => e.EndsWith(".safetensors"));
    }

    [Fact]
    public void A_minimum_length_trains_past_the_target_and_a_minimum_above_the_maximum_is_one_line()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        var run = CliRunner.Run(Train("builtin:random16", model, "--json", "--target-mse", "0.5", "--min-epochs", "40"));
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("converged", json.RootElement.GetProperty("stop_reason").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("epochs").GetInt64());

        var bad = CliRunner.Run(Train("builtin:random16", dir.File("never.safetensors"), "--max-epochs", "10", "--min-epochs", "11"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Single(bad.ErrorLines);
        Assert.Contains("min epochs 11: must be in [0, max epochs 10]", bad.Error);
    }

    [Fact]
    public void Missing_output_folders_are_created()
    {
        using var dir = new TempDirectory();
        string model = Path.Combine(dir.Path, "runs", "deeper", "m.safetensors");
        var run = CliRunner.Run(Train("builtin:random16", model, "--max-epochs", "3", "--target-mse", "0"));
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        Assert.True(File.Exists(model));
        Assert.True(File.Exists(TrainCommand.DefaultCheckpointPath(model)));
    }

    [Fact]
    public void A_cycle_length_that_does_not_divide_the_data_is_named()
    {
        var run = CliRunner.Run(Train("builtin:digits", Path.Combine(Path.GetTempPath(), "never.safetensors"), "--cycle-length", "3"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("cycle length 3 does not divide the 10 examples", run.Error);
    }
}
