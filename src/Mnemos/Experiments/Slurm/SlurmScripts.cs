// Slurm scripts for an experiment's cells: a job array with one task per cell (mnemos experiment …
// --cell $SLURM_ARRAY_TASK_ID), a report job (… --report) and a submit script that queues the
// array, then the report after every task has ended (afterany, so a report names the cells that
// failed). Before its time limit a task gets USR1, stops mnemos with SIGTERM (cells and the parts of
// a cell already stored stay on disk) and requeues itself; the rerun reuses what is stored.
using System.Globalization;
using System.Text;
using Mnemos.Formats;

namespace Mnemos.Experiments.Slurm;

/// <summary>What the scripts run: the experiment, its preset and seed, the shared output folder, threads per task, how to call mnemos.</summary>
public sealed record SlurmJob(string Experiment, string Preset, ulong Seed, string OutputFolder, int Threads, string MnemosCommand,
    IReadOnlyList<ExperimentCell> Cells, int? MinutesPerTask = null)
{
    /// <summary>Seconds before the time limit at which Slurm signals a task to stop and requeue.</summary>
    public const int SignalSeconds = 120;

    /// <summary>How often a task is requeued after stopping at its time limit before it gives up.</summary>
    public const int MaxRequeues = 3;

    /// <summary>
    /// The time limit of each task, minutes: <see cref="MinutesPerTask"/> when given, otherwise
    /// twice the longest estimate plus 5 minutes (at least 10). Throws naming a cell without an estimate.
    /// </summary>
    public int TimeLimitMinutes()
    {
        if (MinutesPerTask is int given) return given;
        var unknown = Cells.FirstOrDefault(c => c.EstimatedSeconds is null);
        if (unknown is not null)
            throw new ArgumentException($"cell {unknown.Index} {unknown.Key} of {Experiment} ({Preset}) has no time estimate: give the time per task (--time MINUTES)");
        double longest = Cells.Max(c => c.EstimatedSeconds!.Value);
        return Math.Max(10, (int)Math.Ceiling((2 * longest + 300) / 60));
    }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Experiment);
        ArgumentException.ThrowIfNullOrEmpty(MnemosCommand);
        if (!Path.IsPathFullyQualified(OutputFolder)) throw new ArgumentException($"output folder '{OutputFolder}': must be an absolute path (tasks run elsewhere)");
        if (OutputFolder.Any(char.IsWhiteSpace)) throw new ArgumentException($"output folder '{OutputFolder}': must not contain spaces (#SBATCH --output cannot quote them)");
        if (Threads < 1) throw new ArgumentException($"threads {Threads}: must be at least 1");
        if (Cells.Count == 0) throw new ArgumentException($"{Experiment} ({Preset}) has no cells");
        if (MinutesPerTask is < 3) throw new ArgumentException($"time per task {MinutesPerTask} minutes: must be at least 3 (the stop signal comes {SignalSeconds} s before the limit)");
    }
}

/// <summary>The paths of the written scripts.</summary>
public sealed record SlurmScriptFiles(string Array, string Report, string Submit);

