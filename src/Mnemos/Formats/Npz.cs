// .npz archives: a zip of .npy files (numpy.savez / savez_compressed), listed and read by name
// through System.IO.Compression. The array format itself lives in Npy.cs.
using System.IO.Compression;
using Mnemos.Tensors;

namespace Mnemos.Formats;

/// <summary>.npz archives: a zip of .npy files, one per named array, as numpy.savez writes.</summary>
internal static class Npz
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
            ?? throw new InvalidDataException($"archive has no array {FileText.Quote(name)}: it holds {Names(archive)}");
        // The declared size bounds every allocation. Deflate expands at most ~1032:1, so a
        // declared size beyond that of the real compressed bytes is a lie, not data.
        if (entry.CompressedLength > file.Length || entry.Length > 1100 * entry.CompressedLength + 1024)
            throw new InvalidDataException($"array {FileText.Quote(name)} declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a {file.Length}-byte archive: damaged archive");
        using var stream = new Crc32Stream(entry.Open());
        string quoted = FileText.Quote(name);
        try
        {
            var matrix = Npy.ReadData(stream, entry.Length);
            // numpy (zipfile) checks the CRC once the member is read to its end; so do we, so
            // that changed bytes are refused rather than trained on.
            long read = stream.DrainAndCount(entry.Length);
            if (read > entry.Length)
                throw new InvalidDataException($"array {quoted} holds more than the {entry.Length} bytes its entry declares: damaged archive");
            if (read < entry.Length)
                throw new InvalidDataException($"array {quoted} holds {read} bytes but its entry declares {entry.Length}: damaged archive");
            if (stream.Crc != entry.Crc32)
                throw new InvalidDataException($"array {quoted} has CRC-32 0x{stream.Crc:x8} but its entry records 0x{entry.Crc32:x8}: damaged archive");
            return matrix;
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith($"array {quoted} ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"array {quoted}: {FileText.Escape(ex.Message)}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"array {quoted} ends before the {entry.Length} bytes its entry declares: damaged archive", ex);
        }
    });

    static string Names(ZipArchive archive)
    {
        var names = archive.Entries.Select(e => FileText.Quote(ArrayName(e.FullName))).ToArray();
        return names.Length <= 8 ? string.Join(", ", names) : $"{string.Join(", ", names[..8])} and {names.Length - 8} more";
    }

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
            throw new InvalidDataException($"not an .npz (zip) archive: {FileText.Escape(ex.Message)}", ex);
        }
    }

    static string ArrayName(string entryName) => entryName.EndsWith(".npy", StringComparison.Ordinal) ? entryName[..^4] : entryName;
}
