// The Slurm scripts of a job: time limit from the estimates (or given), one array task per cell,
// the stop-and-requeue handler, the report after the array, bash-safe quoting, and scripts bash
// accepts (bash -n).
using System.Diagnostics;
using Mnemos.Experiments;
using Mnemos.Experiments.Slurm;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments.Slurm;

public sealed class SlurmScriptsTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    static readonly ExperimentCell[] Cells = [new(0, "a", 100), new(1, "b", 1500), new(2, "c", 20)];

    SlurmJob Job(IReadOnlyList<ExperimentCell>? cells = null, int? minutes = null) =>
        new("theory", "quick", 7, folder.File("out"), 2, "/opt/mnemos/mnemos", cells ?? Cells, minutes);

    [Fact]
    public void The_time_limit_is_twice_the_longest_estimate_plus_five_minutes_at_least_ten_or_as_given()
    {
        Assert.Equal(55, Job().TimeLimitMinutes()); // (2 × 1500 + 300) / 60
        Assert.Equal(10, Job([new(0, "a", 1)]).TimeLimitMinutes());
        Assert.Equal(4, Job(minutes: 4).TimeLimitMinutes());
        Assert.Equal(4, Job([new(0, "a", null)], minutes: 4).TimeLimitMinutes());
        Assert.Equal("cell 1 b of theory (quick) has no time estimate: give the time per task (--time MINUTES)",
            Assert.Throws<ArgumentException>(() => Job([new(0, "a", 5), new(1, "b", null)]).TimeLimitMinutes()).Message);
    }

    [Fact]
    public void The_array_has_one_task_per_cell_and_stops_and_requeues_before_its_limit()
    {
        string script = SlurmScripts.ArrayScript(Job(), 55);
        Assert.Contains("#SBATCH --array=0-2\n", script);
        Assert.Contains("#SBATCH --time=55\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains("#SBATCH --signal=B:USR1@120\n", script);
        Assert.Contains("#SBATCH --requeue\n", script);
        Assert.Contains($"#SBATCH --output={folder.File("out")}/slurm/cell-%a.log\n", script);
        Assert.Contains($"/opt/mnemos/mnemos experiment theory --preset quick --seed 7 --threads \"${{SLURM_CPUS_PER_TASK:-2}}\" --out {folder.File("out")} --cell \"$SLURM_ARRAY_TASK_ID\" &\n", script);
        Assert.Contains("trap 'stopped=1; [ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null' USR1 TERM\n", script);
        Assert.Contains("scontrol requeue \"$SLURM_JOB_ID\"", script);
        Assert.Contains("-lt 3 ]", script);
    }

    [Fact]
    public void The_submit_script_queues_the_report_after_every_task_and_all_three_scripts_parse()
    {
        var files = SlurmScripts.Write(Job(), folder.File("jobs/theory.sbatch"));
        Assert.Equal((folder.File("jobs/theory.sbatch"), folder.File("jobs/theory.report.sbatch"), folder.File("jobs/theory.submit.sh")),
            (files.Array, files.Report, files.Submit));
        string submit = File.ReadAllText(files.Submit);
        Assert.Contains($"cells=$(sbatch --parsable \"$@\" {files.Array})\n", submit);
        Assert.Contains($"report=$(sbatch --parsable \"$@\" --dependency=afterany:\"$cells\" {files.Report})\n", submit);
        Assert.Contains("--report\n", File.ReadAllText(files.Report));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(files.Submit).HasFlag(UnixFileMode.UserExecute));
            foreach (string file in new[] { files.Array, files.Report, files.Submit })
            {
                var check = Process.Start(new ProcessStartInfo("bash", ["-n", file]) { RedirectStandardError = true })!;
                string error = check.StandardError.ReadToEnd();
                check.WaitForExit();
                Assert.True(check.ExitCode == 0, $"{file}: {error}");
            }
        }
    }

    [Fact]
    public void Words_are_quoted_for_bash_when_they_are_not_plain()
    {
        Assert.Equal("/a/b-c_d.e", SlurmScripts.Quote("/a/b-c_d.e"));
        Assert.Equal("'/my dir/x'", SlurmScripts.Quote("/my dir/x"));
        Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
        Assert.Equal("''", SlurmScripts.Quote(""));
        Assert.Equal("'$HOME'", SlurmScripts.Quote("$HOME"));
    }

    [Fact]
    public void A_relative_or_spaced_output_folder_and_a_time_under_three_minutes_are_refused_naming_the_value()
    {
        Assert.Equal("output folder 'out': must be an absolute path (tasks run elsewhere)",
            Assert.Throws<ArgumentException>(() => (Job() with { OutputFolder = "out" }).Validate()).Message);
        Assert.Equal("output folder '/a b': must not contain spaces (#SBATCH --output cannot quote them)",
            Assert.Throws<ArgumentException>(() => (Job() with { OutputFolder = "/a b" }).Validate()).Message);
        Assert.Equal("time per task 2 minutes: must be at least 3 (the stop signal comes 120 s before the limit)",
            Assert.Throws<ArgumentException>(() => Job(minutes: 2).Validate()).Message);
    }
}
