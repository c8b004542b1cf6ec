// mnemos store: train a memory (the train options, plus --cycles for explicit cycles), locate the
// fixed point x̂ᵢ next to every stored example (autoencoders; training to MSE 1e-8 leaves xᵢ off
// by about √(d·MSE)), and save network, examples and fixed points in one memory file.
using System.CommandLine;
using System.Text.Json;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Storage;

namespace Mnemos.Cli;

static class StoreCommand
{
    public static Command Create(CliContext context)
    {
        var o = new TrainOptions("memory.safetensors", "Memory file to write (safetensors: the network, the stored examples and their fixed points).");
        var command = new Command("store",
            "Store examples in a network (train f to interpolate them: autoencode, or --cycle-length/--cycles for sequences), locate the fixed points and save the memory.");
        o.AddTo(command);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, TrainOptions o, ParseResult parse)
    {
        string outPath = parse.GetValue(o.Out)!;
        var run = TrainingRun.Execute(context, o, parse, outPath);
        var memory = new AssociativeMemory(run.Model, run.Data, run.Task.Cycles);
        FixedPoint[] located = [];
        bool[] cyclesLocated = [];
        if (memory.IsSequence)
        {
            context.Error.WriteLine($"locating the {memory.Cycles.Count} stored cycles by iteration");
            (memory, cyclesLocated) = CycleLocator.Locate(memory, run.Gemm);
        }
        else
        {
            context.Error.WriteLine($"locating the fixed points next to {memory.Count} stored examples");
            (memory, located) = memory.LocateFixedPoints(run.Gemm, run.Threads);
            // ρ per example travels with the memory: strict recall matching allows for slow contraction.
            var certificates = Certifier.All(memory, new CertifyOptions(), run.Gemm.Backend, run.Threads, cancellation: context.Host.Cancellation);
            memory = memory.WithSpectralRadii(certificates.Select(c => c.SpectralRadius).ToArray());
        }
        var summary = run.Summary(outPath);
        MemoryFile.Save(outPath, memory, summary.Metadata());
        string? keptCheckpoint = run.SettleCheckpoint();

        var report = StoreReport.Of(memory, located, cyclesLocated, run.Gemm);
        if (parse.GetValue(o.Json))
        {
            var fields = summary.JsonFields(keptCheckpoint);
            fields["memory"] = report.JsonFields();
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
        }
        else
        {
            summary.WriteText(context, keptCheckpoint, "memory");
            report.Write(context.Out, run.Result.FinalLoss);
        }
        return run.ExitCode;
    }
}

/// <summary>
/// How well the memory holds its examples: ‖x̂ᵢ − xᵢ‖ per stored point, ‖f(x̂ᵢ) − x̂ᵢ‖ (autoencoder)
/// or ‖f(x̂ᵢ) − x̂_next(i)‖ (sequence), Newton steps, and which examples (or cycles) were not located.
/// </summary>
sealed record StoreReport(AssociativeMemory Memory, double[] Offsets, double[] Residuals, int[] NewtonSteps, int[] Unlocated)
{
    public static StoreReport Of(AssociativeMemory memory, FixedPoint[] located, bool[] cyclesLocated, IGemm gemm)
    {
        if (!memory.IsSequence)
        {
            var residuals = located.Select(p => p.Residual).ToArray();
            var unlocated = Enumerable.Range(0, memory.Count).Where(i => !(residuals[i] <= MemoryCli.FixedPointBound(memory.Anchors.Row(i)))).ToArray();
            return new(memory, located.Select(p => p.Offset).ToArray(), residuals, located.Select(p => p.Steps).ToArray(), unlocated);
        }
        var offsets = new double[memory.Count];
        var next = new double[memory.Count];
        foreach (var cycle in memory.Cycles)
            for (int j = 0; j < cycle.Length; j++)
            {
                var anchor = memory.Anchors.Row(cycle[j]);
                offsets[cycle[j]] = Math.Sqrt(VectorOps.SumSquaredDifference(anchor, memory.Examples.Row(cycle[j])));
                FixedPointLocator.Residual(memory.Model, gemm, anchor, out var image);
                next[cycle[j]] = Math.Sqrt(VectorOps.SumSquaredDifference(image, memory.Anchors.Row(cycle[(j + 1) % cycle.Length])));
            }
        return new(memory, offsets, next, new int[memory.Count], Enumerable.Range(0, cyclesLocated.Length).Where(c => !cyclesLocated[c]).ToArray());
    }

    public double MaxOffset => Offsets.Max();
    public double MaxResidual => Residuals.Max();

    public Dictionary<string, object?> JsonFields() => new()
    {
        ["kind"] = Memory.IsSequence ? "sequence" : "autoencode",
        ["examples"] = Memory.Count,
        ["dimension"] = Memory.Dimension,
        ["cycles"] = Memory.IsSequence ? Memory.Cycles : null,
        ["max_offset"] = MaxOffset,
        ["max_residual"] = MaxResidual,
        ["offsets"] = Offsets,
        ["residuals"] = Residuals,
        ["newton_steps"] = NewtonSteps,
        ["unlocated"] = Unlocated,
        ["spectral_radii"] = Memory.SpectralRadii,
    };

    public void Write(TextWriter o, double finalMse)
    {
        void Row(string name, FormattableString value, string note = "") =>
            o.WriteLine($"  {MemoryCli.Pad(name, -24)}{MemoryCli.Invariant(value),12}{note}");
        o.WriteLine($"stored {MemoryCli.Describe(Memory)}");
        Row(Memory.IsSequence ? "points" : "examples", $"{Memory.Count}");
        Row("final MSE", $"{finalMse:E3}");
        if (Memory.IsSequence)
        {
            Row("cycles", $"{Memory.Cycles.Count}");
            Row("max ‖x̂ᵢ − xᵢ‖", $"{MaxOffset:E3}", "   (x̂ᵢ: cycle points located by iteration)");
            Row("max ‖f(x̂ᵢ) − x̂_next‖", $"{MaxResidual:E3}");
            if (Unlocated.Length > 0)
                o.WriteLine($"warning: cycle{(Unlocated.Length > 1 ? "s" : "")} {string.Join(", ", Unlocated)} not located (iteration from the first point " +
                    "did not reach a cycle of its length next to the stored points); they keep the stored points, which strict recall will not match");
            return;
        }
        Row("max ‖x̂ᵢ − xᵢ‖", $"{MaxOffset:E3}", MemoryCli.Invariant($"   (x̂ᵢ: fixed point by Newton, ≤ {NewtonSteps.Max()} steps)"));
        Row("max ‖f(x̂ᵢ) − x̂ᵢ‖", $"{MaxResidual:E3}");
        if (Memory.SpectralRadii is { } radii)
            Row("certified attractors", $"{radii.Count(r => Certificate.Judge(r, 0, new CertifyOptions().Margin) == Verdict.Attractor)} of {radii.Count}", "   (ρ(J_f(x̂ᵢ)) < 1 − 1e-3; mnemos certify for details)");
        if (Unlocated.Length > 0)
            o.WriteLine($"warning: no fixed point located next to example{(Unlocated.Length > 1 ? "s" : "")} {string.Join(", ", Unlocated)} " +
                "(‖f(x̂ᵢ) − x̂ᵢ‖ above 1e-5·max(1, ‖x̂ᵢ‖)); recall will not match them, certify flags them");
    }
}
