// mnemos probe: iterate a memory from many inputs (uniform noise on the data range, Gaussian noise,
// noisy stored examples, or a data file) and count where they end: per stored example (a basin
// estimate, with a text histogram), distinct spurious attractors, diverged, not converged.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Cli;

static class ProbeCommand
{
    const string SourceForms = "uniform, gaussian[:VARIANCE], noisy:SIGMA, or data (builtin:NAME, FILE.npy, FILE.npz[:ARRAY], images or a folder of them, FILE.csv, IDX, CIFAR-10 .bin, FILE.wav)";
    const int DefaultCount = 1000;

    sealed class Options
    {
        public readonly Option<string> Model = MemoryCli.ModelOption();
        public readonly Option<string> Source = UsageErrors.WithHiddenAliases(
            new Option<string>("--data") { Description = $"Inputs: {SourceForms}. Gaussian variance defaults to 4 (the study's).", Required = true },
            "--source");
        public readonly Option<int?> Count = new("--count") { Description = $"Number of inputs (default {DefaultCount}; for a data file, its first N rows, default all)." };
        public readonly Option<long> Seed = CliOptions.Long("--seed", "Seed of the generated inputs.", 0, 0);
        public readonly Option<double?> Dedupe = CliOptions.Double("--dedupe", "Spurious end points closer than this count as one attractor.", 1e-3, 0, exclusiveMin: true);
        public readonly Option<int> Top = CliOptions.Int("--top", "Spurious attractors to list.", 5, 0);
        public readonly Option<bool> Json = MemoryCli.JsonOption();
        public readonly RecallFlags Recall = new();
        public readonly DataFileOptions DataFiles = new();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        o.Count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 and var n) r.AddError($"--count {n}: must be at least 1"); });
        var command = new Command("probe", "Probe a memory for spurious attractors: recall from many inputs and count where they end.");
        foreach (var option in new Option[] { o.Model, o.Source, o.Count, o.Seed, o.Dedupe, o.Top, o.Json }) command.Options.Add(option);
        o.Recall.AddTo(command);
        o.DataFiles.AddTo(command);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    /// <summary>The inputs <paramref name="source"/> names for <paramref name="memory"/>.</summary>
    public static Matrix Inputs(AssociativeMemory memory, string source, int? count, ulong seed, string modelPath, Func<string, Matrix> load)
    {
        var rng = new Rng(seed);
        string[] parts = source.Split(':', 2);
        switch (parts[0])
        {
            case "uniform" when parts.Length == 1:
                return Probe.Uniform(memory, count ?? DefaultCount, rng);
            case "gaussian":
                double variance = parts.Length == 1 ? 4 : Number(source, parts[1], "variance");
                return Probe.Gaussian(memory.Dimension, count ?? DefaultCount, variance, rng);
            case "noisy" when parts.Length == 2:
                return Probe.NoisyExamples(memory, count ?? DefaultCount, Number(source, parts[1], "sigma"), rng);
        }
        if (!LooksLikeData(source))
            throw new CliUsageException($"--data '{source}': unknown source (expected {SourceForms})");
        var data = MemoryCli.CheckInputs(load(source), source, memory, modelPath);
        if (count is not { } n) return data;
        if (n > data.Rows) throw new CliUsageException($"--count {n}: '{source}' has only {data.Rows} rows");
        return new Matrix(n, data.Cols, data.Data.AsSpan(0, n * data.Cols).ToArray());
    }

    static bool LooksLikeData(string source) =>
        source.StartsWith(DataSource.BuiltinPrefix, StringComparison.Ordinal)
        || source.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith(DataSource.BundledPrefix, StringComparison.Ordinal)
        || source.Contains(".npz:", StringComparison.OrdinalIgnoreCase) || File.Exists(source) || Directory.Exists(source);

    static double Number(string source, string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v > 0 ? v
            : throw new CliUsageException($"--data '{source}': {what} '{text}' must be a positive number");

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        var options = o.Recall.Options(parse);
        string modelPath = parse.GetValue(o.Model)!;
        string source = parse.GetValue(o.Source)!;
        long seed = parse.GetValue(o.Seed);
        var memory = MemoryCli.Load(modelPath);
        var inputs = Inputs(memory, source, parse.GetValue(o.Count), (ulong)seed, modelPath, s => o.DataFiles.Load(parse, s, context.Error));

        var gemm = GemmChoice.Create(parse.GetValue(o.Recall.Threads));
        using var owned = gemm as IDisposable; // a managed GEMM owns helper threads
        var progress = new CountProgress(context.Error, context.Host.Interactive, "settled", inputs.Rows, TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        ProbeReport report;
        try
        {
            report = Probe.Run(memory, gemm, inputs, options, parse.GetValue(o.Dedupe)!.Value, progress, context.Host.Cancellation);
        }
        catch (OperationCanceledException)
        {
            progress.Finish();
            context.Error.WriteLine("mnemos probe: cancelled");
            return CliApp.Cancelled;
        }
        progress.Finish();
        var elapsed = clock.Elapsed;
        var totals = MemoryCli.Totals(report.Results);
        int top = parse.GetValue(o.Top);

        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = modelPath,
                ["source"] = source,
                ["seed"] = seed,
                ["count"] = report.Inputs,
                ["match"] = options.Match == MatchCriterion.Strict ? "strict" : "loose",
                ["reached_stored"] = report.ReachedStored,
                ["per_example"] = report.PerExample,
                ["spurious_inputs"] = report.SpuriousInputs,
                ["distinct_spurious"] = report.Spurious.Count,
                ["spurious"] = report.Spurious.Take(top).Select(s => new Dictionary<string, object?>
                {
                    ["count"] = s.Count, ["period"] = s.Period, ["nearest_example"] = s.NearestExample >= 0 ? s.NearestExample : null, ["nearest_distance"] = s.NearestDistance,
                }).ToArray(),
                ["diverged"] = report.Diverged,
                ["not_converged"] = report.NotConverged,
                ["totals"] = totals,
                ["seconds"] = elapsed.TotalSeconds,
            }, MemoryCli.Json));
            return 0;
        }
        Write(context.Out, memory, source, seed, modelPath, report, totals, top, elapsed);
        return 0;
    }

    static void Write(TextWriter w, AssociativeMemory memory, string source, long seed, string modelPath, ProbeReport report,
        Dictionary<string, int> totals, int top, TimeSpan elapsed)
    {
        int n = report.Inputs;
        string Share(int k) => MemoryCli.Invariant($"{k,8}  {100.0 * k / n,5:F1}%");
        w.WriteLine(MemoryCli.Invariant($"probe of '{modelPath}' ({MemoryCli.Describe(memory)}) from {n} inputs '{source}' (seed {seed}) in {MemoryCli.Seconds(elapsed)}"));
        // Probe inputs come from no stored example: reaching one is not recovering it.
        w.WriteLine($"  {(memory.IsSequence ? "reached a stored cycle" : "reached a stored example"),-28}{Share(report.ReachedStored)}");
        w.WriteLine($"  {"spurious fixed points",-28}{Share(totals[Keys.Of(RecallOutcome.SpuriousFixedPoint)])}");
        w.WriteLine($"  {"spurious cycles",-28}{Share(totals[Keys.Of(RecallOutcome.SpuriousCycle)])}");
        w.WriteLine($"  {"diverged",-28}{Share(report.Diverged)}");
        w.WriteLine($"  {"not converged",-28}{Share(report.NotConverged)}");

        w.WriteLine("inputs per stored example (basin estimate):");
        int most = Math.Max(1, report.PerExample.Max());
        for (int i = 0; i < report.PerExample.Length; i++)
        {
            int k = report.PerExample[i];
            string bar = new('#', (int)Math.Round(40.0 * k / most));
            w.WriteLine(MemoryCli.Invariant($"  {MemoryCli.Describe(memory, i),-24}{k,8}  {bar}"));
        }

        w.WriteLine(MemoryCli.Invariant($"distinct spurious attractors: {report.Spurious.Count} ({report.SpuriousInputs} inputs)"));
        if (report.Spurious.Count == 0 || top == 0) return;
        w.WriteLine(MemoryCli.Invariant($"  {"inputs",8}  {"period",6}  {"nearest",-24}  {"distance",10}"));
        foreach (var s in report.Spurious.Take(top))
            w.WriteLine(MemoryCli.Invariant($"  {s.Count,8}  {s.Period,6}  {MemoryCli.Describe(memory, s.NearestExample),-24}  {MemoryCli.Number(s.NearestDistance),10}"));
        if (report.Spurious.Count > top) w.WriteLine(MemoryCli.Invariant($"  (top {top} of {report.Spurious.Count}; --top N shows more)"));
    }
}
