// mnemos experiment --cells, --cell, --report and --slurm at the command line: the list, one cell,
// the report naming missing cells (one line, exit 1), and the usage errors (exit 2).
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public sealed class ExperimentCellsCommandTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Cells_lists_index_key_and_estimate_and_computes_nothing()
    {
        var run = CliRunner.Run("experiment", "optimizer-activation", "--out", folder.File("run"), "--cells");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0  selu-gd  ~2 s", "1  selu-adam  ~2 s", "2  cosid-gd  ~2 s", "3  cosid-adam  ~2 s",
            "4 cells of optimizer-activation (quick); 8 s in all by each cell's time budget (study presets: its epoch cap's compute on one core)"], lines);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Fact]
    public void One_cell_then_a_report_that_names_the_missing_cells_in_one_line_with_exit_1()
    {
        var cell = CliRunner.Run("experiment", "theory", "--out", folder.File("run"), "--cell", "tanh-k4-u0.1-v0.1");
        Assert.True(cell.ExitCode == 0, cell.ToString());
        Assert.StartsWith("cell 2 tanh-k4-u0.1-v0.1: done (1 stored results, 0 reused)", cell.Out);
        var report = CliRunner.Run("experiment", "theory", "--out", folder.File("run"), "--report");
        Assert.Equal(1, report.ExitCode);
        Assert.Equal([$"mnemos experiment: report of theory (quick) in {folder.File("run")}: 9 of 10 cells not finished: 0 sigmoid-k4-u0.1-v0.1, 1 sigmoid-k4-u0.5-v-0.3, " +
            "3 tanh-k4-u0.5-v-0.3, 4 composed-tanh-n2-k2-0.1_0.1_0.5_-0.3, 5 composed-swish-n2-k2-0.2_4_-2_-0.8, 6 composed-sigmoid-n2-k2-0.1_0.1_0.5_-0.3, " +
            "7 cycle-tanh-n2-k2-0.1_0.1_0.5_-0.3, 8 cycle-swish-n2-k2-0.2_4_-2_-0.8, 9 cycle-sigmoid-n2-k2-0.1_0.1_0.5_-0.3"], report.ErrorLines);
        Assert.Equal("", report.Out);
        Assert.False(File.Exists(folder.File("run/result.json")));
    }

    [Theory]
    [InlineData("--cell 10", "mnemos experiment: --cell '10': expected an index 0 to 9 or a key such as sigmoid-k4-u0.1-v0.1 (--cells lists them)")]
    [InlineData("--cells --report", "mnemos experiment: --cells and --report: choose one")]
    [InlineData("--time 5", "mnemos experiment: --time and --mnemos go with --slurm")]
    [InlineData("--slurm x.sbatch", "mnemos experiment: cell 0 sigmoid-k4-u0.1-v0.1 of theory (quick) has no time estimate: give the time per task (--time MINUTES)")]
    [InlineData("--slurm x.sbatch --time 2", "mnemos experiment: --time 2: must be at least 3 minutes (the stop signal comes 120 s before the limit)")]
    public void Bad_cell_options_are_one_line_naming_the_value_with_exit_2(string options, string message)
    {
        var run = CliRunner.Run(["experiment", "theory", "--out", folder.File("run"), .. options.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.ErrorLines[^1]);
        Assert.False(File.Exists(folder.File("x.sbatch")));
    }

    [Fact]
    public void Slurm_writes_the_array_the_report_job_and_the_submit_script()
    {
        var run = CliRunner.Run("experiment", "theory", "--out", folder.File("run"), "--slurm", folder.File("jobs/theory.sbatch"), "--time", "5", "--mnemos", "/opt/mnemos");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith($"10 cells of theory (quick), 5 min and 1 CPU(s) per task, output in {folder.File("run")}", run.Out);
        Assert.Contains("#SBATCH --array=0-9\n", File.ReadAllText(folder.File("jobs/theory.sbatch")));
        Assert.Contains("/opt/mnemos experiment theory --preset quick --seed 0", File.ReadAllText(folder.File("jobs/theory.report.sbatch")));
        Assert.True(File.Exists(folder.File("jobs/theory.submit.sh")));
    }
}
