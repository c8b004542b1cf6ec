// The library's dependency direction, read from the using directives and qualified names in its
// sources: the generic file formats use nothing above Tensors, model files (Storage) nothing from
// training or above, and nothing in the library writes to the console. A forbidden reference fails naming the file, line and namespace.
using System.Text.RegularExpressions;

namespace Mnemos.Tests;

public partial class LayeringTests
{
    static readonly string[] Folders =
        ["Tensors", "Kernels", "Linalg", "Nn", "Formats", "Storage", "Training", "Recurrent", "Dynamics", "Data", "Imaging", "Reports", "Experiments"];

    static string LibraryFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mnemos.slnx"))) return Path.Combine(dir.FullName, "src", "Mnemos");
        throw new DirectoryNotFoundException($"no Mnemos.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>Each (file, line, folder) where a source in <paramref name="folder"/> names another library folder's namespace.</summary>
    static IEnumerable<(string File, int Line, string Uses)> References(string folder)
    {
        string root = LibraryFolder();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
        {
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (string used in Namespaces(lines[i]))
                    if (used != folder) yield return (Path.GetRelativePath(root, path), i + 1, used);
            }
        }
    }

    /// <summary>The library folders whose namespaces a line of code names.</summary>
    static IEnumerable<string> Namespaces(string line) =>
        Qualified().Matches(Code(line)).Select(m => m.Groups["ns"].Value).Where(ns => Array.IndexOf(Folders, ns) >= 0);

    /// <summary>The line without its comment and string contents, so prose and messages do not count.</summary>
    static string Code(string line)
    {
        string noStrings = StringLiteral().Replace(line, "\"\"");
        int comment = noStrings.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? noStrings : noStrings[..comment];
    }

    // "using Mnemos.Nn;", "using static Mnemos.Nn.Init;" or a qualified "Mnemos.Nn.Mlp". A name
    // relative to the enclosing namespace ("Nn.Mlp" inside Mnemos.Formats) is not seen.
    [GeneratedRegex(@"(?<![\w.])Mnemos\.(?<ns>[A-Z]\w*)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"""(?:\\.|[^""\\])*""")]
    private static partial Regex StringLiteral();

    [Theory]
    [InlineData("Formats", new[] { "Tensors" })]
    [InlineData("Tensors", new string[0])]
    [InlineData("Storage", new[] { "Tensors", "Kernels", "Nn", "Formats" })]
    public void A_folder_uses_only_the_folders_below_it(string folder, string[] allowed)
    {
        var bad = References(folder).Where(r => Array.IndexOf(allowed, r.Uses) < 0).Select(r => $"{r.File}:{r.Line} uses Mnemos.{r.Uses}").ToArray();
        Assert.True(bad.Length == 0, string.Join("; ", bad));
    }

    [Theory]
    [InlineData("using Mnemos.Training;", "Training")]
    [InlineData("using static Mnemos.Nn.Init;", "Nn")]
    [InlineData("        var saved = Mnemos.Storage.ModelFile.Load(path); // then Mnemos.Dynamics", "Storage")]
    [InlineData("namespace Mnemos.Formats.Sub;", "Formats")]
    [InlineData("throw new ArgumentException(\"not a Mnemos.Training file\");", "")]
    [InlineData("/// <see cref=\"Mnemos.Nn.Mlp\"/>", "")]
    [InlineData("using Mnemos.Tests.Support;", "")]
    public void The_scan_sees_namespaces_in_code_and_not_in_comments_or_strings(string line, string expected)
    {
        Assert.Equal(expected, string.Join(",", Namespaces(line)));
    }

    [Fact]
    public void The_scan_finds_what_model_files_are_built_on()
    {
        var uses = References("Storage").Select(r => r.Uses).ToHashSet();
        Assert.Contains("Nn", uses);
        Assert.Contains("Formats", uses);
    }

    [Fact]
    public void Nothing_in_the_library_writes_to_the_console()
    {
        string root = LibraryFolder();
        var hits = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, i, code: Code(line))))
            .Where(x => Regex.IsMatch(x.code, @"\bConsole\."))
            .Select(x => $"{Path.GetRelativePath(root, x.path)}:{x.i + 1}").ToArray();
        Assert.True(hits.Length == 0, string.Join("; ", hits));
    }
}
