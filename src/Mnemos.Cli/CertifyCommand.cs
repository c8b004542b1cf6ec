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
        public readonly Option<bool> Radius = new("--radius") { Description = "Certify a Euclidean basin radius r per stored attractor: every start within r of x̂ converges (docs/basin-radius.md)." };
        public readonly Option<int> Empirical = CliOptions.Int("--empirical", "With --radius: also an empirical radius from this many seeded random directions (0: none).", 0, 0, 100_000);
        public readonly Option<int> Seed = CliOptions.Int("--seed", "Seed of the empirical directions.", 1, 0);
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("certify",
            "Certify every stored example (or cycle): stored when a fixed point (cycle) of f is next to it and its own; attractor if ρ + error < 1 − margin, not if ρ − error > 1 + margin.");
        foreach (var option in new Option[] { o.Model, o.Margin, o.Top, o.Threads, o.Json, o.Radius, o.Empirical, o.Seed }) command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string modelPath = parse.GetValue(o.Model)!;
        if (parse.GetValue(o.Empirical) is > 0 and int n && !parse.GetValue(o.Radius)) throw new CliUsageException($"--empirical {n}: needs --radius");
        var memory = MemoryCli.Load(modelPath);
        if (parse.GetValue(o.Radius) && memory.Map is not MlpMap)
            throw new CliUsageException($"--radius: basin radii are bounded layer by layer for fully connected networks only; '{modelPath}' is a {memory.Map.Architecture} memory");
        var options = new CertifyOptions { Margin = parse.GetValue(o.Margin)!.Value, TopCount = parse.GetValue(o.Top) };
        int threads = parse.GetValue(o.Threads);
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var clock = Stopwatch.StartNew();
        var stored = Assess(context, memory, threads, options);
        var elapsed = clock.Elapsed;
        BasinRadii? basins = null;
        if (parse.GetValue(o.Radius)) basins = Basins(context, stored, threads, parse.GetValue(o.Empirical), parse.GetValue(o.Seed));

        if (parse.GetValue(o.Json))
        {
            var fields = new Dictionary<string, object?> { ["model"] = modelPath, ["threads"] = threads, ["seconds"] = elapsed.TotalSeconds };
            foreach (var (key, value) in StatusReport.JsonFields(stored, options.Margin, basins)) fields[key] = value;
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
            return 0;
        }

        var w = context.Out;
        string what = memory.IsSequence ? $"{count} stored cycles (ρ of the Jacobian product over each cycle)" : $"{count} stored examples at their located fixed points x̂ᵢ";
        w.WriteLine($"certify '{modelPath}': {what}; {stored.Units[0].Certificate.Method}");
        StatusReport.WriteTable(w, stored, options.TopCount, basins);
        w.WriteLine(MemoryCli.Invariant(
            $"totals: {stored.Summary()}, {stored.Count(StorageStatus.NotStored)} not stored (margin {MemoryCli.Number(options.Margin)}); {count} certificates in {MemoryCli.Seconds(elapsed)} on {Math.Min(threads, count)} threads ({elapsed.TotalMilliseconds / Math.Max(1, count):F1} ms each)"));
        if (basins is not null) w.WriteLine(RadiusSummary(basins));
        return 0;
    }

    static BasinRadii Basins(CliContext context, StoredMemory stored, int threads, int directions, int seed)
    {
        var clock = Stopwatch.StartNew();
        using var gemm = GemmChoice.Create(1);
        var certified = BasinRadius.All(stored, gemm.Backend, threads, cancellation: context.Host.Cancellation);
        context.Error.WriteLine(MemoryCli.Invariant($"basin radii: {certified.Count(c => c is not null)} certified in {MemoryCli.Seconds(clock.Elapsed)}"));
        if (directions == 0) return new BasinRadii(certified, null, 0);
        clock.Restart();
        using var iterate = GemmChoice.Create(threads);
        var empirical = EmpiricalRadius.All(stored, iterate, certified, new EmpiricalRadiusOptions { Directions = directions, Seed = (ulong)seed }, context.Host.Cancellation);
        context.Error.WriteLine(MemoryCli.Invariant($"basin radii: empirical from {directions} directions in {MemoryCli.Seconds(clock.Elapsed)}"));
        return new BasinRadii(certified, empirical, directions);
    }

    static string RadiusSummary(BasinRadii basins)
    {
        var radii = basins.Certified.Where(c => c is not null).Select(c => c!.Radius).Order().ToArray();
        if (radii.Length == 0) return "basin radii: no stored attractor";
        string text = MemoryCli.Invariant($"certified basin radius (Euclidean, every start within r converges): median {MemoryCli.Number(radii[radii.Length / 2])}, smallest {MemoryCli.Number(radii[0])}, over {radii.Length} attractors");
        var ratios = basins.Ratios();
        return ratios.Length == 0 ? text : text + MemoryCli.Invariant($"; certified/empirical ({basins.Directions} directions): median {ratios[ratios.Length / 2]:F3}, worst {ratios[0]:F3}");
    }

    /// <summary>Locates and certifies every unit of <paramref name="memory"/>, with a count on stderr while it runs.</summary>
    internal static StoredMemory Assess(CliContext context, AssociativeMemory memory, int threads, CertifyOptions options)
    {
        int count = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        var progress = new CountProgress(context.Error, context.Host.Interactive, "certified", count, TimeSpan.FromSeconds(5));
        try
        {
            using var gemm = GemmChoice.Create(1);
            return MemoryBuilder.Assess(memory, gemm, threads, options, certified: progress, cancellation: context.Host.Cancellation);
        }
        finally
        {
            progress.Finish();
        }
    }
}
