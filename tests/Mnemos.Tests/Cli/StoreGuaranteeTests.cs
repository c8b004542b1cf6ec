// store --guarantee: the ten digit glyphs in 4 × 128 SELU (plain training to 1e-6 leaves 4 of 10
// attractors, ConsolidationTests) end all ten certified attractors with exit 0 and the consolidation
// in the JSON and the memory file's metadata; a capped consolidation exits 3 and says so; a
// hand-over below the target is refused before training.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class StoreGuaranteeTests
{
    static string[] Store(string output, params string[] extra) =>
        ["store", "--data", "builtin:digits", "--out", output, "--depth", "4", "--width", "128", "--activation", "selu",
         "--target-mse", "1e-6", "--threads", "1", "--guarantee", "--guarantee-from", "1e-3", "--json", .. extra];

    [Fact]
    public void Every_digit_ends_a_certified_attractor_with_exit_0()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var run = CliRunner.Run(Store(path));
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("converged").GetBoolean());
        Assert.Equal(10, root.GetProperty("memory").GetProperty("counts").GetProperty("stored_attractor").GetInt32());
        var consolidation = root.GetProperty("consolidation");
        Assert.True(consolidation.GetProperty("consolidated").GetBoolean());
        var rounds = consolidation.GetProperty("rounds").EnumerateArray().ToArray();
        Assert.True(rounds[0].GetProperty("passed").GetInt32() < 10, "the first check finds digits to consolidate");
        Assert.True(rounds[^1].GetProperty("finished").GetBoolean());
        Assert.Contains(run.ErrorLines, l => l.StartsWith("consolidating from MSE "));

        var saved = MemoryFile.Load(path);
        Assert.Equal("true", saved.Metadata.Training!["consolidated"]);
        Assert.All(saved.Memory.StoredRows!, Assert.True);
        Assert.False(File.Exists(TrainCommand.DefaultCheckpointPath(path)), "a finished run drops its checkpoint");
    }

    [Fact]
    public void A_capped_consolidation_exits_3_and_keeps_the_checkpoint_of_plain_training()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var run = CliRunner.Run(Store(path, "--guarantee-epochs", "50"));
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.False(json.RootElement.GetProperty("converged").GetBoolean());
        Assert.False(json.RootElement.GetProperty("consolidation").GetProperty("consolidated").GetBoolean());
        Assert.Contains(run.ErrorLines, l => l.StartsWith("stopped at MSE ") && l.Contains("(target 1e-6)"));
        Assert.True(File.Exists(TrainCommand.DefaultCheckpointPath(path)));
    }

    [Fact]
    public void A_hand_over_below_the_target_is_refused_before_training()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("store", "--data", "builtin:digits", "--out", dir.File("m.safetensors"), "--target-mse", "1e-6",
            "--guarantee", "--guarantee-from", "1e-9");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mnemos store: --guarantee-from 1E-09: must be at least --target-mse 1E-06", run.ErrorLines[^1]);
    }
}
