// Headless Chromium for the browser tests: scripts/chromium.sh finds (or, as root with apt-get,
// installs) it once per test run. Where it cannot (exit 2), ChromiumFact reports the test skipped
// with the script's reason; any other failure of the script fails the test.
namespace Mnemos.Tests.Support;

/// <summary>A fact reported as skipped, with the reason, where no headless Chromium can be had.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Unavailable is { } reason) Skip = $"needs headless Chromium (scripts/chromium.sh): {reason}";
    }
}

internal static class Chromium
{
    static readonly Lazy<(int Code, string Out, string Error)> Script = new(() =>
        Programs.Run(TimeSpan.FromMinutes(10), "bash", Path.Combine(Repository.Root, "scripts", "chromium.sh")));

    /// <summary>The script's reason when it exits 2 (no browser and no way to install one here), else null.</summary>
    public static string? Unavailable => Script.Value.Code == 2 ? Script.Value.Error.Trim() : null;

    /// <summary>The browser's path; throws with the script's output when it failed otherwise.</summary>
    public static string Browser => Script.Value.Code == 0
        ? Script.Value.Out.Trim().Split('\n')[^1].Trim()
        : throw new InvalidOperationException($"scripts/chromium.sh exited {Script.Value.Code}: {Script.Value.Error.Trim()}");

    /// <summary>
    /// The DOM of <paramref name="page"/> after load and scripts, serialized by
    /// <c>chromium --headless --dump-dom</c> in a window <paramref name="width"/> × <paramref name="height"/> px.
    /// </summary>
    public static string DumpDom(string page, int width, int height)
    {
        using var profile = new TempDirectory();
        var (code, output, error) = Programs.Run(TimeSpan.FromMinutes(2), Browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            $"--user-data-dir={profile.Path}", $"--window-size={width},{height}", "--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri);
        if (code != 0 || output.Length == 0) throw new InvalidOperationException($"chromium --dump-dom {page} exited {code}: {error}");
        return output;
    }
}
