// The free-form part of a model file's metadata (training settings, data fingerprint, loss
// history, extra keys) and its encoding as safetensors string entries. The architecture keys
// and format/version checks live in ModelFile.cs.
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mnemos.Tensors;

namespace Mnemos.Storage;

/// <summary>What a model file records beside its architecture and parameters.</summary>
internal sealed record ModelMetadata
{
    static readonly IReadOnlyDictionary<string, string> empty = new Dictionary<string, string>();

    /// <summary>Training settings as text, e.g. optimizer → "adam", lr → "0.0001", seed → "42".</summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = empty;

    /// <summary>Which data the network stores; null when unknown.</summary>
    public DataFingerprint? Data { get; init; }

    /// <summary>(epoch, loss) pairs in the order recorded; NaN and infinities are kept (stored as JSON strings).</summary>
    public IReadOnlyList<LossPoint> LossHistory { get; init; } = [];

    /// <summary>Any other metadata keys, stored verbatim; names must not be one of <see cref="ModelFile.ReservedKeys"/>.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = empty;
}

/// <summary>SHA-256 (lowercase hex) of the data's little-endian float32 bytes, row-major, plus its shape.</summary>
internal sealed record DataFingerprint(string Sha256, int Rows, int Cols)
{
    public static DataFingerprint Of(Matrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (BitConverter.IsLittleEndian)
        {
            hash.AppendData(MemoryMarshal.AsBytes(data.Span));
        }
        else
        {
            Span<byte> bytes = stackalloc byte[4];
            foreach (float v in data.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                hash.AppendData(bytes);
            }
        }
        return new DataFingerprint(Convert.ToHexStringLower(hash.GetHashAndReset()), data.Rows, data.Cols);
    }

    /// <summary>"n x d" as stored in the data_shape key, e.g. "100x784".</summary>
    public string Shape => $"{Rows}x{Cols}";
}

internal static class ModelMetadataCodec
{
    public const string Training = "training", DataSha256 = "data_sha256", DataShape = "data_shape", LossHistory = "loss_history";

    static readonly JsonWriterOptions writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Encode(ModelMetadata metadata, Dictionary<string, string> entries)
    {
        if (metadata.Training.Count > 0)
        {
            entries[Training] = WriteJson(json =>
            {
                json.WriteStartObject();
                foreach (var key in metadata.Training.Keys.Order(StringComparer.Ordinal))
                    json.WriteString(key, metadata.Training[key] ?? throw new ArgumentException($"training setting '{key}' is null"));
                json.WriteEndObject();
            });
        }
        if (metadata.Data is { } data)
        {
            if (data.Sha256.Length != 64 || !data.Sha256.All(char.IsAsciiHexDigitLower))
                throw new ArgumentException($"data fingerprint '{data.Sha256}' is not 64 lowercase hex digits");
            entries[DataSha256] = data.Sha256;
            entries[DataShape] = data.Shape;
        }
        if (metadata.LossHistory.Count > 0)
        {
            entries[LossHistory] = WriteJson(json =>
            {
                json.WriteStartArray();
                foreach (var (epoch, loss) in metadata.LossHistory)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(epoch);
                    if (double.IsFinite(loss)) json.WriteNumberValue(loss);
                    else json.WriteStringValue(loss.ToString(CultureInfo.InvariantCulture));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            });
        }
        foreach (var (key, value) in metadata.Extra)
        {
            if (ModelFile.ReservedKeys.Contains(key)) throw new ArgumentException($"extra metadata key '{key}' is reserved by the model format");
            entries[key] = value ?? throw new ArgumentException($"extra metadata value of '{key}' is null");
        }
    }

    public static ModelMetadata Decode(IReadOnlyDictionary<string, string> entries)
    {
        var training = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entries.TryGetValue(Training, out var trainingJson))
            ParseJson(Training, trainingJson, "a JSON object of strings", root =>
            {
                if (root.ValueKind != JsonValueKind.Object) return false;
                foreach (var p in root.EnumerateObject())
                    if (p.Value.ValueKind != JsonValueKind.String || !training.TryAdd(p.Name, p.Value.GetString()!)) return false;
                return true;
            });

        DataFingerprint? data = null;
        bool hasSha = entries.TryGetValue(DataSha256, out var sha), hasShape = entries.TryGetValue(DataShape, out var shape);
        if (hasSha != hasShape) throw new InvalidDataException($"metadata has {(hasSha ? DataSha256 : DataShape)} without {(hasSha ? DataShape : DataSha256)}");
        if (hasSha)
        {
            // Lower case only, as documented and written: an upper-case digest is another writer's, or damage.
            if (sha!.Length != 64 || !sha.All(char.IsAsciiHexDigitLower)) throw new InvalidDataException($"metadata {DataSha256} '{OneLine(sha)}' is not 64 lowercase hex digits");
            string[] parts = shape!.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rows)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int cols))
                throw new InvalidDataException($"metadata {DataShape} '{OneLine(shape)}' is not of the form <rows>x<cols>, e.g. 100x784");
            data = new DataFingerprint(sha, rows, cols);
        }

        var losses = new List<LossPoint>();
        if (entries.TryGetValue(LossHistory, out var lossJson))
            ParseJson(LossHistory, lossJson, "a JSON list of [epoch, loss] pairs", root =>
            {
                if (root.ValueKind != JsonValueKind.Array) return false;
                foreach (var pair in root.EnumerateArray())
                {
                    if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || !pair[0].TryGetInt64Safe(out long epoch)) return false;
                    if (!TryGetLoss(pair[1], out double loss)) return false;
                    losses.Add(new LossPoint(epoch, loss));
                }
                return true;
            });

        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
            if (!ModelFile.ReservedKeys.Contains(key)) extra.Add(key, value);
        return new ModelMetadata { Training = training, Data = data, LossHistory = losses, Extra = extra };
    }

    static bool TryGetInt64Safe(this JsonElement e, out long value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }

    static bool TryGetLoss(JsonElement e, out double loss)
    {
        loss = 0;
        if (e.ValueKind == JsonValueKind.Number) return e.TryGetDouble(out loss);
        return e.ValueKind == JsonValueKind.String
            && e.GetString() is "NaN" or "Infinity" or "-Infinity"
            && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out loss);
    }

    static void ParseJson(string key, string text, string expected, Func<JsonElement, bool> read)
    {
        bool ok;
        try
        {
            using var document = JsonDocument.Parse(text);
            ok = read(document.RootElement);
        }
        catch (JsonException)
        {
            ok = false;
        }
        if (!ok) throw new InvalidDataException($"metadata {key} is not {expected}: {OneLine(text, 120)}");
    }

    // Values come from the file: one line, no control characters, cut short.
    static string OneLine(string text, int limit = 70)
    {
        string line = new(text.Take(limit).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= limit ? line : line + "…";
    }

    static string WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, writerOptions)) write(json);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
