// mnemos experiment: the list, an unknown name (one line, exit 2), and a missing name.
namespace Mnemos.Tests.Cli;

public class ExperimentCommandTests
{
    [Fact]
    public void List_shows_each_experiment_with_its_presets_and_the_study_presets_scale()
    {
        var run = CliRunner.Run("experiment", "--list");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("basins-2d  ", lines[0]);
        Assert.StartsWith("  quick: 6 points and 4 cycles of 3", lines[1]);
        Assert.Contains("40×40 grid", lines[1]);
        Assert.Contains("100×100 grid", lines[2]);
        Assert.StartsWith("  study: ", lines[3]);
        Assert.Contains("study protocol (constant rates, ≤ 1,000,000 epochs, no time limit)", lines[3]);
        Assert.StartsWith("sequences  ", lines[4]);
        Assert.Contains("7 frames 16×16 RGB", lines[5]);
        Assert.Contains("13 frames 32×32 RGB", lines[6]);
        Assert.Contains("core-hours", lines[7]);
        Assert.StartsWith("recovery  ", lines[8]);
        Assert.Contains("20 fashion-mnist:train images", lines[9]);
        Assert.Contains("300 fashion-mnist:train images", lines[10]);
        Assert.Contains("500 fashion-mnist:train images", lines[11]);
    }

    [Fact]
    public void An_unknown_name_is_one_line_listing_the_known_names_with_exit_2()
    {
        var run = CliRunner.Run("experiment", "basins-3d");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["mnemos experiment: unknown experiment 'basins-3d' (known: basins-2d, sequences, recovery, capacity-sweep, optimizer-activation, init-activation, spectra, theory, text-rnn, text-rnn-token-readout, text-rnn-pytorch-init, unet, unet-consolidated)"], run.ErrorLines);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void No_name_and_no_list_is_a_usage_error()
    {
        var run = CliRunner.Run("experiment");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["mnemos experiment: name an experiment (basins-2d, sequences, recovery, capacity-sweep, optimizer-activation, init-activation, spectra, theory, text-rnn, text-rnn-token-readout, text-rnn-pytorch-init, unet, unet-consolidated) or use --list"], run.ErrorLines);
    }

    [Fact]
    public void An_unknown_preset_is_one_line_naming_every_preset_with_exit_2()
    {
        var run = CliRunner.Run("experiment", "basins-2d", "--preset", "huge");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["mnemos experiment: --preset 'huge': expected quick, reduced, full or study"], run.ErrorLines);
    }

    [Fact]
    public void List_shows_the_reduced_preset_only_for_experiments_that_have_one()
    {
        var run = CliRunner.Run("experiment", "--list");
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int sweep = Array.FindIndex(lines, l => l.StartsWith("capacity-sweep  "));
        Assert.StartsWith("  quick: 8 fashion-mnist:train images at 7×7", lines[sweep + 1]);
        Assert.StartsWith("  reduced: 40 fashion-mnist:train images at 14×14", lines[sweep + 2]);
        Assert.StartsWith("  full:  100 fashion-mnist:train images at 28×28", lines[sweep + 3]);
        Assert.DoesNotContain(lines.TakeWhile(l => !l.StartsWith("capacity-sweep")), l => l.StartsWith("  reduced:"));
    }

    [Fact]
    public void A_reduced_preset_for_an_experiment_without_one_is_a_usage_error_naming_its_presets()
    {
        var run = CliRunner.Run("experiment", "basins-2d", "--preset", "reduced");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["mnemos experiment: --preset reduced: basins-2d has quick, full, study"], run.ErrorLines);
    }
}
