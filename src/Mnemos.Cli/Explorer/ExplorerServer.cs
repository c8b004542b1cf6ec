// The explorer's local web server: Kestrel on 127.0.0.1 only (requests naming another host are
// refused, so a web page elsewhere cannot reach it through DNS rebinding), the page at / and the
// JSON API under /api (docs/explore.md). No logging, no configuration files: the command's
// cancellation token, not the console, stops it.
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mnemos.Formats;

namespace Mnemos.Cli.Explorer;

internal sealed class ExplorerServer : IAsyncDisposable
{
    /// <summary>The page, embedded in the assembly (Explorer/explorer.html).</summary>
    public const string PageResource = "Mnemos.Cli.Explorer.explorer.html";

    readonly WebApplication app;

    ExplorerServer(WebApplication app, string url) => (this.app, Url) = (app, url);

    /// <summary>http://127.0.0.1:PORT/ as bound (the free port chosen when 0 was asked for).</summary>
    public string Url { get; }

    /// <summary>Serves <paramref name="api"/> on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The port cannot be bound; the message names it.</exception>
    public static async Task<ExplorerServer> StartAsync(ExplorerApi api, int port, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        var app = builder.Build();
        app.Use(LocalHostOnly);
        Map(app, api);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            if (e is IOException) throw new IOException($"--port {port}: {e.Message} (choose another port, or --port 0 for a free one)", e);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ExplorerServer(app, address.TrimEnd('/') + "/");
    }

    /// <summary>Stops serving; a request still running after 5 s (a long recall) is aborted, which cancels it.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }

    static void Map(WebApplication app, ExplorerApi api)
    {
        var routes = new Routes(api);
        app.MapGet("/", (RequestDelegate)Page);
        app.MapGet("/api/memory", (RequestDelegate)routes.Memory);
        app.MapGet("/api/item/{i}", (RequestDelegate)routes.Item);
        app.MapPost("/api/corrupt", (RequestDelegate)routes.Corrupt);
        app.MapPost("/api/recall", (RequestDelegate)routes.Recall);
    }

    /// <summary>The API endpoints: each answers JSON, a bad request its status with {"error": "..."}.</summary>
    sealed class Routes(ExplorerApi api)
    {
        public Task Memory(HttpContext context) => Write(context, 200, api.Memory());

        public Task Item(HttpContext context) => Answer(context, Task.Run(() => (object)api.Example((string)context.Request.RouteValues["i"]!)));

        public Task Corrupt(HttpContext context) => Answer(context, CorruptOf(context));

        public Task Recall(HttpContext context) => Answer(context, RecallOf(context));

        async Task<object> CorruptOf(HttpContext context) =>
            api.Corrupt(await ExplorerRequests.Read<CorruptRequest>(context.Request.Body, context.RequestAborted));

        // Recall runs off the request thread; closing the page cancels it.
        async Task<object> RecallOf(HttpContext context)
        {
            var request = await ExplorerRequests.Read<RecallRequest>(context.Request.Body, context.RequestAborted);
            return await Task.Run(() => api.Recall(request, context.RequestAborted), context.RequestAborted);
        }

        static async Task Answer(HttpContext context, Task<object> answer)
        {
            object body;
            try
            {
                body = await answer;
            }
            catch (ExplorerInputException e)
            {
                await Write(context, e.Status, new Dictionary<string, object?> { ["error"] = e.Message });
                return;
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Nothing is logged: the page shows the failure.
                await Write(context, StatusCodes.Status500InternalServerError, new Dictionary<string, object?> { ["error"] = $"failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}" });
                return;
            }
            await Write(context, 200, body);
        }

        static async Task Write(HttpContext context, int status, object body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(context.Response.Body, body, JsonConvention.Compact, context.RequestAborted);
        }
    }

    static async Task Page(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var page = typeof(ExplorerServer).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"resource {PageResource} is missing from the assembly");
        await page.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    static async Task LocalHostOnly(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Host.Host is "127.0.0.1" or "localhost") await next(context);
        else
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"host '{context.Request.Host}': the explorer answers only 127.0.0.1 and localhost\n");
        }
    }

    /// <summary>The host's lifetime without console handlers: the command's cancellation token stops the server.</summary>
    sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
