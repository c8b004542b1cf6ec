// The source checkout the tests run from (found by Mnemos.slnx above the test binaries), for tests
// that read scripts or keep snapshot files beside their source.
namespace Mnemos.Tests.Support;

internal static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mnemos.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Mnemos.slnx above {AppContext.BaseDirectory}");
    }
}
