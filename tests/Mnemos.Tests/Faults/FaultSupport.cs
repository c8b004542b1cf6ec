// What the fault tests need from the system: the mnemos CLI as a child process (to kill it with
// SIGKILL), small tmpfs mounts (a disk that fills up, a folder that cannot be written) and facts that
// are reported as skipped, with the reason, where mounting is not allowed (not root, no tmpfs).
using System.Diagnostics;

namespace Mnemos.Tests.Faults;

/// <summary>mnemos run as `dotnet Mnemos.Cli.dll ARGS` in its own process, output captured.</summary>
internal sealed class ChildCli : IDisposable
{
    readonly Process process;
    readonly Task<string> stdout, stderr;

    public ChildCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mnemos.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL on Unix: no handler runs, open files are left as they are.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>Waits for the exit (at most <paramref name="timeout"/>) and returns the code and output.</summary>
    public (int ExitCode, string Out, string Error) Wait(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"mnemos did not finish within {timeout}; stderr so far: {(stderr.IsCompleted ? stderr.Result : "")}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}

/// <summary>A tmpfs mounted on a new folder, unmounted (lazily) and removed on dispose.</summary>
internal sealed class Tmpfs : IDisposable
{
    public Tmpfs(string options)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mnemos-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", Path) is { } error)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"mount -t tmpfs -o {options}: {error}");
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Null when mounting a small tmpfs works here, else why not (for the skip message).</summary>
    public static readonly string? Unavailable = Probe();

    static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        if (Environment.UserName != "root") return $"tmpfs mounts need root (running as {Environment.UserName})";
        try
        {
            using var probe = new Tmpfs("size=64k");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }

    // Null on success, else the command's error output.
    static string? Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error.Trim();
    }
}

/// <summary>A fact reported as skipped, with the reason, where a tmpfs cannot be mounted.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason) Skip = $"needs a tmpfs mount: {reason}";
    }
}
