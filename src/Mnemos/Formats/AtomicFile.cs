// Crash-safe file replacement: write a temp file beside the target, flush it to disk, then rename
// it over the target. Readers see the old file or the new one, never a half-written one. The
// directory entry itself is not fsynced (.NET has no portable way), so after a power cut the
// rename may be lost, but the file it points to is always complete.
using System.Text;

namespace Mnemos.Formats;

/// <summary>Writes files so that a failure midway leaves the previous content untouched.</summary>
public static class AtomicFile
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

    /// <summary>Temp files are hidden, name their target and end in .tmp, so strays are easy to spot.</summary>
    internal static string TempName(string fileName) => $".{fileName}.{Guid.NewGuid():N}.tmp";

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
