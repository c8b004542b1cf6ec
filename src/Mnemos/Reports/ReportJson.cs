// Machine-readable report summaries: indented JSON beside the HTML page, written atomically.
using System.Text.Json;
using Mnemos.Formats;

namespace Mnemos.Reports;

/// <summary>
/// System.Text.Json with the shared convention (<see cref="JsonConvention"/>): indented, snake_case
/// property names, NaN and ±∞ written as null, enums by their snake_case names, non-ASCII text (ρ, λ)
/// kept readable. Serialization is reflection-based, so an app built with PublishAot (file-based
/// `dotnet run x.cs` apps by default) must turn it off to use this class.
/// </summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options => JsonConvention.Indented;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Writes <see cref="Serialize"/>(value) plus a final newline as UTF-8 through <see cref="AtomicFile"/>.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value) + "\n");

    public static T? Read<T>(string path) => Deserialize<T>(File.ReadAllText(path));
}