/// <summary>Writes the Slurm scripts of a <see cref="SlurmJob"/>.</summary>
public static class SlurmScripts
{
    /// <summary>
    /// Writes the array script to <paramref name="arrayPath"/> (e.g. theory.sbatch), the report job
    /// beside it (theory.report.sbatch) and the submit script (theory.submit.sh, executable), each atomically.
    /// </summary>
    public static SlurmScriptFiles Write(SlurmJob job, string arrayPath)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(arrayPath);
        job.Validate();
        int minutes = job.TimeLimitMinutes();
        arrayPath = Path.GetFullPath(arrayPath);
        string stem = arrayPath.EndsWith(".sbatch", StringComparison.Ordinal) ? arrayPath[..^".sbatch".Length] : arrayPath;
        var files = new SlurmScriptFiles(arrayPath, stem + ".report.sbatch", stem + ".submit.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(arrayPath)!);
        AtomicFile.WriteAllText(files.Array, ArrayScript(job, minutes));
        AtomicFile.WriteAllText(files.Report, ReportScript(job, minutes));
        AtomicFile.WriteAllText(files.Submit, SubmitScript(job, files));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(files.Submit, File.GetUnixFileMode(files.Submit) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return files;
    }

    /// <summary>The job array: one task per cell.</summary>
    public static string ArrayScript(SlurmJob job, int minutes)
    {
        var b = Header(job, "", minutes, "cell-%a.log");
        b.Append(Invariant($"#SBATCH --array=0-{job.Cells.Count - 1}\n"));
        b.Append(Invariant($"#SBATCH --signal=B:USR1@{SlurmJob.SignalSeconds}\n#SBATCH --requeue\n#SBATCH --open-mode=append\n"));
        b.Append(Invariant($"# One task per cell of mnemos experiment {job.Experiment} --preset {job.Preset} ({job.Cells.Count} cells: --cells lists them).\n"));
        b.Append(Invariant($"# {SlurmJob.SignalSeconds} s before the time limit Slurm sends USR1: mnemos is stopped (what is stored stays) and the task is\n"));
        b.Append(Invariant($"# requeued, at most {SlurmJob.MaxRequeues} times; the rerun reuses the stored work. A finished cell is never computed again.\n"));
        b.Append("set -u\nstopped=0\npid=\n");
        b.Append("trap 'stopped=1; [ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null' USR1 TERM\n");
        b.Append(Command(job, "--cell \"$SLURM_ARRAY_TASK_ID\" &")).Append('\n');
        b.Append("pid=$!\nstatus=0\n");
        b.Append("while :; do\n    wait \"$pid\"; status=$?\n    kill -0 \"$pid\" 2>/dev/null || break\ndone\n");
        b.Append("if [ \"$stopped\" = 1 ]; then\n");
        b.Append(Invariant($"    if [ \"${{SLURM_RESTART_COUNT:-0}}\" -lt {SlurmJob.MaxRequeues} ]; then\n"));
        b.Append("        echo \"cell $SLURM_ARRAY_TASK_ID: stopped before the time limit; requeued (restart ${SLURM_RESTART_COUNT:-0})\" >&2\n");
        b.Append("        scontrol requeue \"$SLURM_JOB_ID\"\n");
        b.Append("    else\n");
        b.Append(Invariant($"        echo \"cell $SLURM_ARRAY_TASK_ID: stopped before the time limit after {SlurmJob.MaxRequeues} requeues; not requeued again (raise --time)\" >&2\n"));
        b.Append("    fi\nfi\nexit \"$status\"\n");
        return b.ToString();
    }

    /// <summary>The report job: figures and tables from the finished cells; it fails naming the missing ones.</summary>
    public static string ReportScript(SlurmJob job, int minutes)
    {
        var b = Header(job, "-report", minutes, "report.log");
        b.Append(Invariant($"# Builds the figures and tables of mnemos experiment {job.Experiment} --preset {job.Preset} from its finished cells;\n"));
        b.Append("# exits non-zero naming the cells that are missing.\n");
        b.Append(Command(job, "--report")).Append('\n');
        return b.ToString();
    }

    /// <summary>The submit script: the array, then the report once every task has ended; extra arguments go to both sbatch calls.</summary>
    public static string SubmitScript(SlurmJob job, SlurmScriptFiles files)
    {
        var b = new StringBuilder("#!/bin/bash\n");
        b.Append(Invariant($"# Submits the {job.Cells.Count} cells of mnemos experiment {job.Experiment} --preset {job.Preset} as a job array, then\n"));
        b.Append("# the report after all of them (afterany: it names cells that failed). Arguments go to both sbatch calls\n");
        b.Append("# (e.g. --partition=NAME --account=NAME).\n");
        b.Append("set -euo pipefail\n");
        b.Append("mkdir -p ").Append(Quote(LogFolder(job))).Append('\n');
        b.Append("cells=$(sbatch --parsable \"$@\" ").Append(Quote(files.Array)).Append(")\ncells=${cells%%;*}\n");
        b.Append("report=$(sbatch --parsable \"$@\" --dependency=afterany:\"$cells\" ").Append(Quote(files.Report)).Append(")\nreport=${report%%;*}\n");
        b.Append(Invariant($"echo \"cells: job $cells (array 0-{job.Cells.Count - 1}); report: job $report (after the cells); output in {job.OutputFolder}\"\n"));
        return b.ToString();
    }

    static StringBuilder Header(SlurmJob job, string suffix, int minutes, string log)
    {
        var b = new StringBuilder("#!/bin/bash\n");
        b.Append(Invariant($"#SBATCH --job-name=mnemos-{job.Experiment}-{job.Preset}{suffix}\n"));
        b.Append(Invariant($"#SBATCH --time={minutes}\n"));
        b.Append(Invariant($"#SBATCH --cpus-per-task={job.Threads}\n"));
        b.Append("#SBATCH --ntasks=1\n");
        b.Append("#SBATCH --output=").Append(Path.Combine(LogFolder(job), log)).Append('\n');
        return b;
    }

    static string LogFolder(SlurmJob job) => Path.Combine(job.OutputFolder, "slurm");

    static string Command(SlurmJob job, string tail) =>
        $"{job.MnemosCommand} experiment {Quote(job.Experiment)} --preset {Quote(job.Preset)} --seed {job.Seed.ToString(CultureInfo.InvariantCulture)} " +
        $"--threads \"${{SLURM_CPUS_PER_TASK:-{job.Threads.ToString(CultureInfo.InvariantCulture)}}}\" --out {Quote(job.OutputFolder)} {tail}";

    /// <summary>A word for bash: single-quoted unless it is plain.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '=' or ',')) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
