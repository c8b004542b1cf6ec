// mnemos certify: the status of every stored example at its saved fixed point x̂ᵢ (autoencoder), or
// of every stored cycle (sequence memory), from the one store pipeline (MemoryBuilder.Assess): ρ of
// the Jacobian (of the cycle product), top eigenvalues, residuals, offset, status and the reason
// when not stored. An anchor that is not a fixed point still gets its ρ, and counts as not stored.
using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Mnemos.Dynamics;
using Mnemos.Kernels;

namespace Mnemos.Cli;

static class CertifyCommand
{
    sealed class Options
    {
        public readonly Option<string> Model = MemoryCli.ModelOption();
        public readonly Option<double?> Margin = MemoryCli.MarginOption();
        public readonly Option<int> Top = CliOptions.Int("--top", "Largest eigenvalues to report.", 3, 1, 1000);
        public readonly Option<int> Threads = MemoryCli.ThreadsOption();
        public readonly Option<bool> Json = MemoryCli.JsonOption();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("certify",
            "Certify every stored example (or cycle): stored when a fixed point (cycle) of f is next to it and its own; attractor if ρ + error < 1 − margin, not if ρ − error > 1 + margin.");
        foreach (var option in new Option[] { o.Model, o.Margin, o.Top, o.Threads, o.Json }) command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string modelPath = parse.GetValue(o.Model)!;
        var memory = MemoryCli.Load(modelPath);
        var options = new CertifyOptions { Margin = parse.GetValue(o.Margin)!.Value, TopCount = parse.GetValue(o.Top) };
        int threads = parse.GetValue(o.Threads);
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var progress = new CountProgress(context.Error, context.Host.Interactive, "certified", count, TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        StoredMemory stored;
        try
        {
            using var gemm = GemmChoice.Create(1);
            stored = MemoryBuilder.Assess(memory, gemm, threads, options, certified: progress, cancellation: context.Host.Cancellation);
        }
        finally
        {
            progress.Finish();
        }
        var elapsed = clock.Elapsed;

        if (parse.GetValue(o.Json))
        {
            var fields = new Dictionary<string, object?> { ["model"] = modelPath, ["threads"] = threads, ["seconds"] = elapsed.TotalSeconds };
            foreach (var (key, value) in StatusReport.JsonFields(stored, options.Margin)) fields[key] = value;
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
            return 0;
        }

        var w = context.Out;
        string what = memory.IsSequence ? $"{count} stored cycles (ρ of the Jacobian product over each cycle)" : $"{count} stored examples at their located fixed points x̂ᵢ";
        w.WriteLine($"certify '{modelPath}': {what}; {stored.Units[0].Certificate.Method}");
        StatusReport.WriteTable(w, stored, options.TopCount);
        w.WriteLine(MemoryCli.Invariant(
            $"totals: {stored.Summary()}, {stored.Count(StorageStatus.NotStored)} not stored (margin {options.Margin:G3}); {count} certificates in {MemoryCli.Seconds(elapsed)} on {Math.Min(threads, count)} threads ({elapsed.TotalMilliseconds / Math.Max(1, count):F1} ms each)"));
        return 0;
    }
}
