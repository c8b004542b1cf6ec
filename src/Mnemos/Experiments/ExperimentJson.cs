// Experiment JSON: result files and run.json follow the JSON convention of every output (JsonConvention:
// snake_case, null for NaN and infinities). Cell files are a cache read back into results, so they
// keep NaN and infinities as the strings "NaN" / "Infinity": a result read back equals the one computed.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemos.Formats;

namespace Mnemos.Experiments;

/// <summary>Serializer settings and hashing of experiment JSON.</summary>
internal static class ExperimentJson
{
    /// <summary>Compact and lossless, for cell files (grids of thousands of labels) and hashing settings.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Indented, for files people read (run.json, result.json): the shared convention.</summary>
    public static JsonSerializerOptions Indented => JsonConvention.Indented;

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
