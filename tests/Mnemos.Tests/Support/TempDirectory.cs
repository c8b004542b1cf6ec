// Test file helpers: a fresh directory under the system temp folder per test (deleted on dispose),
// golden files beside the tests that read them, and allocation measured around a failing read.
namespace Mnemos.Tests.Support;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mnemos-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Golden
{
    /// <summary>Path of a file under <paramref name="folder"/>/golden in the test output folder, e.g. ("Formats", "f4_2x3.npy").</summary>
    public static string File(string folder, string name) => Path.Combine(AppContext.BaseDirectory, folder, "golden", name);
}

internal static class Allocation
{
    /// <summary>Bytes this thread allocates while running the action (which is expected to throw).</summary>
    public static long Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action();
        }
        catch (Exception)
        {
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
