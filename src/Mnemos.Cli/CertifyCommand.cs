// mnemos certify: the spectral certificate of every stored example at its located fixed point x̂ᵢ
// (autoencoder), or of every stored cycle (sequence memory): ρ of the Jacobian (of the cycle
// product), top eigenvalues, fixed-point and eigen residuals, verdict. Examples are certified in
// parallel, each worker with its own single-threaded GEMM (a ManagedGemm instance is not shared).
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
        public readonly Option<double?> Margin = CliOptions.Double("--margin", "Undecided when ρ ± its error bound comes within this of 1.", new CertifyOptions().Margin, 0);
        public readonly Option<int> Top = CliOptions.Int("--top", "Largest eigenvalues to report.", 3, 1, 1000);
        public readonly Option<int> Threads = MemoryCli.ThreadsOption();
        public readonly Option<bool> Json = MemoryCli.JsonOption();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("certify",
            "Certify every stored example (or cycle) by the spectral radius of the Jacobian there: attractor if ρ + error < 1 − margin, not if ρ − error > 1 + margin.");
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
        Certificate[] certificates;
        try
        {
            certificates = Certifier.All(memory, options, GemmChoice.Backend(), threads, progress, context.Host.Cancellation);
        }
        catch (OperationCanceledException)
        {
            progress.Finish();
            context.Error.WriteLine("mnemos certify: cancelled");
            return CliApp.Cancelled;
        }
        progress.Finish();
        var elapsed = clock.Elapsed;
        int attractors = certificates.Count(c => c.Verdict == Verdict.Attractor);
        int not = certificates.Count(c => c.Verdict == Verdict.NotAttractor);
        int undecided = certificates.Length - attractors - not;
        var offsets = Offsets(memory);
        // A cycle's residual is its largest ‖f(x⁽ʲ⁾) − x⁽ʲ⁺¹⁾‖, bounded by its largest point.
        var atFixedPoint = certificates.Select((c, i) => c.FixedPointResidual <= (memory.IsSequence
            ? memory.Cycles[i].Max(row => MemoryCli.FixedPointBound(memory.Anchors.Row(row)))
            : MemoryCli.FixedPointBound(memory.Anchors.Row(i)))).ToArray();

        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = modelPath,
                ["kind"] = memory.IsSequence ? "cycles" : "examples",
                ["margin"] = options.Margin,
                ["threads"] = threads,
                ["seconds"] = elapsed.TotalSeconds,
                ["attractors"] = attractors,
                ["not_attractors"] = not,
                ["undecided"] = undecided,
                ["certificates"] = certificates.Select((c, i) => new Dictionary<string, object?>
                {
                    [memory.IsSequence ? "cycle" : "example"] = i,
                    ["rows"] = memory.IsSequence ? memory.Cycles[i] : null,
                    ["offset"] = memory.IsSequence ? null : offsets[i],
                    ["spectral_radius"] = c.SpectralRadius,
                    ["spectral_radius_error"] = double.IsFinite(c.SpectralRadiusError) ? c.SpectralRadiusError : null,
                    ["top_eigenvalues"] = c.TopEigenvalues.Select(Eigenvalue).ToArray(),
                    ["fixed_point_residual"] = c.FixedPointResidual,
                    ["eigen_residual"] = c.EigenResidual,
                    ["verdict"] = MemoryCli.Verdict(c.Verdict),
                    ["at_fixed_point"] = atFixedPoint[i],
                    ["method"] = c.Method,
                }).ToArray(),
            }, MemoryCli.Json));
            return 0;
        }

        var w = context.Out;
        string what = memory.IsSequence ? $"{count} stored cycles (ρ of the Jacobian product over each cycle)" : $"{count} stored examples at their located fixed points x̂ᵢ";
        w.WriteLine($"certify '{modelPath}': {what}; {certificates.FirstOrDefault()?.Method}");
        string unit = memory.IsSequence ? "cycle" : "example";
        string residualHeader = memory.IsSequence ? "max‖f(x)−next‖" : "‖f(x̂)−x̂‖";
        w.WriteLine(MemoryCli.Invariant(
            $"{unit,7}  {"ρ",10}  {"± error",9}  {MemoryCli.Pad("|λ| top " + options.TopCount, -30)}  {MemoryCli.Pad(residualHeader, 14)}  {MemoryCli.Pad("‖Jv−λv‖/‖v‖", 12)}  {MemoryCli.Pad(memory.IsSequence ? "length" : "‖x̂−x‖", 10)}  verdict"));
        for (int i = 0; i < certificates.Length; i++)
        {
            var c = certificates[i];
            string top = string.Join(" ", c.TopEigenvalues.Select(l => MemoryCli.Invariant($"{l.Magnitude:F4}")));
            string last = memory.IsSequence ? memory.Cycles[i].Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : MemoryCli.Invariant($"{offsets[i]:E2}");
            w.WriteLine(MemoryCli.Invariant(
                $"{i,7}  {c.SpectralRadius,10:F6}  {c.SpectralRadiusError,9:E1}  {top,-30}  {c.FixedPointResidual,14:E2}  {c.EigenResidual,12:E2}  {last,10}  {MemoryCli.Verdict(c.Verdict)}{(atFixedPoint[i] ? "" : " (not at a fixed point)")}"));
        }
        if (atFixedPoint.Any(ok => !ok))
            w.WriteLine($"warning: {atFixedPoint.Count(ok => !ok)} {unit}{(atFixedPoint.Count(ok => !ok) > 1 ? "s are" : " is")} not at a fixed point " +
                "(residual above 1e-5·max(1, ‖x‖)): the verdict there describes the linearization, not an attractor");
        w.WriteLine(MemoryCli.Invariant(
            $"totals: {attractors} attractors, {not} not attractors, {undecided} undecided (margin {options.Margin:G3}); {count} certificates in {MemoryCli.Seconds(elapsed)} on {Math.Min(threads, count)} threads ({elapsed.TotalMilliseconds / Math.Max(1, count):F1} ms each)"));
        return 0;
    }

    static double[] Offsets(AssociativeMemory memory)
    {
        var offsets = new double[memory.Count];
        for (int i = 0; i < memory.Count; i++)
            offsets[i] = Math.Sqrt(VectorOps.SumSquaredDifference(memory.Anchors.Row(i), memory.Examples.Row(i)));
        return offsets;
    }

    static Dictionary<string, double> Eigenvalue(Complex l) => new() { ["re"] = l.Real, ["im"] = l.Imaginary, ["abs"] = l.Magnitude };
}
