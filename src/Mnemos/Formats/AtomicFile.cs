// Crash-safe file replacement: write a temp file beside the target, flush it to disk, then rename
// it over the target. Readers see the old file or the new one, never a half-written one. The
// directory entry itself is not fsynced (.NET has no portable way), so after a power cut the
// rename may be lost, but the file it points to is always complete. A temp file names its target,
// host and process (".model.bin.HOST.PID.GUID.tmp"), so one left by a killed writer is removed by
// the next write to the same target, and a live writer's (this host, running pid) never is.
using System.Diagnostics;
using System.Text;

namespace Mnemos.Formats;

/// <summary>Writes files so that a failure midway leaves the previous content untouched.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Creates a uniquely named temp file in the directory of <paramref name="path"/>, lets
    /// <paramref name="write"/> fill it, flushes it to disk and moves it over <paramref name="path"/>.
    /// If anything throws, the temp file is deleted, the exception propagates and
    /// <paramref name="path"/> keeps its old content (or stays absent).
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"path '{path}' has no directory", nameof(path));
        RemoveStale(directory, Path.GetFileName(fullPath));
        string temp = Path.Combine(directory, TempName(Path.GetFileName(fullPath)));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the lambda, so copy once; files written this way are small.
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>
    /// Throws the error a write to <paramref name="path"/> would (missing or read-only folder, a folder
    /// in the target's place) by creating and deleting a temp file beside it; writes nothing else.
    /// Run it before long work whose result goes there.
    /// </summary>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath)) throw new IOException($"'{path}' is a folder, not a file");
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"path '{path}' has no directory", nameof(path));
        string temp = Path.Combine(directory, TempName(Path.GetFileName(fullPath)));
        try
        {
            new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{path}': {e.Message}", e);
        }
        TryDelete(temp);
    }

    /// <summary>Temp files are hidden, name their target, host and process and end in .tmp, so strays are easy to spot.</summary>
    internal static string TempName(string fileName) => $".{fileName}.{Host}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    // The host name as it can appear in a file name: letters, digits and '-' (no '.', which separates fields).
    static readonly string Host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(32).ToArray()) is { Length: > 0 } h ? h : "host";

    /// <summary>
    /// Deletes temp files of <paramref name="fileName"/> in <paramref name="directory"/> left by writers
    /// on this host whose process is gone (killed mid-write). Others' (another host, a live process,
    /// an unknown name) stay: removing a live writer's temp file would fail its rename.
    /// </summary>
    internal static void RemoveStale(string directory, string fileName)
    {
        string prefix = $".{fileName}.{Host}.";
        string[] candidates;
        try { candidates = Directory.GetFiles(directory, $".{fileName}.*.tmp"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string candidate in candidates)
        {
            string name = Path.GetFileName(candidate);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string[] rest = name[prefix.Length..^".tmp".Length].Split('.');
            if (rest.Length != 2 || rest[1].Length != 32 || !int.TryParse(rest[0], out int pid) || pid == Environment.ProcessId || IsRunning(pid)) continue;
            TryDelete(candidate);
        }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception)
        {
            // Cannot tell (no permission, say): keep the file.
            return true;
        }
    }

    static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original exception matters more; a stray temp file is visible by its name.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
