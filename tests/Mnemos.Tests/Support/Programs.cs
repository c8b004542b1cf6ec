// Running outside programs from tests (setup scripts, schedulers, browsers): a look-up on PATH, and
// a run to the end with both outputs and a timeout.
using System.Diagnostics;

namespace Mnemos.Tests.Support;

internal static class Programs
{
    public static string? OnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs a program to its end (or kills it after <paramref name="timeout"/>); exit code and both outputs.</summary>
    public static (int Code, string Out, string Error) Run(TimeSpan timeout, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)}: still running after {timeout.TotalSeconds:F0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
