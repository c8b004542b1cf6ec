// Resolves a data argument to a float matrix [n × d]: "builtin:NAME", "bundled:NAME[:COUNT]" (image
// sets under data/), a .npy file, an .npz archive ("file.npz" for its only array, "file.npz:name"
// for one of several), or a real file (DataFiles): images or a folder of them, CSV, IDX, CIFAR-10
// binary, WAV. Integer data is scaled to [0, 1], and a note says how (docs/data-formats.md).
using Mnemos.Formats;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Loads datasets named on the command line or in settings.</summary>
internal static class DataSource
{
    public const string BuiltinPrefix = "builtin:";
    public const string BundledPrefix = "bundled:";

    /// <summary>Bundled image sets <see cref="Load(string)"/> accepts after <see cref="BundledPrefix"/>.</summary>
    public static IReadOnlyList<string> BundledImageSets { get; } =
        ["fashion-mnist:train", "fashion-mnist:test", "photos:64", "photos:32", "patches:64", "patches:32"];

    /// <summary>Forms accepted by <see cref="Load(string)"/>, for help texts.</summary>
    public static string Forms =>
        $"{BuiltinPrefix}{{{string.Join("|", BuiltinData.Names)}}}, {BundledPrefix}{{{string.Join("|", BundledImageSets)}}}[:COUNT], FILE.npy, FILE.npz[:ARRAY], "
        + "an image (.png .jpg .jpeg .bmp .webp .gif) or a folder of them, FILE.csv, an IDX file (.idx, *idx3-ubyte), a CIFAR-10 batch (.bin), FILE.wav";

    /// <summary>
    /// The data named by <paramref name="source"/>, one example per row. Throws
    /// <see cref="FileNotFoundException"/>, <see cref="InvalidDataException"/> or
    /// <see cref="ArgumentException"/> with a one-line message naming the source.
    /// </summary>
    public static Matrix Load(string source) => Load(source, null, null);

