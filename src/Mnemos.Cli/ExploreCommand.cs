// mnemos explore: serve a local page (http://127.0.0.1:PORT/, docs/explore.md) where a stored
// memory is explored — its items with status and ρ, an input picked or drawn, corrupted, and recall
// watched step by step. Statuses are certified once at startup (the memory file keeps ρ and the
// stored flags, not the certificates' errors and verdicts); recall is `mnemos recall`'s.
// Ctrl+C stops the server and exits 0: serving until stopped is the whole job. Ctrl+C during the
// startup certification interrupts work, which is "cancelled" and 130 as in every command.
using System.CommandLine;
using System.Diagnostics;
using Mnemos.Cli.Explorer;
using Mnemos.Data;
using Mnemos.Dynamics;

namespace Mnemos.Cli;

static class ExploreCommand
{
    /// <summary>The port served when --port is not given.</summary>
    public const int DefaultPort = 5170;

    sealed class Options
    {
        public readonly Argument<string?> Memory = new("memory") { Description = "Memory file written by 'mnemos store' (or give --model).", Arity = ArgumentArity.ZeroOrOne };
        public readonly Option<string?> Model = new("--model") { Description = "Memory file written by 'mnemos store' (same as the argument)." };
        public readonly Option<int> Port = CliOptions.Int("--port", "Port on 127.0.0.1 (0: any free port).", DefaultPort, 0, 65535);
        public readonly Option<string?> Shape = new("--image-shape")
        {
            Description = "How items are drawn and corrupted: WxHxC, row-major, channel fastest (default: a U-Net memory's image shape; else square gray when d is a perfect square, else d×1×1, plotted as a line).",
        };
        public readonly Option<double?> Margin = MemoryCli.MarginOption();
        public readonly Option<int> Threads = MemoryCli.ThreadsOption();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("explore",
            "Explore a memory in the browser: a local page (127.0.0.1 only) showing every stored item with its status and ρ, where an input is picked or drawn, corrupted, and recalled step by step (docs/explore.md). Ctrl+C stops it, exit 0.");
        command.Arguments.Add(o.Memory);
        foreach (var option in new Option[] { o.Model, o.Port, o.Shape, o.Margin, o.Threads }) command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string path = MemoryPath(parse.GetValue(o.Memory), parse.GetValue(o.Model));
        var memory = MemoryCli.Load(path);
        var shape = MemoryCli.ImageShapeOf(parse.GetValue(o.Shape), memory);
        var options = new CertifyOptions { Margin = parse.GetValue(o.Margin)!.Value };
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var clock = Stopwatch.StartNew();
        var stored = CertifyCommand.Assess(context, memory, parse.GetValue(o.Threads), options);
        double seconds = clock.Elapsed.TotalSeconds;
        context.Error.WriteLine(MemoryCli.Invariant($"explore: certified {count} {stored.UnitName}{(count == 1 ? "" : "s")} at startup in {MemoryCli.Seconds(clock.Elapsed)}: {stored.Summary()}"));

        var api = new ExplorerApi(path, memory, stored, shape, options.Margin, seconds);
        var cancellation = context.Host.Cancellation;
        var server = ExplorerServer.StartAsync(api, parse.GetValue(o.Port), cancellation).GetAwaiter().GetResult();
        try
        {
            context.Out.WriteLine($"explore: serving {path} at {server.Url} — Ctrl+C to stop");
            context.Out.Flush();
            cancellation.WaitHandle.WaitOne();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        context.Out.WriteLine("explore: stopped");
        return 0;
    }

    static string MemoryPath(string? argument, string? model) => (argument, model) switch
    {
        (null, null) => throw new CliUsageException("no memory file: give it as the argument (mnemos explore memory.safetensors) or with --model"),
        ({ } a, { } m) when a != m => throw new CliUsageException($"memory '{a}' and --model '{m}': give one"),
        _ => argument ?? model!,
    };
}
