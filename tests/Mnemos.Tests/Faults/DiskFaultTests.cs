// A disk that fills up mid-run and folders that cannot be written, on small tmpfs mounts (skipped
// with the reason where mounting is not allowed): every failure is one line naming the file, comes
// before training where it can, and never costs the last complete checkpoint.
using Mnemos.Cli;
using Mnemos.Tests.Cli;
using Mnemos.Training;

namespace Mnemos.Tests.Faults;

public class DiskFaultTests
{
    // 2×64 leaky ReLU on the digits: an Adam checkpoint of ~110 kB with its loss history.
    static string[] Train(string model, params string[] extra) =>
        ["train", "--data", "builtin:digits", "--out", model, "--depth", "2", "--width", "64", "--activation", "leaky-relu",
            "--optimizer", "adam", "--lr", "0.001", "--threads", "1", "--seed", "1", "--target-mse", "0", .. extra];

    [TmpfsFact]
    public void A_full_disk_stops_the_run_in_one_line_and_keeps_the_last_checkpoint()
    {
        // Room for one checkpoint but not for the temp file of the next beside it.
        using var disk = new Tmpfs("size=160k");
        string model = disk.File("m.safetensors");
        string checkpoint = TrainCommand.DefaultCheckpointPath(model);
        var run = CliRunner.Run(Train(model, "--max-epochs", "1000", "--checkpoint-every", "10"));

        Assert.True(run.ExitCode == CliApp.RunError, run.ToString());
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("mnemos train: ", line);
        Assert.Contains("No space left on device", line);
        Assert.Contains(".m.ckpt.safetensors.", line);
        // The failed write left the previous checkpoint whole (and nothing else).
        Assert.Equal(10, CheckpointFile.Load(checkpoint).State.Epoch);
        Assert.Equal(["m.ckpt.safetensors"], disk.Entries());
    }

    [TmpfsFact]
    public void A_read_only_out_folder_is_refused_before_training()
    {
        using var readOnly = new Tmpfs("ro,size=64k");
        string model = readOnly.File("m.safetensors");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = CliRunner.Run(Train(model, "--max-epochs", "1000000", "--checkpoint-every", "0"));

        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.StartsWith($"mnemos train: cannot write '{model}': ", Assert.Single(run.ErrorLines));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"refused only after {clock.Elapsed}");
    }

    [TmpfsFact]
    public void A_read_only_checkpoint_folder_is_refused_before_training()
    {
        using var readOnly = new Tmpfs("ro,size=64k");
        using var dir = new Support.TempDirectory();
        string checkpoint = readOnly.File("c.safetensors");
        var run = CliRunner.Run(Train(dir.File("m.safetensors"), "--max-epochs", "1000000", "--checkpoint", checkpoint));

        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.StartsWith($"mnemos train: cannot write '{checkpoint}': ", Assert.Single(run.ErrorLines));
        Assert.Empty(dir.Entries());
    }
}
