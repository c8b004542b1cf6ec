// The bodies the explorer's POST endpoints accept, read with the JSON convention (snake_case) and
// unknown fields refused, and the one exception type that becomes HTTP 400 with its message.
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemos.Formats;

namespace Mnemos.Cli.Explorer;

/// <summary>A request the explorer cannot serve: its one-line message names the field and value (HTTP 400, or 404 for a missing item).</summary>
internal sealed class ExplorerInputException(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>POST /api/corrupt: <c>values</c> corrupted by <c>corruption</c> (a text form of <c>mnemos recall --corrupt</c>) with <c>seed</c>.</summary>
internal sealed class CorruptRequest
{
    public float[]? Values { get; init; }
    public string? Corruption { get; init; }
    public long Seed { get; init; }
}

/// <summary>
/// POST /api/recall: iterate from <c>values</c> for at most <c>max_steps</c> steps, matching
/// <c>match</c> (strict or loose); <c>target</c> is the stored item the input came from, when known.
/// </summary>
internal sealed class RecallRequest
{
    public float[]? Values { get; init; }
    public int? MaxSteps { get; init; }
    public string? Match { get; init; }
    public int? Target { get; init; }
}

internal static partial class ExplorerRequests
{
    static readonly JsonSerializerOptions Options = new(JsonConvention.Compact) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>The request in <paramref name="body"/>; malformed JSON or an unknown field is one line naming it.</summary>
    public static async Task<T> Read<T>(Stream body, CancellationToken cancellation) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(body, Options, cancellation) ?? throw new ExplorerInputException("request body: expected a JSON object, got null");
        }
        catch (JsonException e)
        {
            throw new ExplorerInputException($"request body: {Describe<T>(e)}");
        }
    }

    // The serializer's messages name .NET types; the user wants the field, what it should be, and which fields there are.
    static string Describe<T>(JsonException e)
    {
        string fields = string.Join(", ", typeof(T).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)));
        if (UnknownField().Match(e.Message) is { Success: true } unknown) return $"unknown field '{unknown.Groups[1].Value}'; expected {fields}";
        if (e.Message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal)) return $"empty; expected a JSON object with {fields}";
        if (Unconvertible().Match(e.Message) is { Success: true } wrong)
        {
            string field = e.Path is null or "$" ? "" : e.Path[2..] + ": ";
            string expected = wrong.Groups[1].Value switch
            {
                var type when type == typeof(T).FullName => $"a JSON object with {fields}",
                "System.Single[]" => "a list of numbers",
                "System.Single" => "a number",
                "System.String" => "a string",
                _ => "an integer", // Int32, Int64 and their nullable forms
            };
            return $"{field}expected {expected}";
        }
        return e.Message.ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (\S+?)\. Path:")]
    private static partial Regex Unconvertible();

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped to any")]
    private static partial Regex UnknownField();
}
