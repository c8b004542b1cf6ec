// Resolves a data argument to a float matrix [n × d]: "builtin:NAME", "bundled:NAME[:COUNT]" (image
// sets under data/), a .npy file, or an .npz archive ("file.npz" for its only array, "file.npz:name"
// for one of several).
using Mnemos.Formats;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Loads datasets named on the command line or in settings.</summary>
internal static class DataSource
{
    public const string BuiltinPrefix = "builtin:";
    public const string BundledPrefix = "bundled:";

    /// <summary>Bundled image sets <see cref="Load"/> accepts after <see cref="BundledPrefix"/>.</summary>
    public static IReadOnlyList<string> BundledImageSets { get; } =
        ["fashion-mnist:train", "fashion-mnist:test", "photos:64", "photos:32", "patches:64", "patches:32"];

    /// <summary>Forms accepted by <see cref="Load"/>, for help texts.</summary>
    public static string Forms =>
        $"{BuiltinPrefix}{{{string.Join("|", BuiltinData.Names)}}}, {BundledPrefix}{{{string.Join("|", BundledImageSets)}}}[:COUNT], FILE.npy, FILE.npz[:ARRAY]";

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
        if (source.StartsWith(BundledPrefix, StringComparison.Ordinal))
            return LoadBundled(source).Images;

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

    /// <summary>
    /// "bundled:NAME[:COUNT]": the first COUNT images (all when omitted) of a bundled image set, with
    /// their labels and shape. <see cref="ArgumentException"/> for an unknown name or a bad count.
    /// </summary>
    public static Data.LabeledImages LoadBundled(string source)
    {
        string rest = source.StartsWith(BundledPrefix, StringComparison.Ordinal) ? source[BundledPrefix.Length..] : source;
        string name = rest;
        int limit = int.MaxValue;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && !BundledImageSets.Contains(rest))
        {
            string count = rest[(colon + 1)..];
            name = rest[..colon];
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1)
                throw new ArgumentException($"data '{source}': count '{count}' must be a positive integer");
        }
        if (!BundledImageSets.Contains(name))
            throw new ArgumentException($"data '{source}': unknown bundled image set '{name}'; known: {string.Join(", ", BundledImageSets)}");
        return BundledData.LoadImages(name, limit);
    }

    static Matrix ReadNpz(string path, string? member)
    {
        if (member is not null) return Npz.Read(path, member);
        var names = Npz.List(path);
        return names.Count == 1
            ? Npz.Read(path, names[0])
            : throw new ArgumentException($"'{path}' holds {names.Count} arrays ({string.Join(", ", names.Take(8).Select(n => FileText.Quote(n)))}{(names.Count > 8 ? ", ..." : "")}): name one as '{path}:ARRAY'");
    }

    // "dir/file.npz:images" → ("dir/file.npz", "images"); a bare path has no member.
    static (string Path, string? Member) SplitMember(string source)
    {
        int npz = source.IndexOf(".npz:", StringComparison.OrdinalIgnoreCase);
        return npz < 0 ? (source, null) : (source[..(npz + 4)], source[(npz + 5)..]);
    }
}
