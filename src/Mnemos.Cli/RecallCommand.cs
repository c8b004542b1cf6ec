// mnemos recall: iterate a stored memory from each input (optionally corrupted by --corrupt KIND:LEVEL,
// each input seen as a WxHxC image) and report where it ended — a stored example or cycle (and
// phase), a spurious fixed point or cycle, divergence, or no convergence — with steps, final step
// and nearest stored example. Inputs are scored as recovered only when the truth is known
// (--data stored, or --targets FILE) and only when they return to their own example or cycle.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Cli;

static class RecallCommand
{
    /// <summary>The --data value that means the memory's own stored examples.</summary>
    public const string Stored = "stored";

    sealed class Options
    {
        public readonly Option<string> Model = MemoryCli.ModelOption();
        public readonly Option<string> Inputs = UsageErrors.WithHiddenAliases(
            new Option<string>("--data") { Description = $"Inputs, one per row: {DataSource.Forms}, or '{Stored}' for the memory's stored examples.", Required = true },
            "--inputs");
        public readonly Option<string?> Corrupt = new("--corrupt")
        {
            Description = $"Corrupt every input first (data range [0, 1]): {string.Join(", ", Corruption.Forms)}.",
        };
        public readonly Option<double?> Noise = CliOptions.Double("--corrupt-noise", "Same as --corrupt gaussian:SIGMA.", null, 0);
        public readonly Option<string?> Shape = new("--image-shape")
        {
            Description = "How --corrupt sees an input: WxHxC, row-major, channel fastest (default: a U-Net memory's image shape; else square gray when d is a perfect square, else d×1×1).",
        };
        public readonly Option<long> Seed = CliOptions.Long("--seed", "Seed of the corruption.", 0, 0);
        public readonly Option<string?> Targets = new("--targets")
        {
            Description = $"The stored example each input came from, one index per input row (.npy of shape n or n×1, or text with one integer per line): "
                + $"an input is recovered when it returns to that example (or, in a sequence memory, to its cycle). Not with '--data {Stored}', where input i is example i.",
        };
        public readonly Option<string?> Out = new("--out") { Description = "Write the end points here (.npy, one row per input)." };
        public readonly Option<int> Rows = CliOptions.Int("--rows", "Show at most this many inputs in the table (totals cover all).", 20, 0);
        public readonly Option<bool> Json = MemoryCli.JsonOption();
        public readonly RecallFlags Recall = new();
        public readonly DataFileOptions DataFiles = new();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("recall", "Recall from inputs: iterate x ← f(x) and match where each input ends to the stored examples or cycles.");
        foreach (var option in new Option[] { o.Model, o.Inputs, o.Targets, o.Corrupt, o.Noise, o.Shape, o.Seed, o.Out, o.Rows, o.Json }) command.Options.Add(option);
        o.Recall.AddTo(command);
        o.DataFiles.AddTo(command);
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
        string? targetsPath = parse.GetValue(o.Targets);
        if (targetsPath is not null && source == Stored)
            throw new CliUsageException($"--targets '{targetsPath}' and --data {Stored}: stored inputs are their own targets (input i is example i); give one");
        var inputs = MemoryCli.CheckInputs(source == Stored ? memory.Examples.Clone() : o.DataFiles.Load(parse, source, context.Error), source, memory, modelPath);
        var (truth, targets) = source == Stored ? (Stored, RecallScore.StoredTargets(memory))
            : targetsPath is not null ? ($"targets:{targetsPath}", ReadTargets(targetsPath, memory, inputs.Rows))
            : ((string?)null, null);
        var (corruption, shape) = ReadCorruption(parse, o, memory);
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

