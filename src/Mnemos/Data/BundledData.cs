// The small real samples committed under data/ (see data/README.md for sources and licences):
// finding the folder and loading its datasets by name. PNG and GIF files are listed, not decoded.
namespace Mnemos.Data;

/// <summary>
/// Named access to the bundled samples. The folder is <c>$MNEMOS_DATA</c> when that is set,
/// otherwise the first <c>data/</c> holding README.md found walking up from
/// <see cref="AppContext.BaseDirectory"/> and then from the current directory. The first place looked
/// is <c>data/</c> beside the assembly: where the installed <c>dotnet tool</c> (package Mnemos.Cli)
/// carries its copy, so the demo runs from any folder.
/// </summary>
internal static class BundledData
{
    public const string EnvironmentVariable = "MNEMOS_DATA";
    const string Marker = "README.md";

    /// <summary>Every dataset name, in the order they are documented.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "fashion-mnist:train", "fashion-mnist:test", "speech",
        "photos:64", "photos:32", "patches:64", "patches:32", "video:chelsea-pan",
    ];

    /// <summary>The data folder; <see cref="DirectoryNotFoundException"/> naming every place looked when there is none.</summary>
    public static string Locate() =>
        Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), [AppContext.BaseDirectory, Directory.GetCurrentDirectory()]);

    internal static string Locate(string? environmentValue, IReadOnlyList<string> starts)
    {
        if (!string.IsNullOrEmpty(environmentValue))
        {
            if (!Directory.Exists(environmentValue))
                throw new DirectoryNotFoundException($"{EnvironmentVariable}={environmentValue}: not a directory; point it at the repository's data/ folder or unset it");
            return Path.GetFullPath(environmentValue);
        }
        foreach (string start in starts)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data");
                if (File.Exists(Path.Combine(candidate, Marker))) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"bundled data not found: no data/{Marker} in {string.Join(" or ", starts.Select(s => Path.GetFullPath(s)))} or any folder above; " +
            $"set {EnvironmentVariable} to the repository's data/ folder (an installed mnemos tool carries its own: reinstall it if that is missing)");
    }

    /// <summary>
    /// An image set, at most <paramref name="limit"/> images, values in [0, 1]: "fashion-mnist:train"
    /// (2,000) or "fashion-mnist:test" (1,000), 28×28 grayscale with labels 0..9; "photos:64|32" and
    /// "patches:64|32", RGB (interleaved r, g, b per pixel) in file-name order, labelled by that order.
    /// </summary>
    public static LabeledImages LoadImages(string name, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var files = Files(name);
        if (name.StartsWith("photos:", StringComparison.Ordinal) || name.StartsWith("patches:", StringComparison.Ordinal))
            return LoadPngSet(name, int.Parse(name[^2..], System.Globalization.CultureInfo.InvariantCulture), files.Take(limit).ToArray());
        if (!name.StartsWith("fashion-mnist:", StringComparison.Ordinal))
            throw new ArgumentException($"bundled dataset '{name}' is not an image set; those are fashion-mnist:train|test, photos:64|32 and patches:64|32", nameof(name));
        var header = Idx.ReadImageHeader(files[0]);
        var images = Idx.ReadImages(files[0], limit);
        var labels = Idx.ReadLabels(files[1], limit);
        if (labels.Length != images.Rows)
            throw new InvalidDataException($"bundled dataset '{name}': {images.Rows} images but {labels.Length} labels ({files[0]}, {files[1]})");
        return new LabeledImages(images, labels, header.Rows, header.Cols, 1);
    }

    /// <summary>Every file of a set is side × side; a PNG declaring more pixels is refused before its data is inflated.</summary>
    static LabeledImages LoadPngSet(string name, int side, string[] files)
    {
        var images = files.Select(f => Imaging.Png.Read(f, maxPixels: (long)side * side).ToRgb()).ToArray();
        if (images.Length == 0) return new LabeledImages(new Tensors.Matrix(0, 0), [], 0, 0, 3);
        var matrix = new Tensors.Matrix(images.Length, side * side * 3);
        for (int i = 0; i < images.Length; i++)
        {
            if (images[i].Width != side || images[i].Height != side)
                throw new InvalidDataException($"bundled dataset '{name}': {files[i]} is {images[i].Width}x{images[i].Height}, expected {side}x{side}");
            images[i].ToVector().CopyTo(matrix.Row(i));
        }
        return new LabeledImages(matrix, Enumerable.Range(0, images.Length).ToArray(), side, side, 3);
    }

    /// <summary>"speech": eight spoken digits, one per second, 22,050 Hz mono (see data/README.md).</summary>
    public static WavAudio LoadAudio(string name = "speech")
    {
        var files = Files(name);
        if (name != "speech") throw new ArgumentException($"bundled dataset '{name}' is not audio; audio: speech", nameof(name));
        return Wav.Read(files[0]);
    }

    /// <summary>
    /// The files behind a dataset, sorted by name: IDX images then labels for "fashion-mnist:*";
    /// the WAV for "speech"; PNGs for "photos:64|32" and "patches:64|32"; the GIF for "video:chelsea-pan".
    /// </summary>
    public static IReadOnlyList<string> Files(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string root = Locate();
        string[] relative = name switch
        {
            "fashion-mnist:train" => ["fashion-mnist/train-images-2000-idx3-ubyte.gz", "fashion-mnist/train-labels-2000-idx1-ubyte.gz"],
            "fashion-mnist:test" => ["fashion-mnist/t10k-images-1000-idx3-ubyte.gz", "fashion-mnist/t10k-labels-1000-idx1-ubyte.gz"],
            "speech" => ["speech/counting.wav"],
            "video:chelsea-pan" => ["video/chelsea-pan-24x64.gif"],
            "photos:64" or "photos:32" => ListPng(root, "images/photos", $"-{name[^2..]}.png", name),
            "patches:64" or "patches:32" => ListPng(root, $"images/patches{name[^2..]}", ".png", name),
            _ => throw new ArgumentException($"unknown bundled dataset '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };
        var paths = relative.Select(r => Path.Combine(root, r)).ToArray();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"bundled dataset '{name}': {path} is missing (data folder {root}); rerun scripts/make_bundled_data.sh", path);
        }
        return paths;
    }

    static string[] ListPng(string root, string folder, string suffix, string name)
    {
        string dir = Path.Combine(root, folder);
        var found = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*" + suffix).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (found.Length == 0)
            throw new FileNotFoundException($"bundled dataset '{name}': no *{suffix} files in {dir}; rerun scripts/make_bundled_data.sh");
        return found;
    }
}
