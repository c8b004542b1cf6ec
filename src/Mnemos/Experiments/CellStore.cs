// Per-cell result files under <output>/cells/<key>.json, written atomically. A cell is one unit of
// an experiment's work (a trained network, one grid, one sweep point); a rerun with identical
// settings reads the file instead of computing, so long sweeps survive interruption. A file that
// is unreadable (half-written by an older tool, edited) or was made with other settings is
// recomputed and replaced. A cell may keep work in progress (a training checkpoint) in scratch
// files named by its key and settings (ScratchPathOf); they are deleted once its result is stored.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemos.Formats;

namespace Mnemos.Experiments;

/// <summary>How a cell was obtained in this run: reused from its file, or computed (and why).</summary>
public sealed record CellRecord(string Key, bool Reused, double Seconds, string SettingsSha256, string? Reason);

/// <summary>Stores results of an experiment's cells keyed by name and settings.</summary>
public sealed class CellStore
{
    /// <summary>Marks a cell file; a file without it is not a cell.</summary>
    public const string Format = "mnemos-cell";
    public const int Version = 1;

    readonly List<CellRecord> records = [];

    // Results are written and read with ExperimentJson.Compact plus a converter for complex numbers,
    // so a result read back equals the one computed (settings are hashed with Compact alone).
    static readonly JsonSerializerOptions ResultJson = CreateResultJson();

    static JsonSerializerOptions CreateResultJson()
    {
        var options = new JsonSerializerOptions(ExperimentJson.Compact);
        options.Converters.Add(new ComplexJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public CellStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
    }

    /// <summary>The folder of the cell files.</summary>
    public string Folder { get; }

    /// <summary>The cells asked for so far, in order.</summary>
    public IReadOnlyList<CellRecord> Records
    {
        get { lock (records) return records.ToArray(); }
    }

    /// <summary>
    /// When true, a cell without a usable file is not computed: <see cref="GetOrCompute{T}"/> throws
    /// <see cref="CellMissingException"/> (how a report is built from cells computed elsewhere).
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>Raised after each cell is reused or computed.</summary>
    public event Action<CellRecord>? CellDone;

    /// <summary>Path of the file of <paramref name="key"/>.</summary>
    public string PathOf(string key) => Path.Combine(Folder, CheckKey(key) + ".json");

    /// <summary>
    /// Path of a scratch file <paramref name="name"/> of the cell <paramref name="key"/> computed with
    /// <paramref name="settings"/> (the folder created): work in progress that a later run with the
    /// same settings may pick up, and other settings never see. Deleted when the cell's result is stored.
    /// </summary>
    public string ScratchPathOf(string key, object settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.IndexOfAny(['/', '\\']) >= 0) throw new ArgumentException($"scratch name '{name}': must not contain a path separator");
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, ScratchPrefix(key, ExperimentJson.Sha256(ExperimentJson.Serialize(settings))) + name);
    }

    static string ScratchPrefix(string key, string hash) => $"{CheckKey(key)}.{hash[..16]}.";

    /// <summary>
    /// The result stored under <paramref name="key"/> when its file exists and was computed with
    /// settings whose JSON equals that of <paramref name="settings"/>; otherwise runs
    /// <paramref name="compute"/>, writes its result atomically and returns it. If compute throws,
    /// nothing is written and an older file stays as it was. A <see cref="ReadOnly"/> store throws
    /// <see cref="CellMissingException"/> instead of computing.
    /// </summary>
    public T GetOrCompute<T>(string key, object settings, Func<T> compute)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(compute);
        string path = PathOf(key);
        string settingsJson = ExperimentJson.Serialize(settings);
        string hash = ExperimentJson.Sha256(settingsJson);
        var (found, stored, seconds, reason) = TryRead<T>(path, hash);
        if (found)
            return Done(new CellRecord(key, true, seconds, hash, null), stored!);
        if (ReadOnly) throw new CellMissingException(key, reason!);

        var clock = Stopwatch.StartNew();
        T result = compute();
        seconds = clock.Elapsed.TotalSeconds;
        var file = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["key"] = key,
            ["settings_sha256"] = hash,
            ["settings"] = JsonNode.Parse(settingsJson),
            ["seconds"] = seconds,
            ["computed_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["result"] = JsonSerializer.SerializeToNode(result, ResultJson),
        };
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllText(path, file.ToJsonString(ExperimentJson.Compact));
        foreach (string scratch in Directory.EnumerateFiles(Folder, ScratchPrefix(key, hash) + "*"))
            File.Delete(scratch);
        return Done(new CellRecord(key, false, seconds, hash, reason), result);
    }

    T Done<T>(CellRecord record, T result)
    {
        lock (records) records.Add(record);
        CellDone?.Invoke(record);
        return result;
    }

    // (true, result, seconds it took when computed, null) when usable; (false, default, 0, why not) otherwise.
    static (bool Found, T? Result, double Seconds, string? Reason) TryRead<T>(string path, string hash)
    {
        if (!File.Exists(path)) return (false, default, 0, "new");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
                return (false, default, 0, "not a cell file");
            if (!root.TryGetProperty("version", out var version) || version.GetInt32() != Version)
                return (false, default, 0, $"cell format version {version} (expected {Version})");
            if (!root.TryGetProperty("settings_sha256", out var stored) || stored.GetString() != hash)
                return (false, default, 0, "settings changed");
            double seconds = root.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
            var result = root.GetProperty("result").Deserialize<T>(ResultJson);
            return result is null ? (false, default, 0, "empty result") : (true, result, seconds, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return (false, default, 0, "unreadable file");
        }
    }

    static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (char c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"cell key '{key}': use letters, digits, '-', '_' and '.' only (found '{c}')");
        if (key.StartsWith('.')) throw new ArgumentException($"cell key '{key}': must not start with '.'");
        return key;
    }
}
