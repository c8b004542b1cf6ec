// `mnemos --help` and every command's --help, compared exactly with the files in Cli/help/ (one per
// command: mnemos.txt, mnemos-demo.txt, …), so a change of help text is a reviewed change.
// Commands are read from the root help's Commands list, so a new command without a snapshot fails,
// saying how to make one. To write or refresh the snapshots after an intended change:
//   MNEMOS_UPDATE_SNAPSHOTS=1 dotnet test tests/Mnemos.Tests --filter "FullyQualifiedName~HelpSnapshotTests"
// then review the diff of tests/Mnemos.Tests/Cli/help/. Help is unwrapped here because the test
// host's output is redirected (System.CommandLine wraps only at a terminal's width).
using System.Text.RegularExpressions;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class HelpSnapshotTests
{
    static readonly string Folder = Path.Combine(Repository.Root, "tests", "Mnemos.Tests", "Cli", "help");
    static bool Updating => Environment.GetEnvironmentVariable("MNEMOS_UPDATE_SNAPSHOTS") == "1";
    const string Regenerate = "MNEMOS_UPDATE_SNAPSHOTS=1 dotnet test tests/Mnemos.Tests --filter \"FullyQualifiedName~HelpSnapshotTests\"";

    /// <summary>
    /// The help text of <c>mnemos <paramref name="command"/> --help</c>, with the one machine-dependent
    /// value (--threads defaults to the processor count) written as &lt;processor count&gt;, and the
    /// program name in "Usage:" (the test host's in-process) written as the tool's, mnemos.
    /// </summary>
    static string Help(IReadOnlyList<string> command)
    {
        var run = CliRunner.Run([.. command, "--help"]);
        Assert.True(run.ExitCode == 0 && run.Error.Length == 0, run.ToString());
        string cores = $"[default: {Environment.ProcessorCount}]";
        return string.Join("\n", run.Out.ReplaceLineEndings("\n").Split('\n')
            .Select(line => line.TrimStart().StartsWith("--threads", StringComparison.Ordinal) ? line.Replace(cores, "[default: <processor count>]", StringComparison.Ordinal) : line)
            .Select(line => line.StartsWith("  testhost", StringComparison.Ordinal) ? "  mnemos" + line["  testhost".Length..] : line));
    }

    /// <summary>Names in the "Commands:" section of a help text (first word of each entry).</summary>
    internal static string[] Commands(string help)
    {
        var section = Regex.Match(help, @"^Commands:\n((?:  .*\n?)*)", RegexOptions.Multiline);
        return section.Success
            ? Regex.Matches(section.Groups[1].Value, @"^  (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray()
            : [];
    }

    /// <summary>Every command path below the root, depth first: [], ["demo"], …, ["experiment"], … (subcommands after their parent).</summary>
    static List<string[]> CommandPaths()
    {
        var paths = new List<string[]>();
        void Walk(string[] path)
        {
            paths.Add(path);
            foreach (string name in Commands(Help(path))) Walk([.. path, name]);
        }
        Walk([]);
        return paths;
    }

    static string FileName(string[] path) => string.Join("-", ["mnemos", .. path]) + ".txt";

    [Fact]
    public void The_root_help_lists_the_commands_this_test_walks()
    {
        // The walk rests on parsing the Commands list; if that parse broke, it would check only the root.
        string[] names = Commands(Help([]));
        Assert.Contains("demo", names);
        Assert.Contains("recall", names);
        Assert.Contains("theory", names);
        Assert.DoesNotContain(names, n => n.StartsWith('<') || n.StartsWith('-'));
    }

    [Fact]
    public void Every_command_help_matches_its_snapshot_and_every_snapshot_has_a_command()
    {
        var paths = CommandPaths();
        var problems = new List<string>();
        if (Updating) Directory.CreateDirectory(Folder);
        foreach (var path in paths)
        {
            string file = Path.Combine(Folder, FileName(path)), help = Help(path), command = string.Join(" ", ["mnemos", .. path]);
            if (Updating)
            {
                File.WriteAllText(file, help);
                continue;
            }
            if (!File.Exists(file))
                problems.Add($"'{command} --help' has no snapshot: create tests/Mnemos.Tests/Cli/help/{FileName(path)} with {Regenerate}, and review it");
            else if (File.ReadAllText(file).ReplaceLineEndings("\n") != help)
                problems.Add($"'{command} --help' differs from tests/Mnemos.Tests/Cli/help/{FileName(path)}:\n{FirstDifference(File.ReadAllText(file).ReplaceLineEndings("\n"), help)}\n(if the change is intended: {Regenerate})");
        }
        var expected = paths.Select(FileName).ToHashSet();
        foreach (string stale in Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileName(f)).Where(f => !expected.Contains(f)) : [])
            problems.Add($"tests/Mnemos.Tests/Cli/help/{stale} belongs to no command: delete it");
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end)", y = i < b.Length ? b[i] : "(end)";
            if (x != y) return $"  line {i + 1}\n  snapshot: {x}\n  now:      {y}";
        }
        return "  (same lines)";
    }
}
