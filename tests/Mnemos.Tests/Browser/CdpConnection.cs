// A minimal Chrome DevTools Protocol client: JSON commands over the browser's WebSocket, each
// answered by id; commands to a page carry its sessionId (targets attached with flatten). Events are ignored but
// for the page's uncaught exceptions and console errors, collected so tests can assert there were none.
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Mnemos.Tests.Browser;

/// <summary>A CDP command answered with an error.</summary>
internal sealed class CdpException(string message) : Exception(message);

internal sealed class CdpConnection : IAsyncDisposable
{
    readonly ClientWebSocket socket = new();
    readonly ConcurrentDictionary<int, (string Method, TaskCompletionSource<JsonElement> Answer)> pending = new();
    readonly SemaphoreSlim sending = new(1, 1);
    readonly ConcurrentQueue<string> pageErrors = new();
    Task receiving = Task.CompletedTask;
    int lastId;

    CdpConnection() { }

    /// <summary>Uncaught exceptions and console.error messages of the pages, in order.</summary>
    public IReadOnlyCollection<string> PageErrors => pageErrors;

    public static async Task<CdpConnection> ConnectAsync(Uri endpoint, CancellationToken cancellation)
    {
        var connection = new CdpConnection();
        connection.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection.socket.ConnectAsync(endpoint, cancellation);
        connection.receiving = Task.Run(connection.ReceiveAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sends <paramref name="method"/> (to the page of <paramref name="sessionId"/>, else the browser) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters, string? sessionId, CancellationToken cancellation)
    {
        int id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = (method, answer);
        var message = new Dictionary<string, object?> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new { } };
        if (sessionId is not null) message["sessionId"] = sessionId;
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await sending.WaitAsync(cancellation);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellation);
        }
        finally
        {
            sending.Release();
        }
        using var registration = cancellation.Register(() => answer.TrySetCanceled(cancellation));
        return await answer.Task;
    }

    async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (WebSocketException)
        {
        }
        foreach (var id in pending.Keys)
            if (pending.TryRemove(id, out var waiting)) waiting.Answer.TrySetException(new CdpException($"{waiting.Method}: the browser closed the connection"));
    }

    void Dispatch(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (!pending.TryRemove(id.GetInt32(), out var waiting)) return;
            if (root.TryGetProperty("error", out var error)) waiting.Answer.TrySetException(new CdpException($"{waiting.Method}: {error}"));
            else waiting.Answer.TrySetResult(root.GetProperty("result").Clone());
            return;
        }
        string method = root.TryGetProperty("method", out var m) ? m.GetString() ?? "" : "";
        if (method == "Runtime.exceptionThrown")
        {
            var details = root.GetProperty("params").GetProperty("exceptionDetails");
            pageErrors.Enqueue(details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString()! : details.GetProperty("text").GetString()!);
        }
        else if (method == "Runtime.consoleAPICalled" && root.GetProperty("params").GetProperty("type").GetString() == "error")
            pageErrors.Enqueue("console.error: " + root.GetProperty("params").GetProperty("args"));
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        socket.Dispose();
        await receiving;
        sending.Dispose();
    }
}
