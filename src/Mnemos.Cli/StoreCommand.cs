// mnemos store: train a memory (the train options, plus --cycles for explicit cycles), then the one
// store pipeline (MemoryBuilder: locate x̂ᵢ next to every example or cycle, certify it, decide its
// status), save network, examples, fixed points and statuses in one memory file, and print them.
using System.CommandLine;
using System.Text.Json;
using Mnemos.Dynamics;

namespace Mnemos.Cli;

static class StoreCommand
{
    public static Command Create(CliContext context)
    {
        var o = new TrainOptions("memory.safetensors", "Memory file to write (safetensors: the network, the stored examples, their fixed points and statuses).");
        var margin = MemoryCli.MarginOption();
        var guarantee = new GuaranteeOptions();
        var unet = new UNetOptions();
        var command = new Command("store",
            "Store examples in a network (train f to interpolate them: autoencode, or --cycle-length/--cycles for sequences), locate and certify the fixed points and save the memory.");
        o.AddTo(command);
        command.Options.Add(margin);
        guarantee.AddTo(command);
        unet.AddTo(command);
        command.SetAction(parse => unet.IsUNet(parse)
            ? RunUNet(context, o, unet, guarantee, parse, parse.GetValue(margin)!.Value)
            : Run(context, o, unet, guarantee, parse, parse.GetValue(margin)!.Value));
        return command;
    }

    static int Run(CliContext context, TrainOptions o, UNetOptions u, GuaranteeOptions g, ParseResult parse, double margin)
    {
        u.CheckUnused(parse);
        string outPath = parse.GetValue(o.Out)!;
        double target = parse.GetValue(o.TargetMse)!.Value;
        double? handOver = g.HandOver(parse, target);
        using var run = TrainingRun.Execute(context, o, parse, outPath, handOver);
        if (run.Result.Reason == Training.StopReason.Cancelled)
        {
            // Locating and certifying would be cancelled too: keep the training, say where it is.
            string checkpoint = run.SettleCheckpoint()!;
            context.Error.WriteLine($"mnemos store: cancelled at epoch {run.Result.Epochs}; nothing stored yet, training kept in {checkpoint} (continue with --resume {checkpoint})");
            return CliApp.Cancelled;
        }
        // The training is kept before the pipeline runs: if locating or certifying fails, --resume
        // picks the finished training up again; a successful run then settles the checkpoint as usual.
        run.SaveCheckpoint();
        ConsolidationResult? consolidation = null;
        if (handOver is not null && run.Result.Converged)
        {
            var budget = parse.GetValue(o.TimeBudget) is { } b ? CliOptions.ParseDuration("--time-budget", b) : (TimeSpan?)null;
            consolidation = g.Consolidate(context, run, parse, target, budget);
            if (run.Result.Reason == Training.StopReason.Cancelled)
            {
                context.Error.WriteLine($"mnemos store: cancelled during consolidation at epoch {run.Result.Epochs}; nothing stored yet, training kept in {run.CheckpointPath} (continue with --resume {run.CheckpointPath})");
                return CliApp.Cancelled;
            }
        }
        else if (handOver is not null)
            run.ContinuedWith(run.Result, target); // never reached the hand-over: the shortfall is measured against the real target
        var unlocated = new AssociativeMemory(run.Model, run.Data, run.Task.Cycles);
        context.Error.WriteLine(unlocated.IsSequence
            ? $"locating and certifying the {unlocated.Cycles.Count} stored cycles"
            : $"locating and certifying the fixed points next to {unlocated.Count} stored examples");
        var stored = MemoryBuilder.Build(unlocated, run.Gemm, run.Threads, new CertifyOptions { Margin = margin }, cancellation: context.Host.Cancellation);
        var summary = run.Summary(outPath) with { Extra = consolidation is null ? null : GuaranteeOptions.Metadata(consolidation, parse, g) };
        MemoryFile.Save(outPath, stored.Memory, summary.Metadata());
        string? keptCheckpoint = run.SettleCheckpoint();

        if (parse.GetValue(o.Json))
        {
            var fields = summary.JsonFields(keptCheckpoint);
            fields["memory"] = StatusReport.JsonFields(stored, margin);
            if (handOver is not null) fields["consolidation"] = consolidation is null ? null : GuaranteeOptions.JsonFields(consolidation);
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
        }
        else
        {
            summary.WriteText(context, keptCheckpoint, "memory");
            context.Out.WriteLine($"{MemoryCli.Describe(stored.Memory)}, final MSE {MemoryCli.Number(run.Result.FinalLoss)}");
            StatusReport.WriteSummary(context.Out, stored);
        }
        run.ReportShortfall(context, $": {stored.Summary()}");
        if (handOver is not null && run.Result.Converged && stored.Attractors < stored.Units.Count)
        {
            // Consolidation's round checks (at the examples) passed, but the verdicts that count, at
            // the located fixed points, do not all say attractor: the guarantee was not met.
            context.Error.WriteLine($"guarantee not met: {stored.Summary()}");
            return CliApp.StoppedShort;
        }
        return run.ExitCode;
    }

    // --architecture unet: the same pipeline after training (MemoryBuilder locates, certifies and
    // decides every status through the memory's UNetMap), the same file, output and exit codes.
    static int RunUNet(CliContext context, TrainOptions o, UNetOptions u, GuaranteeOptions g, ParseResult parse, double margin)
    {
        UNetOptions.CheckFullyConnectedOnly(parse, o, g);
        string outPath = parse.GetValue(o.Out)!;
        using var run = ConvTrainingRun.Execute(context, o, u, parse, outPath);
        run.SaveCheckpoint();
        if (run.Result.Reason == Training.StopReason.Cancelled)
        {
            context.Error.WriteLine($"mnemos store: cancelled at epoch {run.Result.Epochs}; nothing stored yet, training kept in {run.CheckpointPath} (continue with --resume {run.CheckpointPath})");
            return CliApp.Cancelled;
        }
        var unlocated = new AssociativeMemory(run.Map, run.Data);
        context.Error.WriteLine($"locating and certifying the fixed points next to {unlocated.Count} stored images (U-Net {ConvTrainingRun.Describe(run.Map.Net.Spec)})");
        var stored = MemoryBuilder.Build(unlocated, run.Gemm, run.Threads, new CertifyOptions { Margin = margin }, cancellation: context.Host.Cancellation);
        MemoryFile.Save(outPath, stored.Memory, run.Metadata());
        string? keptCheckpoint = run.SettleCheckpoint();
        if (parse.GetValue(o.Json))
        {
            var fields = run.JsonFields(outPath, keptCheckpoint);
            fields["memory"] = StatusReport.JsonFields(stored, margin);
            context.Out.WriteLine(JsonSerializer.Serialize(fields, MemoryCli.Json));
        }
        else
        {
            TrainSummary.WriteVerdict(context, run.Result, outPath, keptCheckpoint, "memory");
            context.Out.WriteLine($"{MemoryCli.Describe(stored.Memory)}, final MSE {MemoryCli.Number(run.Result.FinalLoss)}");
            StatusReport.WriteSummary(context.Out, stored);
        }
        run.ReportShortfall(context, $": {stored.Summary()}");
        return run.ExitCode;
    }
}
