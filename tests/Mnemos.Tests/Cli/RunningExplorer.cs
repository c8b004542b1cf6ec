// `mnemos explore` run in-process on a background thread, as a user would start it, until the test
// cancels it as Ctrl+C would: the URL is read from its stdout line, requests go through HttpClient.
using System.Text;
using System.Text.RegularExpressions;
using Mnemos.Cli;

namespace Mnemos.Tests.Cli;

internal sealed partial class RunningExplorer : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly SignallingWriter stdout = new(), stderr = new();
    readonly Task<int> run;

    RunningExplorer(string[] args) =>
        run = Task.Run(() => CliApp.Run(["explore", .. args], stdout, stderr, new CliHost(Interactive: false, stop.Token)));

    public string Url { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Starts the explorer with <paramref name="args"/> and waits for the line with its URL (or its early exit, which fails).</summary>
    public static async Task<RunningExplorer> StartAsync(params string[] args)
    {
        var explorer = new RunningExplorer(args);
        var first = await Task.WhenAny(explorer.stdout.Url, explorer.run, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != explorer.stdout.Url)
            throw new InvalidOperationException($"mnemos explore did not start: {(explorer.run.IsCompleted ? $"exit {explorer.run.Result}" : "no URL after 60 s")}\nstdout:\n{explorer.stdout}\nstderr:\n{explorer.stderr}");
        explorer.Url = explorer.stdout.Url.Result;
        explorer.Http.BaseAddress = new Uri(explorer.Url);
        return explorer;
    }

    /// <summary>Cancels the host token (Ctrl+C) and returns how the command ended.</summary>
    public async Task<CliRun> StopAsync()
    {
        stop.Cancel();
        int code = await run.WaitAsync(TimeSpan.FromSeconds(30));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (!run.IsCompleted) await StopAsync();
        Http.Dispose();
        stop.Dispose();
    }

    /// <summary>A thread-safe text writer that completes <see cref="Url"/> with the first http://127.0.0.1:PORT/ written.</summary>
    sealed class SignallingWriter : TextWriter
    {
        readonly StringBuilder text = new();
        readonly TaskCompletionSource<string> url = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Url => url.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            lock (text)
            {
                text.Append(value);
                if (Address().Match(text.ToString()) is { Success: true } m) url.TrySetResult(m.Value);
            }
        }

        public override string ToString()
        {
            lock (text) return text.ToString();
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Address();
}
