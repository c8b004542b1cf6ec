// Machine-readable report summaries: indented JSON beside the HTML page, written atomically.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemos.Formats;

namespace Mnemos.Reports;

/// <summary>
/// System.Text.Json with fixed options: indented, camelCase property names, numbers in invariant
/// round-trip form, and non-ASCII text (ρ, λ) kept readable. NaN and ±∞ are written as the JSON
/// strings "NaN", "Infinity" and "-Infinity" (not null, which would lose which one it was) and read
/// back from them; Python's json.loads needs float(s) for those fields. Serialization is
/// reflection-based, so an app built with PublishAot (file-based `dotnet run x.cs` apps by default)
/// must turn it off to use this class.
/// </summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() }, // "Plateau", not 5
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Writes <see cref="Serialize"/>(value) plus a final newline as UTF-8 through <see cref="AtomicFile"/>.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value) + "\n");

    public static T? Read<T>(string path) => Deserialize<T>(File.ReadAllText(path));
}
