// Regressions for CLI values and runs a fuzzer broke: an overflowing duration, an MSE that overflows
// to ∞ on finite data, outputs checked only after training, two runs on one --out. Each is now one
// line naming the option or file, with the documented exit code.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Formats;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class ReliabilityCliTests
{
    static readonly string[] Tiny = ["--depth", "1", "--width", "8", "--optimizer", "adam", "--lr", "0.001", "--threads", "1"];

    [Theory]
    [InlineData("99999999999999999999h", "--time-budget '99999999999999999999h': too long (at most 876600h)")]
    [InlineData("9999999999999999999999999999s", "--time-budget '9999999999999999999999999999s': too long (at most 876600h)")]
    [InlineData("876599h60m1s", "--time-budget '876599h60m1s': too long (at most 876600h)")]
    public void Bug_a_huge_time_budget_overflowed_TimeSpan_with_a_stack_trace(string budget, string expected)
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(["train", "--data", "builtin:digits", "--out", dir.File("m.safetensors"), "--time-budget", budget, .. Tiny]);
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal($"mnemos train: {expected}", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Bug_finite_data_whose_MSE_overflows_failed_in_the_JSON_writer()
    {
        // 3e38 is a finite float, but (3e38)² overflows float: the very first loss is ∞.
        using var dir = new TempDirectory();
        var data = new Matrix(4, 5);
        Array.Fill(data.Data, 3e38f);
        string npy = dir.File("huge.npy"), model = dir.File("m.safetensors");
        Npy.Write(npy, data);
        var run = CliRunner.Run(["train", "--data", npy, "--out", model, "--json", "--max-epochs", "3", .. Tiny]);
        Assert.True(run.ExitCode == CliApp.Diverged, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("diverged", json.RootElement.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("final_mse").ValueKind);
        Assert.Contains("(diverged); resuming will not help", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void An_output_path_that_is_a_folder_is_refused_before_training()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        Directory.CreateDirectory(model);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = CliRunner.Run(["train", "--data", "builtin:digits", "--out", model, "--max-epochs", "100000", "--target-mse", "0", .. Tiny]);
        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.Equal($"mnemos train: '{model}' is a folder, not a file", Assert.Single(run.ErrorLines));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the refusal came after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_second_run_on_the_same_out_is_refused_naming_the_holder()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        using var stop = new CancellationTokenSource();
        var first = Task.Run(() => CliRunner.Run(stop.Token,
            ["train", "--data", "builtin:digits", "--out", model, "--max-epochs", "100000000", "--target-mse", "0", .. Tiny]));
        // The first run holds the lock from before its first epoch until it has written its files.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(RunLock.PathFor(checkpoint)) && DateTime.UtcNow < deadline && !first.IsCompleted) await Task.Delay(20);
        Assert.True(File.Exists(RunLock.PathFor(checkpoint)), "the first run never took its lock");

        var second = CliRunner.Run(["train", "--data", "builtin:digits", "--out", model, .. Tiny]);
        stop.Cancel();
        var firstRun = await first;

        Assert.Equal(CliApp.RunError, second.ExitCode);
        Assert.Equal($"mnemos train: '{checkpoint}' is in use by another run (process {Environment.ProcessId}@{Environment.MachineName}, lock '{RunLock.PathFor(checkpoint)}'): wait for it to finish or give this run another --out or --checkpoint",
            Assert.Single(second.ErrorLines));
        Assert.Equal(CliApp.Cancelled, firstRun.ExitCode);
        // The first run's files are its own, and its lock is gone with it.
        Assert.True(File.Exists(checkpoint), firstRun.ToString());
        Assert.False(File.Exists(RunLock.PathFor(checkpoint)));
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(["train", "--data", "builtin:digits", "--out", model, "--resume", checkpoint, "--max-epochs", "1", "--target-mse", "0", .. Tiny]).ExitCode);
    }

    [Fact]
    public void Bug_a_damaged_checkpoint_with_finite_but_absurd_weights_was_reported_only_as_diverged()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(["train", "--data", "builtin:digits", "--out", model, "--max-epochs", "5", "--target-mse", "0", .. Tiny]).ExitCode);
        // Every weight 1e19: finite, so the file loads, but f(x) overflows float on the first forward pass.
        var file = Safetensors.Read(checkpoint);
        var tensors = file.Tensors.ToDictionary(t => t.Key, t => t.Key.StartsWith("layers.", StringComparison.Ordinal)
            ? TensorEntry.F32(t.Value.Shape, Enumerable.Repeat(1e19f, t.Value.Data.Length).ToArray()) : t.Value);
        Safetensors.Write(checkpoint, file with { Tensors = tensors });

        var run = CliRunner.Run(["train", "--data", "builtin:digits", "--out", model, "--resume", checkpoint, "--max-epochs", "10", "--target-mse", "0", .. Tiny]);
        Assert.Equal(CliApp.Diverged, run.ExitCode);
        Assert.EndsWith($"(diverged); the weights of --resume '{checkpoint}' give a non-finite loss on this data before any step: the checkpoint may be damaged",
            Assert.Single(run.ErrorLines, l => l.StartsWith("stopped at", StringComparison.Ordinal)));
    }
}
