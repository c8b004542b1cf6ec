// Resolves a data argument to a float matrix [n × d]: "builtin:NAME", a .npy file, or an .npz
// archive ("file.npz" for its only array, "file.npz:name" for one of several).
using Mnemos.Storage;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Loads datasets named on the command line or in settings.</summary>
public static class DataSource
{
    public const string BuiltinPrefix = "builtin:";

    /// <summary>Forms accepted by <see cref="Load"/>, for help texts.</summary>
    public static string Forms => $"{BuiltinPrefix}{{{string.Join("|", BuiltinData.Names)}}}, FILE.npy, FILE.npz[:ARRAY]";

    /// <summary>
    /// The data named by <paramref name="source"/>, one example per row. Throws
    /// <see cref="FileNotFoundException"/>, <see cref="InvalidDataException"/> or
    /// <see cref="ArgumentException"/> with a one-line message naming the source.
    /// </summary>
    public static Matrix Load(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (source.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
            return BuiltinData.Load(source[BuiltinPrefix.Length..]);

        var (path, member) = SplitMember(source);
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found", path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".npy" when member is null => Npy.Read(path),
            ".npz" => ReadNpz(path, member),
            _ => throw new ArgumentException($"data '{source}': unsupported file type '{extension}' (expected {Forms})"),
        };
    }

    static Matrix ReadNpz(string path, string? member)
    {
        if (member is not null) return Npz.Read(path, member);
        var names = Npz.List(path);
        return names.Count == 1
            ? Npz.Read(path, names[0])
            : throw new ArgumentException($"'{path}' holds {names.Count} arrays ({string.Join(", ", names)}): name one as '{path}:ARRAY'");
    }

    // "dir/file.npz:images" → ("dir/file.npz", "images"); a bare path has no member.
    static (string Path, string? Member) SplitMember(string source)
    {
        int npz = source.IndexOf(".npz:", StringComparison.OrdinalIgnoreCase);
        return npz < 0 ? (source, null) : (source[..(npz + 4)], source[(npz + 5)..]);
    }
}