        var score = RecallScore.Of(memory, results, targets);
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
                ["truth"] = truth,
                ["recovered"] = score.Recovered,
                ["other_stored"] = score.OtherStored,
                ["reached_stored"] = score.ReachedStored,
                ["totals"] = MemoryCli.Totals(results),
                ["seconds"] = elapsed.TotalSeconds,
                ["out"] = outPath.Length > 0 ? outPath : null,
                ["results"] = results.Select((r, i) => JsonResult(memory, score, r, i)).ToArray(),
            }, MemoryCli.Json));
            return 0;
        }

        var w = context.Out;
        string corrupted = corruption is null ? "" : MemoryCli.Invariant($" corrupted by {corruption.Name} (image {shape}, seed {seed})");
        w.WriteLine(MemoryCli.Invariant(
            $"recall of {results.Length} inputs '{source}'{corrupted} through '{modelPath}' ({MemoryCli.Describe(memory)}); {(options.Match == MatchCriterion.Strict ? "strict" : "loose")} matching, tolerance {MemoryCli.Number(options.Tolerance)}, ≤ {options.MaxSteps} steps"));
        WriteTable(w, memory, results, score, parse.GetValue(o.Rows));
        string stored = memory.IsSequence ? "a stored cycle" : "a stored example";
        w.WriteLine(MemoryCli.Invariant(
            $"ended on {stored} {score.ReachedStored}, spurious {score.Spurious}, diverged {score.Diverged}, not converged {score.NotConverged} ({results.Length} inputs in {MemoryCli.Seconds(elapsed)})"));
        string own = memory.IsSequence ? "cycle (any phase)" : "example";
        string given = truth == Stored ? $"'--data {Stored}': input i is example i" : $"targets '{targetsPath}'";
        w.WriteLine(score.Recovered is { } recovered
            ? MemoryCli.Invariant($"recovered {recovered} of {results.Length} ({100.0 * recovered / results.Length:F1}%): returned to their own {own} ({given}); {score.OtherStored} ended on another stored {(memory.IsSequence ? "cycle" : "example")}")
            : $"not scored: which stored example each input came from is unknown (give --targets FILE, or --data {Stored})");
        if (outPath.Length > 0) w.WriteLine($"end points: {outPath}");
        return 0;
    }

    /// <summary>The targets in <paramref name="path"/>, checked against the memory and the inputs; every problem is one line naming the file.</summary>
    static int[] ReadTargets(string path, AssociativeMemory memory, int inputs)
    {
        try
        {
            var targets = RecallTargets.Read(path);
            RecallTargets.Check(targets, memory, inputs);
            return targets;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FileNotFoundException)
        {
            throw new InvalidDataException($"--targets '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// One input in JSON: where it ended (<c>end_example</c>, null when on no stored example; for a
    /// sequence memory also <c>cycle</c> and <c>phase</c>) and, with the truth, <c>target</c> and <c>correct</c>.
    /// </summary>
    static Dictionary<string, object?> JsonResult(AssociativeMemory memory, RecallScore score, RecallResult r, int i)
    {
        var json = new Dictionary<string, object?>
        {
            ["input"] = i, ["outcome"] = Keys.Of(r.Outcome), ["end_example"] = r.ReachedStored ? r.Example : null,
        };
        if (memory.IsSequence)
        {
            json["cycle"] = r.ReachedStored ? r.Cycle : null;
            json["phase"] = r.ReachedStored ? r.Phase : null;
        }
        json["period"] = r.Period;
        json["steps"] = r.Steps;
        json["final_step"] = r.FinalStep;
        json["nearest"] = r.NearestExample >= 0 ? r.NearestExample : null; // −1 (end not finite) is null
        json["nearest_distance"] = r.NearestDistance;
        if (score.HasTruth)
        {
            json["target"] = score.Targets![i];
            json["correct"] = score.Correct![i];
        }
        return json;
    }

    /// <summary>
    /// The corruption from --corrupt or its alias --corrupt-noise (σ = 0 means none), and the image
    /// shape (MemoryCli.ImageShapeOf).
    /// </summary>
    static (Corruption? Corruption, ImageShape Shape) ReadCorruption(ParseResult parse, Options o, AssociativeMemory memory)
    {
        string? spec = parse.GetValue(o.Corrupt);
        double? noise = parse.GetValue(o.Noise);
        if (spec is not null && noise is not null)
            throw new CliUsageException("--corrupt and --corrupt-noise: give one (--corrupt-noise S is --corrupt gaussian:S)");
        var shape = MemoryCli.ImageShapeOf(parse.GetValue(o.Shape), memory);
        try
        {
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

    static void WriteTable(TextWriter w, AssociativeMemory memory, RecallResult[] results, RecallScore score, int rows)
    {
        if (rows == 0) return;
        var ended = results.Take(rows).Select(Ending).ToArray();
        var targets = score.Targets?.Take(rows).Select(t => MemoryCli.Describe(memory, t)).ToArray() ?? [];
        int endedWidth = Math.Max("ended on".Length, ended.Max(e => e.Length));
        int targetWidth = targets.Append("target").Max(t => t.Length);
        string Truth(string target, string recovered) => score.HasTruth ? $"  {target.PadRight(targetWidth)}  {recovered}" : "";
        w.WriteLine(MemoryCli.Invariant($"{"input",6}  {"ended on".PadRight(endedWidth)}  {"steps",6}  {"final step",10}  {"nearest",7}  {"distance",10}{Truth("target", "recovered")}"));
        for (int i = 0; i < ended.Length; i++)
        {
            var r = results[i];
            string truth = score.HasTruth ? Truth(targets[i], score.Correct![i] ? "yes" : "no") : "";
            w.WriteLine(MemoryCli.Invariant(
                $"{i,6}  {ended[i].PadRight(endedWidth)}  {r.Steps,6}  {MemoryCli.Number(r.FinalStep),10}  {r.NearestExample,7}  {MemoryCli.Number(r.NearestDistance),10}{truth}"));
        }
        if (results.Length > rows) w.WriteLine(MemoryCli.Invariant($"(first {rows} of {results.Length} inputs; --rows N shows more, --json all)"));
    }

    /// <summary>Where one input ended, for the table: "example 3", "cycle 1, phase 2 (example 5)", "spurious cycle, period 4", "diverged".</summary>
    static string Ending(RecallResult r) => r.Outcome switch
    {
        RecallOutcome.StoredExample => MemoryCli.Invariant($"example {r.Example}"),
        RecallOutcome.StoredCycle => MemoryCli.Invariant($"cycle {r.Cycle}, phase {r.Phase} (example {r.Example})"),
        RecallOutcome.SpuriousFixedPoint => "spurious fixed point",
        RecallOutcome.SpuriousCycle => MemoryCli.Invariant($"spurious cycle, period {r.Period}"),
        RecallOutcome.Diverged => "diverged",
        _ => "not converged",
    };
}
