// Shared plumbing for the codecs: the one exception type they throw on bad input, whole-stream
// reads, and atomic file writes (temporary file in the target directory, then rename over).
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Imaging;

internal static class ImageFile
{
    /// <summary>Throws <see cref="InvalidDataException"/> with "FORMAT: message".</summary>
    [DoesNotReturn]
    public static void Fail(string format, string message) => throw new InvalidDataException($"{format}: {message}");

    public static byte[] ReadAll(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a temporary file beside <paramref name="path"/>, flushes it to
    /// disk, then moves it over <paramref name="path"/>; readers never see a half-written file.
    /// </summary>
    public static void WriteAtomic(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
