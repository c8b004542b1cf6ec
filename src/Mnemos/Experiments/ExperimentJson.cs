// The JSON form shared by cell files and run.json: snake_case names, NaN and infinities kept as
// the strings "NaN" / "Infinity" so no number is lost on the way to disk.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mnemos.Experiments;

/// <summary>Serializer settings and hashing of experiment JSON.</summary>
internal static class ExperimentJson
{
    /// <summary>Compact: cells hold grids of thousands of labels.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Indented, for files people read (run.json, results).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The compact JSON of <paramref name="value"/> by its runtime type (so derived members count).</summary>
    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Compact);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
