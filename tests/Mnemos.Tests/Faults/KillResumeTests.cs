// kill -9 at seeded random points of checkpointed training, in a child process: resuming from what
// the killed run left ends bit for bit where an uninterrupted run ends, the killed run's lock and temp
// files do not block or litter the next one, and a second process on the same --out is refused
// while the first runs.
using Mnemos.Cli;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Faults;

public class KillResumeTests
{
    // Long enough (about a second on one core, most of it in fsync) that a kill lands mid-run.
    const int Epochs = 12000, Every = 100;

    static string[] Train(string model, params string[] extra) => Train(model, Epochs, extra);

    static string[] Train(string model, long epochs, params string[] extra) =>
        ["train", "--data", "builtin:digits", "--out", model, "--depth", "1", "--width", "8", "--optimizer", "adam", "--lr", "0.001",
            "--threads", "1", "--seed", "7", "--max-epochs", epochs.ToString(), "--target-mse", "0", "--checkpoint-every", Every.ToString(), .. extra];

    // Waits for the child's first checkpoint, then a seeded random 0–300 ms more, and kills it there.
    static long KillAtRandom(ChildCli child, string checkpoint, Rng rng)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(checkpoint) && !child.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Thread.Sleep(rng.NextInt(300));
        Assert.False(child.HasExited, "the child finished before it could be killed: raise Epochs");
        child.Kill();
        return CheckpointFile.Load(checkpoint).State.Epoch;
    }

    [Fact]
    public void Resuming_after_two_kills_ends_bit_for_bit_where_an_uninterrupted_run_ends()
    {
        using var dir = new TempDirectory();
        string straight = dir.File("straight.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Train(straight)).ExitCode);

        string model = dir.File("killed.safetensors");
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        var rng = new Rng(20261204);
        var epochs = new List<long>();
        using (var first = new ChildCli(Train(model))) epochs.Add(KillAtRandom(first, checkpoint, rng));
        // The killed run's lock file is still there, but its lock died with it.
        Assert.True(File.Exists(RunLock.PathFor(checkpoint)));
        using (var second = new ChildCli(Train(model, "--resume", checkpoint))) epochs.Add(KillAtRandom(second, checkpoint, rng));
        var last = CliRunner.Run(Train(model, "--resume", checkpoint));

        Assert.True(last.ExitCode == CliApp.StoppedShort, $"killed at epochs {string.Join(", ", epochs)}; {last}");
        Assert.All(epochs, e => Assert.True(e % Every == 0 && e < Epochs, $"checkpoint epoch {e}"));
        var expected = ModelFile.Load(straight);
        var resumed = ModelFile.Load(model);
        Assert.Equal(expected.Model.Parameters, resumed.Model.Parameters);
        Assert.Equal(expected.Metadata.LossHistory, resumed.Metadata.LossHistory);
        // No stray temp or lock file: the resumed writes removed what the killed ones left.
        Assert.DoesNotContain(dir.Entries(), e => e.EndsWith(".tmp", StringComparison.Ordinal) || e.EndsWith(".lock", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_process_on_the_same_out_is_refused_naming_the_first()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        using var first = new ChildCli(Train(model, epochs: 100_000_000));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(checkpoint) && !first.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);

        var second = CliRunner.Run(Train(model));
        Assert.False(first.HasExited, "the first run stopped on its own");
        first.Kill();

        Assert.Equal(CliApp.RunError, second.ExitCode);
        Assert.StartsWith($"mnemos train: '{checkpoint}' is in use by another run (process {first.Id}@", Assert.Single(second.ErrorLines));
        // The refused run wrote nothing: the checkpoint is still the first run's, and loads.
        Assert.False(File.Exists(model));
        CheckpointFile.Load(checkpoint);
    }
}
