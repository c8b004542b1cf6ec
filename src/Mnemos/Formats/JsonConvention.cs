// The one JSON convention of every --json output and results file: snake_case property names,
// numbers as numbers, null where a double is NaN or infinite (JSON has neither), enums by their
// snake_case names ("not_attractor", "stored_attractor", "max_epochs"), non-ASCII text (ρ, λ) kept
// readable. Dictionary keys are written as given: commands name their own keys in snake_case, and
// keys that are data (class names, variant names) must not be rewritten. docs/json.md describes it.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mnemos.Formats;

/// <summary>The shared serializer options of every JSON output.</summary>
internal static class JsonConvention
{
    /// <summary>Indented, for stdout and files people read.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Compact, for large files.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new NonFiniteAsNull());
        options.Converters.Add(new NonFiniteFloatAsNull());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// String-valued fields (file metadata, where everything is text) with numbers and booleans as
    /// JSON numbers and booleans: "0" → 0, "1e-3" → 0.001, "true" → true, "NaN" → null; other text,
    /// and every field named in <paramref name="text"/> (text that may look like a number), stays.
    /// </summary>
    public static Dictionary<string, object?> Typed(IEnumerable<KeyValuePair<string, string>> fields, params string[] text)
    {
        var typed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields) typed[key] = text.Contains(key) ? value : Typed(value);
        return typed;
    }

    static object? Typed(string text)
    {
        if (text is "true" or "false") return text == "true";
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole)) return whole;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
            return double.IsFinite(real) ? real : null;
        return text;
    }

    /// <summary>Doubles: NaN and ±∞ written as null, null read back as NaN.</summary>
    sealed class NonFiniteAsNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>Floats: as <see cref="NonFiniteAsNull"/>.</summary>
    sealed class NonFiniteFloatAsNull : JsonConverter<float>
    {
        public override bool HandleNull => true;

        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
