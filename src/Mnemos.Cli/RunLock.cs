// The lock a training run holds on its checkpoint for its whole duration: "<checkpoint>.lock",
// opened with FileShare.None (flock on Unix, a share lock on Windows), so a second run on the same
// --out or --checkpoint is refused with one line saying who holds it instead of both racing (last
// writer wins, one deletes the other's checkpoint). The operating system drops the lock when the
// process dies, even by kill -9, so a stale .lock file never blocks a later run. Who holds it
// ("pid@host") is in "<checkpoint>.lock.holder": a file locked with FileShare.None cannot be read
// by anyone else, not even to name its holder.
using System.Text;
using Mnemos.Formats;

namespace Mnemos.Cli;

sealed class RunLock : IDisposable
{
    RunLock(string path, FileStream stream) => (Path, this.stream) = (path, stream);

    readonly FileStream stream;

    public string Path { get; }

    public static string PathFor(string checkpointPath) => checkpointPath + ".lock";

    /// <summary>Takes the lock beside <paramref name="checkpointPath"/>; <see cref="IOException"/> names the holder when another run has it.</summary>
    public static RunLock Acquire(string checkpointPath)
    {
        string path = PathFor(checkpointPath);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new IOException($"'{checkpointPath}' is in use by another run ({Holder(path)}, lock '{path}'): wait for it to finish or give this run another --out or --checkpoint");
        }
        try { AtomicFile.WriteAllText(HolderPath(path), $"{Environment.ProcessId}@{Environment.MachineName}\n"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new RunLock(path, stream);
    }

    static string HolderPath(string lockPath) => lockPath + ".holder";

    // The holder's "pid@host" as it wrote it; anything else in the file is not shown. The holder
    // writes it just after taking the lock, so a run that arrives in between waits up to a second.
    static string Holder(string path)
    {
        for (int attempt = 0; attempt < 20 && !File.Exists(HolderPath(path)); attempt++) Thread.Sleep(50);
        try
        {
            using var reader = new FileStream(HolderPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[100];
            int n = reader.Read(buffer);
            string text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
            return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_') ? $"process {text}" : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    /// <summary>Deletes the holder and lock files while still holding the lock, then releases it.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(HolderPath(Path));
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        stream.Dispose();
    }
}
