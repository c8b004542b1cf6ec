// .npz archives: a zip of .npy files (numpy.savez / savez_compressed), listed and read by name
// through System.IO.Compression. The array format itself lives in Npy.cs.
using System.IO.Compression;
using Mnemos.Tensors;

namespace Mnemos.Formats;

/// <summary>.npz archives: a zip of .npy files, one per named array, as numpy.savez writes.</summary>
public static class Npz
{
    /// <summary>Array names in archive order (entry names without ".npy").</summary>
    public static IReadOnlyList<string> List(string path) => Safetensors.WithPath(path, () =>
    {
        using var archive = Open(path);
        return archive.Entries.Select(e => ArrayName(e.FullName)).ToArray();
    });

    public static Matrix Read(string path, string name) => Safetensors.WithPath(path, () =>
    {
        ArgumentNullException.ThrowIfNull(name);
        using var file = File.OpenRead(path);
        using var archive = Open(file);
        var entry = archive.Entries.FirstOrDefault(e => ArrayName(e.FullName) == name)
            ?? throw new InvalidDataException($"archive has no array '{name}': it holds {string.Join(", ", archive.Entries.Select(e => ArrayName(e.FullName)))}");
        // The declared size bounds every allocation. Deflate expands at most ~1032:1, so a
        // declared size beyond that of the real compressed bytes is a lie, not data.
        if (entry.CompressedLength > file.Length || entry.Length > 1100 * entry.CompressedLength + 1024)
            throw new InvalidDataException($"array '{name}' declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a {file.Length}-byte archive: damaged archive");
        using var stream = entry.Open();
        try
        {
            return Npy.ReadData(stream, entry.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"array '{name}': {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"array '{name}' ends before the {entry.Length} bytes its entry declares: damaged archive", ex);
        }
    });

    /// <summary>Writes each matrix as "name.npy" (float32); stored like numpy.savez, or deflated like savez_compressed.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Matrix> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        foreach (var (name, matrix) in arrays)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("array name is empty", nameof(arrays));
            ArgumentNullException.ThrowIfNull(matrix, $"arrays[{name}]");
        }
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, matrix) in arrays)
            {
                var entry = archive.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var entryStream = entry.Open();
                Npy.Write(entryStream, matrix);
            }
        });
    }

    static ZipArchive Open(string path) => Open(File.OpenRead(path), leaveOpen: false);

    static ZipArchive Open(Stream stream, bool leaveOpen = true)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
        }
        catch (InvalidDataException ex)
        {
            if (!leaveOpen) stream.Dispose();
            throw new InvalidDataException($"not an .npz (zip) archive: {ex.Message}", ex);
        }
    }

    static string ArrayName(string entryName) => entryName.EndsWith(".npy", StringComparison.Ordinal) ? entryName[..^4] : entryName;
}
