// A real Slurm: scripts/slurm_local.sh installs slurm-wlm and munge and starts a one-node cluster
// on localhost; theory --quick is submitted as a job array plus a report job (the scripts of
// `mnemos experiment --slurm`), and the report must equal a single-process run byte for byte.
// Skipped, saying why, where the cluster cannot be made: not Linux, not root, neither Slurm nor
// apt-get, or a Slurm configured by someone else.
using System.Diagnostics;
using System.Text.RegularExpressions;
using Mnemos.Experiments.Slurm;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

/// <summary>A fact reported as skipped, with the reason, where no local Slurm cluster can be started.</summary>
internal sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (LocalSlurm.Unavailable is { } reason) Skip = $"needs a local Slurm cluster (scripts/slurm_local.sh): {reason}";
    }
}

internal static class LocalSlurm
{
    public static string? Unavailable { get; } = Check();

    static string? Check()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (Environment.UserName != "root") return $"runs as {Environment.UserName}, the script needs root";
        if (Programs.OnPath("sbatch") is null && Programs.OnPath("apt-get") is null) return "Slurm is not installed and apt-get is not available";
        const string conf = "/etc/slurm/slurm.conf";
        if (File.Exists(conf) && !File.ReadAllText(conf).Contains("# mnemos one-node cluster", StringComparison.Ordinal))
            return $"{conf} belongs to another Slurm, which the script leaves alone";
        return null;
    }
}

public sealed class SlurmIntegrationTests : IDisposable
{
    static readonly string[] ReportFiles = ["result.json", "theory.md", "lambda.svg", "agreement.svg"];

    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [SlurmFact]
    public void Theory_as_a_job_array_reports_the_files_of_a_single_run_byte_for_byte()
    {
        string script = Path.Combine(Repository.Root, "scripts", "slurm_local.sh");
        var setup = Programs.Run(TimeSpan.FromMinutes(10), "bash", script);
        Assert.True(setup.Code == 0, $"slurm_local.sh exit {setup.Code}: {setup.Out}{setup.Error}");

        var single = CliRunner.Run("experiment", "theory", "--preset", "quick", "--out", folder.File("single"));
        Assert.True(single.ExitCode == 0, single.ToString());

        string cluster = folder.File("cluster");
        var write = CliRunner.Run("experiment", "theory", "--preset", "quick", "--out", cluster,
            "--slurm", Path.Combine(cluster, "jobs", "theory.sbatch"), "--time", "5", "--mnemos", MnemosCommand());
        Assert.True(write.ExitCode == 0, write.ToString());
        var submit = Programs.Run(TimeSpan.FromSeconds(60), "bash", Path.Combine(cluster, "jobs", "theory.submit.sh"));
        Assert.True(submit.Code == 0, $"submit exit {submit.Code}: {submit.Out}{submit.Error}");
        var ids = Regex.Match(submit.Out, @"cells: job (\d+) \(array 0-9\); report: job (\d+)");
        Assert.True(ids.Success, submit.Out);
        string cells = ids.Groups[1].Value, report = ids.Groups[2].Value;
        try
        {
            var clock = Stopwatch.StartNew();
            while (Programs.Run(TimeSpan.FromSeconds(30), "squeue", "-h", "-j", $"{cells},{report}", "-o", "%i %T").Out.Trim().Length > 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "the jobs did not finish within 3 minutes:\n" + Logs(cluster));
                Thread.Sleep(500);
            }
        }
        finally
        {
            Programs.Run(TimeSpan.FromSeconds(30), "scancel", cells, report);
        }

        string state = Programs.Run(TimeSpan.FromSeconds(30), "scontrol", "show", "job", report).Out;
        Assert.True(state.Contains("JobState=COMPLETED") && state.Contains("ExitCode=0:0"), state + Logs(cluster));
        Assert.Equal(10, Directory.GetFiles(Path.Combine(cluster, "cells"), "*.json").Length);
        Assert.All(Directory.GetFiles(Path.Combine(cluster, "runs")), f => Assert.Contains("\"status\": \"finished\"", File.ReadAllText(f)));
        Assert.Equal(10, Directory.GetFiles(Path.Combine(cluster, "runs")).Length);
        foreach (string file in ReportFiles)
            Assert.True(File.ReadAllBytes(folder.File("single/" + file)).SequenceEqual(File.ReadAllBytes(Path.Combine(cluster, file))), $"{file} differs from the single run");
    }

    // The mnemos built beside the tests, through the dotnet that runs them.
    static string MnemosCommand()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Mnemos.Cli.dll");
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
            host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : Programs.OnPath("dotnet") ?? "dotnet";
        return SlurmScripts.Quote(host) + " " + SlurmScripts.Quote(dll);
    }

    static string Logs(string cluster)
    {
        string logs = Path.Combine(cluster, "slurm");
        return !Directory.Exists(logs) ? "(no logs)" : string.Join("\n", Directory.GetFiles(logs).Order().Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
    }
}
