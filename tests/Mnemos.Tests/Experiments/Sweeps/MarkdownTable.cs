// Test helper: reads back a markdown pipe table (the first one in a text) without the library's
// writer, so table tests check the written text itself.
namespace Mnemos.Tests.Experiments.Sweeps;

internal sealed record MarkdownTable(string[] Header, string[][] Rows)
{
    public static MarkdownTable Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.True(lines.Length >= 2, $"no markdown table in:\n{text}");
        static string[] Cells(string line)
        {
            Assert.EndsWith("|", line);
            return line[1..^1].Split('|').Select(c => c.Trim()).ToArray();
        }
        var header = Cells(lines[0]);
        var separator = Cells(lines[1]);
        Assert.Equal(header.Length, separator.Length);
        Assert.All(separator, s => Assert.Matches("^:?-{3,}:?$", s));
        var rows = lines.Skip(2).Select(Cells).ToArray();
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        return new MarkdownTable(header, rows);
    }

    /// <summary>The cell text at (row label, column label).</summary>
    public string At(string row, string column) => Rows.Single(r => r[0] == row)[Array.IndexOf(Header, column)];
}