    /// <summary>
    /// As <see cref="Load(string)"/>, with settings for images and audio, and
    /// <paramref name="note"/> told (one line each) how integer or audio samples were scaled and what
    /// shape images were given. The notes are for a person: the CLI writes them to stderr.
    /// </summary>
    public static Matrix Load(string source, DataOptions? options, Action<string>? note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        options ??= DataOptions.Default;
        note ??= _ => { };
        if (source.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
            return BuiltinData.Load(source[BuiltinPrefix.Length..]);
        if (source.StartsWith(BundledPrefix, StringComparison.Ordinal))
            return LoadBundled(source).Images;

        var (path, member) = SplitMember(source);
        if (member is null && Directory.Exists(path)) return LoadImages(path, options, note);
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found", path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (member is null && DataFiles.IsImage(path)) return LoadImages(path, options, note);
        if (member is null && DataFiles.IsIdx(path))
        {
            var idx = Idx.ReadImages(path);
            note($"data '{path}': IDX 8-bit values scaled to [0, 1] by k/255 ({idx.Rows} images of {idx.Cols} pixels, row-major)");
            return idx;
        }
        return extension switch
        {
            ".npy" when member is null => ReadNpy(path, note),
            ".npz" => ReadNpz(path, member, note),
            ".csv" when member is null => DataFiles.ReadCsv(path),
            ".bin" when member is null => ReadCifar(path, options, note),
            ".wav" when member is null => ReadWav(path, options, note),
            _ => throw new ArgumentException($"data '{source}': unsupported file type '{extension}' (expected {Forms})"),
        };
    }

    /// <summary>
    /// As <see cref="Load(string, DataOptions?, Action{string}?)"/>, with the image shape of a row
    /// where the source fixes one (bundled image sets, image files or folders of them); null for
    /// every other source (its rows are vectors as far as the file says).
    /// </summary>
    public static (Matrix Rows, ImageShape? Shape) LoadWithShape(string source, DataOptions? options, Action<string>? note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (source.StartsWith(BundledPrefix, StringComparison.Ordinal))
        {
            var set = LoadBundled(source);
            return (set.Images, new ImageShape(set.Width, set.Height, set.Channels));
        }
        var (path, member) = SplitMember(source);
        if (member is null && (Directory.Exists(path) || File.Exists(path) && DataFiles.IsImage(path)))
        {
            var (rows, shape) = LoadShapedImages(path, options ?? DataOptions.Default, note ?? (_ => { }));
            return (rows, shape);
        }
        return (Load(source, options, note), null);
    }

    static Matrix LoadImages(string path, DataOptions options, Action<string> note) => LoadShapedImages(path, options, note).Rows;

    static (Matrix Rows, ImageShape Shape) LoadShapedImages(string path, DataOptions options, Action<string> note)
    {
        var (rows, shape, files) = DataFiles.ReadImages(path, options);
        note($"data '{path}': {rows.Rows} images from {files} file{(files == 1 ? "" : "s")} as {shape} (width x height x channels; rows are height x width x channels, "
            + "row-major, channel fastest); 8-bit samples scaled to [0, 1] by k/255 (16-bit PNG by k/65535)");
        return (rows, shape);
    }

    static Matrix ReadNpy(string path, Action<string> note)
    {
        var matrix = Npy.Read(path); // checks the file first
        return ScaleIntegers(matrix, Npy.ReadHeader(path).Descr, path, note);
    }

    static Matrix ReadCifar(string path, DataOptions options, Action<string> note)
    {
        var color = options.Color == DataColor.Gray ? CifarColor.Grayscale : CifarColor.RgbInterleaved;
        var batch = Cifar10.ReadBatch(path, color);
        note($"data '{path}': CIFAR-10 8-bit values scaled to [0, 1] by k/255; {batch.Images.Rows} images as "
            + (color == CifarColor.Grayscale ? "32x32x1 (luma 0.299 R + 0.587 G + 0.114 B)" : "32x32x3 (height x width x channels, channel fastest)"));
        return batch.Images;
    }

    static Matrix ReadWav(string path, DataOptions options, Action<string> note)
    {
        var (rows, rate, length, dropped) = DataFiles.ReadWav(path, options);
        note($"data '{path}': audio mixed to mono at {rate} Hz, {rows.Rows} windows of {length} samples (one per row; {dropped} trailing samples dropped), "
            + "samples mapped from [-1, 1] to [0, 1] by (x + 1)/2");
        return rows;
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

    static Matrix ReadNpz(string path, string? member, Action<string> note)
    {
        if (member is null)
        {
            var names = Npz.List(path);
            if (names.Count != 1)
                throw new ArgumentException($"'{path}' holds {names.Count} arrays ({string.Join(", ", names.Take(8).Select(n => FileText.Quote(n)))}{(names.Count > 8 ? ", ..." : "")}): name one as '{path}:ARRAY'");
            member = names[0];
        }
        var matrix = Npz.Read(path, member); // checks the archive and the member first
        return ScaleIntegers(matrix, NpzDescr(path, member), $"{path}:{member}", note);
    }

    // The dtype of one member, from its .npy header (Npz.Read has already validated the archive).
    static string NpzDescr(string path, string member)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(path);
        var entry = archive.Entries.First(e => (e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName) == member);
        using var stream = entry.Open();
        return Npy.ReadHeader(stream).Descr;
    }

    // uint8 → k/255 and uint16 → k/65535, each with a note; other types as stored.
    static Matrix ScaleIntegers(Matrix matrix, string descr, string source, Action<string> note)
    {
        float scale = descr.EndsWith("u1", StringComparison.Ordinal) ? 255f : descr.EndsWith("u2", StringComparison.Ordinal) ? 65535f : 0f;
        if (scale == 0) return matrix;
        var values = matrix.Span;
        for (int i = 0; i < values.Length; i++) values[i] /= scale;
        note($"data '{source}': {(scale == 255f ? "uint8 values scaled to [0, 1] by k/255" : "uint16 values scaled to [0, 1] by k/65535")}");
        return matrix;
    }

    // "dir/file.npz:images" → ("dir/file.npz", "images"); a bare path has no member.
    static (string Path, string? Member) SplitMember(string source)
    {
        int npz = source.IndexOf(".npz:", StringComparison.OrdinalIgnoreCase);
        return npz < 0 ? (source, null) : (source[..(npz + 4)], source[(npz + 5)..]);
    }
}
