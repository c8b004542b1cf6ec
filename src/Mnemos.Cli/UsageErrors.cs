// How usage errors reach the user: every parse error, one line each; an unknown command or option
// named with the closest known name ("did you mean"); framework text such as .NET's
// " (Parameter 'spec')" removed. Also the old option names kept as hidden aliases (parsed, not shown in help).
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Mnemos.Cli;

static partial class UsageErrors
{
    static readonly ConditionalWeakTable<Option, List<string>> Hidden = [];

    /// <summary>Adds <paramref name="aliases"/> to <paramref name="option"/>, parsed like its name but left out of help and of suggestions.</summary>
    public static T WithHiddenAliases<T>(T option, params string[] aliases) where T : Option
    {
        foreach (string alias in aliases) option.Aliases.Add(alias);
        Hidden.GetOrCreateValue(option).AddRange(aliases);
        return option;
    }

    /// <summary>
    /// <paramref name="help"/> (the parser's help text) with the hidden aliases taken out of the
    /// option column, padded back so the descriptions stay aligned.
    /// </summary>
    public static string WithoutHiddenAliases(string help, Command root)
    {
        var aliases = Descendants(root).SelectMany(c => c.Options)
            .SelectMany(o => Hidden.TryGetValue(o, out var list) ? list : []).Distinct().ToList();
        var lines = help.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        foreach (string alias in aliases)
        {
            string line = lines[i];
            int at = line.IndexOf($", {alias} ", StringComparison.Ordinal);
            int length = alias.Length + 2;
            if (at < 0)
            {
                at = line.IndexOf($"{alias}, ", StringComparison.Ordinal);
                if (at < 0 || at > 0 && line[at - 1] != ' ') continue;
            }
            line = line.Remove(at, length);
            int gap = line.IndexOf("  ", line.TrimStart().Length > 0 ? line.Length - line.TrimStart().Length : 0, StringComparison.Ordinal);
            lines[i] = gap < 0 ? line : line.Insert(gap, new string(' ', length));
        }
        return string.Join('\n', lines);
    }

    static IEnumerable<Command> Descendants(Command command) => command.Subcommands.SelectMany(Descendants).Prepend(command);

    /// <summary>
    /// One line per problem in <paramref name="parse"/>: each unmatched token (an unknown command or
    /// option, with the closest known name when one is near), then every other parse error.
    /// </summary>
    public static List<string> Lines(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens;
        var lines = new List<string>();
        for (int i = 0; i < unmatched.Count; i++)
        {
            string token = unmatched[i];
            lines.Add(Unknown(token, command, parse.CommandResult));
            // After an unknown command the rest were meant for it; after an unknown option, a bare
            // word is most likely its value: neither is a problem of its own.
            if (!token.StartsWith('-') && command.Subcommands.Count > 0) return lines;
            if (token.StartsWith('-') && !token.Contains('=') && i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith('-')) i++;
        }
        foreach (var error in parse.Errors)
        {
            // The parser's own line for an unmatched token is replaced by the one above.
            if (unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            // "Required command was not provided" after an unknown command says nothing more.
            if (unmatched.Count > 0 && error.SymbolResult is CommandResult && command.Subcommands.Count > 0) continue;
            lines.Add(error.SymbolResult is CommandResult r && r.Command.Subcommands.Count > 0 && r.Command.Action is null
                ? $"name a command: {string.Join(", ", r.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
                : Clean(error.Message));
        }
        return lines;
    }

    static string Unknown(string token, Command command, CommandResult result)
    {
        if (token.StartsWith('-'))
        {
            string name = token.Split('=', 2)[0];
            return $"unknown option '{name}'{Suggest(name, OptionNames(command, result))}";
        }
        return command.Subcommands.Count > 0
            ? $"unknown command '{token}'{Suggest(token, command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name).Select(a => (a, c.Name))))}"
            : $"unexpected argument '{token}'";
    }

    // Every option the command accepts (its own and recursive ones above it), each spelling mapped to
    // the name to suggest: a hidden alias suggests the option's name.
    static IEnumerable<(string Spelling, string Name)> OptionNames(Command command, CommandResult result)
    {
        var options = command.Options.ToList();
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
            options.AddRange(parent.Command.Options.Where(o => o.Recursive));
        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name).Select(a => (a, o.Name)));
    }

    /// <summary>"; did you mean 'store'?" for the known name closest to <paramref name="typed"/>, or "" when none is close.</summary>
    public static string Suggest(string typed, IEnumerable<(string Spelling, string Name)> known)
    {
        string bare = typed.TrimStart('-').ToLowerInvariant();
        int limit = bare.Length <= 3 ? 1 : bare.Length <= 6 ? 2 : 3;
        var near = known
            .Select(k => (k.Name, Distance: EditDistance(bare, k.Spelling.TrimStart('-').ToLowerInvariant())))
            .Where(k => k.Distance <= limit)
            .GroupBy(k => k.Distance).OrderBy(g => g.Key).FirstOrDefault()?
            .Select(k => k.Name).Distinct().ToList();
        return near is null ? "" : $"; did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?";
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    /// <summary>The message of <paramref name="e"/> without .NET's " (Parameter 'name')", which names a C# parameter, not anything the user typed.</summary>
    public static string MessageOf(Exception e) => Clean(e.Message);

    /// <summary><paramref name="message"/> without any " (Parameter 'name')" the runtime appended.</summary>
    public static string Clean(string message) => ParameterSuffix().Replace(message, "");

    [GeneratedRegex(@" ?\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}
