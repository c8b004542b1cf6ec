// The headless browser of the browser tests: scripts/chromium.sh finds Chromium or installs Debian's
// package (as root, with apt) and prints its path. Where it says it cannot (exit 2: not root, no
// apt-get) the tests are skipped with its reason; any other failure fails them.
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Browser;

/// <summary>A fact reported as skipped, with the reason, where no headless Chromium can be had.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Unavailable is { } reason) Skip = $"needs headless Chromium (scripts/chromium.sh): {reason}";
    }
}

internal static class Chromium
{
    static readonly Lazy<(string? Path, string? Unavailable, string? Failure)> Located = new(Locate);

    /// <summary>Why no browser can be had here (chromium.sh exit 2), or null.</summary>
    public static string? Unavailable => Located.Value.Unavailable;

    /// <summary>The browser's executable.</summary>
    /// <exception cref="InvalidOperationException">chromium.sh failed for another reason than exit 2; the message has its output.</exception>
    public static string Executable => Located.Value.Path ?? throw new InvalidOperationException(Located.Value.Failure ?? Located.Value.Unavailable);

    static (string?, string?, string?) Locate()
    {
        string script = Path.Combine(Programs.RepositoryRoot(), "scripts", "chromium.sh");
        var (code, output, error) = Programs.Run(TimeSpan.FromMinutes(10), "bash", script);
        string path = output.Trim().Split('\n')[^1].Trim();
        return code switch
        {
            0 when File.Exists(path) => (path, null, null),
            2 => (null, error.Trim(), null),
            _ => (null, null, $"scripts/chromium.sh exit {code}: {output.Trim()} {error.Trim()}"),
        };
    }
}
