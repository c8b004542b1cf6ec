// mnemos recall: iterate a stored memory from each input (optionally corrupted by --corrupt SPEC,
// each input seen as a WxHxC image) and report where it ended — a stored example or cycle (and phase), a spurious fixed point or
// cycle, divergence, or no convergence — with steps, final step and nearest stored example.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Tensors;

namespace Mnemos.Cli;

static class RecallCommand
{
    /// <summary>The --inputs value that means the memory's own stored examples.</summary>
    public const string Stored = "stored";

    sealed class Options
    {
        public readonly Option<string> Model = MemoryCli.ModelOption();
        public readonly Option<string> Inputs = new("--inputs") { Description = $"Inputs, one per row: {DataSource.Forms}, or '{Stored}' for the memory's stored examples.", Required = true };
        public readonly Option<string?> Corrupt = new("--corrupt")
        {
            Description = $"Corrupt every input first (data range [0, 1]): {string.Join(", ", Corruption.Forms)}.",
        };
        public readonly Option<double?> Noise = CliOptions.Double("--corrupt-noise", "Same as --corrupt gaussian:SIGMA.", null, 0);
        public readonly Option<string?> Shape = new("--image-shape")
        {
            Description = "How --corrupt sees an input: WxHxC, row-major, channel fastest (default: square gray when d is a perfect square, else d×1×1).",
        };
        public readonly Option<long> Seed = CliOptions.Long("--seed", "Seed of the corruption.", 0, 0);
        public readonly Option<string?> Out = new("--out") { Description = "Write the end points here (.npy, one row per input)." };
        public readonly Option<int> Rows = CliOptions.Int("--rows", "Show at most this many inputs in the table (totals cover all).", 20, 0);
        public readonly Option<bool> Json = MemoryCli.JsonOption();
        public readonly RecallFlags Recall = new();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("recall", "Recall from inputs: iterate x ← f(x) and match where each input ends to the stored examples or cycles.");
        foreach (var option in new Option[] { o.Model, o.Inputs, o.Corrupt, o.Noise, o.Shape, o.Seed, o.Out, o.Rows, o.Json }) command.Options.Add(option);
        o.Recall.AddTo(command);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        var options = o.Recall.Options(parse);
        string outPath = parse.GetValue(o.Out) ?? "";
        if (outPath.Length > 0 && !outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            throw new CliUsageException($"--out '{outPath}': end points are written as .npy; name a file ending in .npy");
        string modelPath = parse.GetValue(o.Model)!;
        var memory = MemoryCli.Load(modelPath);
        string source = parse.GetValue(o.Inputs)!;
        var inputs = MemoryCli.CheckInputs(source == Stored ? memory.Examples.Clone() : DataSource.Load(source), source, memory, modelPath);
        var (corruption, shape) = ReadCorruption(parse, o, memory.Dimension);
        long seed = parse.GetValue(o.Seed);
        if (corruption is not null) inputs = Corruptions.Apply(corruption, inputs, shape, new Rng((ulong)seed));

        var gemm = GemmChoice.Create(parse.GetValue(o.Recall.Threads));
        using var owned = gemm as IDisposable; // a managed GEMM owns helper threads
        var progress = new CountProgress(context.Error, context.Host.Interactive, "settled", inputs.Rows, TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        RecallResult[] results;
        try
        {
            results = Dynamics.Recall.Run(memory, gemm, inputs, options, progress, context.Host.Cancellation);
        }
        catch (OperationCanceledException)
        {
            progress.Finish();
            context.Error.WriteLine("mnemos recall: cancelled");
            return CliApp.Cancelled;
        }
        progress.Finish();
        var elapsed = clock.Elapsed;
        if (outPath.Length > 0)
        {
            var ends = new Matrix(results.Length, memory.Dimension);
            for (int r = 0; r < results.Length; r++) results[r].EndPoint.CopyTo(ends.Row(r));
            Npy.Write(outPath, ends);
        }

        var totals = MemoryCli.Totals(results);
        int recovered = results.Count(r => r.ReachedStored);
        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = modelPath,
                ["inputs"] = source,
                ["count"] = results.Length,
                ["corruption"] = corruption?.Name,
                ["image_shape"] = shape.ToString(),
                ["seed"] = seed,
                ["match"] = options.Match == MatchCriterion.Strict ? "strict" : "loose",
                ["tolerance"] = options.Tolerance,
                ["max_steps"] = options.MaxSteps,
                ["recovered"] = recovered,
                ["totals"] = totals,
                ["seconds"] = elapsed.TotalSeconds,
                ["out"] = outPath.Length > 0 ? outPath : null,
                ["results"] = results.Select((r, i) => new Dictionary<string, object?>
                {
                    ["input"] = i, ["outcome"] = MemoryCli.Name(r.Outcome), ["example"] = r.Example, ["cycle"] = r.Cycle, ["phase"] = r.Phase,
                    ["period"] = r.Period, ["steps"] = r.Steps, ["final_step"] = r.FinalStep,
                    ["nearest"] = r.NearestExample, ["nearest_distance"] = r.NearestDistance,
                }).ToArray(),
            }, MemoryCli.Json));
            return 0;
        }

        var w = context.Out;
        string corrupted = corruption is null ? "" : MemoryCli.Invariant($" corrupted by {corruption.Name} (image {shape}, seed {seed})");
        w.WriteLine(MemoryCli.Invariant(
            $"recall of {results.Length} inputs '{source}'{corrupted} through '{modelPath}' ({MemoryCli.Describe(memory)}); {(options.Match == MatchCriterion.Strict ? "strict" : "loose")} matching, tolerance {options.Tolerance:G3}, ≤ {options.MaxSteps} steps"));
        WriteTable(w, memory, results, parse.GetValue(o.Rows));
        w.WriteLine("totals: " + string.Join(", ", totals.Where(t => t.Value > 0).Select(t => $"{t.Key} {t.Value}")));
        w.WriteLine(MemoryCli.Invariant($"recovered {recovered} of {results.Length} ({100.0 * recovered / results.Length:F1}%) in {MemoryCli.Seconds(elapsed)}"));
        if (outPath.Length > 0) w.WriteLine($"end points: {outPath}");
        return 0;
    }

    /// <summary>
    /// The corruption from --corrupt or its alias --corrupt-noise (σ = 0 means none), and the image
    /// shape from --image-shape or the default for <paramref name="dimension"/>.
    /// </summary>
    static (Corruption? Corruption, ImageShape Shape) ReadCorruption(ParseResult parse, Options o, int dimension)
    {
        string? spec = parse.GetValue(o.Corrupt);
        double? noise = parse.GetValue(o.Noise);
        string? shapeText = parse.GetValue(o.Shape);
        if (spec is not null && noise is not null)
            throw new CliUsageException("--corrupt and --corrupt-noise: give one (--corrupt-noise S is --corrupt gaussian:S)");
        try
        {
            var shape = shapeText is null ? ImageShape.Default(dimension) : ImageShape.Parse(shapeText);
            if (shape.Size != dimension)
                throw new CliUsageException(MemoryCli.Invariant($"--image-shape {shape} has {shape.Size} values but the memory stores vectors of {dimension}"));
            Corruption? corruption = spec is not null ? Corruption.Parse(spec)
                : noise is > 0 ? new Corruption.Gaussian(noise.Value)
                : null;
            return (corruption, shape);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    static void WriteTable(TextWriter w, AssociativeMemory memory, RecallResult[] results, int rows)
    {
        if (rows == 0) return;
        w.WriteLine(MemoryCli.Invariant($"{"input",6}  {"outcome",-20}  {"example / cycle",-26}  {"steps",6}  {"final step",10}  {"nearest",7}  {"distance",10}"));
        foreach (var (r, i) in results.Take(rows).Select((r, i) => (r, i)))
        {
            string where = r.Outcome switch
            {
                RecallOutcome.StoredExample => MemoryCli.Describe(memory, r.Example),
                RecallOutcome.StoredCycle => MemoryCli.Invariant($"cycle {r.Cycle}, phase {r.Phase}"),
                RecallOutcome.SpuriousCycle => MemoryCli.Invariant($"period {r.Period}"),
                _ => "-",
            };
            w.WriteLine(MemoryCli.Invariant(
                $"{i,6}  {MemoryCli.Name(r.Outcome),-20}  {where,-26}  {r.Steps,6}  {r.FinalStep,10:E2}  {r.NearestExample,7}  {r.NearestDistance,10:E2}"));
        }
        if (results.Length > rows) w.WriteLine(MemoryCli.Invariant($"(first {rows} of {results.Length} inputs; --rows N shows more, --json all)"));
    }
}
