// Headless Chromium driven over the DevTools protocol: started with a throwaway profile and
// --remote-debugging-port=0, its WebSocket address read from the "DevTools listening on" line of
// stderr, one page opened with Target.createTarget and attached with flatten: true (its sessionId on every command).
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Browser;

internal sealed partial class CdpBrowser : IAsyncDisposable
{
    readonly Process process;
    readonly TempDirectory profile;
    readonly StringBuilder log;
    readonly CdpConnection connection;

    CdpBrowser(Process process, TempDirectory profile, StringBuilder log, CdpConnection connection) =>
        (this.process, this.profile, this.log, this.connection) = (process, profile, log, connection);

    /// <summary>Uncaught exceptions and console errors of the pages so far.</summary>
    public IReadOnlyCollection<string> PageErrors => connection.PageErrors;

    /// <summary>What the browser wrote on stderr, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    public static async Task<CdpBrowser> LaunchAsync(string executable, TimeSpan timeout)
    {
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "--window-size=1200,900", "about:blank",
        }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) endpoint.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var address = await endpoint.Task.WaitAsync(timeout);
            using var connecting = new CancellationTokenSource(timeout);
            var connection = await CdpConnection.ConnectAsync(address, connecting.Token);
            return new CdpBrowser(process, profile, log, connection);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            string stderr;
            lock (log) stderr = log.ToString();
            throw new InvalidOperationException($"{executable}: no DevTools endpoint within {timeout.TotalSeconds:F0} s ({e.Message}); stderr:\n{stderr}", e);
        }
    }

    /// <summary>A new page (about:blank) with the Page and Runtime domains enabled.</summary>
    public async Task<CdpPage> NewPageAsync(CancellationToken cancellation)
    {
        var target = await connection.SendAsync("Target.createTarget", new { url = "about:blank" }, null, cancellation);
        string targetId = target.GetProperty("targetId").GetString()!;
        var attached = await connection.SendAsync("Target.attachToTarget", new { targetId, flatten = true }, null, cancellation);
        var page = new CdpPage(connection, attached.GetProperty("sessionId").GetString()!);
        await page.SendAsync("Page.enable", null, cancellation);
        await page.SendAsync("Runtime.enable", null, cancellation);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await connection.SendAsync("Browser.close", null, null, closing.Token);
        }
        catch (Exception e) when (e is CdpException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
        }
        await connection.DisposeAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
        process.Dispose();
        profile.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();
}

/// <summary>One page of the browser: navigation, script evaluation, waiting for a condition, real mouse input.</summary>
internal sealed class CdpPage(CdpConnection connection, string sessionId)
{
    public Task<JsonElement> SendAsync(string method, object? parameters, CancellationToken cancellation) =>
        connection.SendAsync(method, parameters, sessionId, cancellation);

    /// <summary>Opens <paramref name="url"/> and waits until the document has loaded.</summary>
    public async Task NavigateAsync(string url, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var navigated = await SendAsync("Page.navigate", new { url }, cancel.Token);
        if (navigated.TryGetProperty("errorText", out var error)) throw new CdpException($"Page.navigate {url}: {error.GetString()}");
        await WaitForAsync("document.readyState === 'complete'", timeout);
    }

    /// <summary>
    /// The value of <paramref name="expression"/> (awaited if a promise, returned by value as JSON).
    /// An exception in the page is thrown here with its description.
    /// </summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellation = default)
    {
        var answer = await SendAsync("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, cancellation);
        if (answer.TryGetProperty("exceptionDetails", out var details))
        {
            string text = details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString()! : details.GetProperty("text").GetString()!;
            throw new CdpException($"evaluating `{expression}`: {text}");
        }
        var result = answer.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Polls <paramref name="expression"/> until it is truthy and returns its value; fails naming it and its last value after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string expression, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        JsonElement value = default;
        while (clock.Elapsed < timeout)
        {
            value = await EvaluateAsync(expression);
            if (Truthy(value)) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException($"`{expression}` still {(value.ValueKind == JsonValueKind.Undefined ? "undefined" : value.ToString())} after {timeout.TotalSeconds:F0} s");
    }

    /// <summary>A left click (press and release) at viewport point (<paramref name="x"/>, <paramref name="y"/>), as a user's mouse makes it.</summary>
    public async Task ClickAtAsync(double x, double y)
    {
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y }, default);
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", buttons = 1, clickCount = 1 }, default);
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", buttons = 0, clickCount = 1 }, default);
    }

    static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => true,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        _ => false,
    };
}
