// One `mnemos demo --quick` run shared by the tests that read its report (the report's content, its
// layout in a browser), so the demo runs once per test run, not once per test class.
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public sealed class QuickDemo : IDisposable
{
    readonly TempDirectory directory = new();

    public QuickDemo()
    {
        Folder = Path.Combine(directory.Path, "report");
        Run = CliRunner.Run("demo", "--quick", "--out", Folder);
    }

    /// <summary>The report folder given to --out (index.html, results.json, pictures).</summary>
    public string Folder { get; }

    /// <summary>The demo's exit code and output.</summary>
    internal CliRun Run { get; }

    public void Dispose() => directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class QuickDemoCollection : ICollectionFixture<QuickDemo>
{
    public const string Name = "quick demo";
}
