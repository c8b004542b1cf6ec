// store --guarantee: consolidation after training (Dynamics.Consolidation), so that every stored
// example ends a certified attractor. Its options, the run, and what it prints and saves.
using System.CommandLine;
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Training;

namespace Mnemos.Cli;

sealed class GuaranteeOptions
{
    public readonly Option<bool> Guarantee = new("--guarantee")
    {
        Description = "Consolidate after training: train on noisy copies of the examples not yet certified until every stored example is a certified attractor "
            + "at MSE ≤ --target-mse, or the consolidation epochs run out (docs/consolidation.md). Not the study's procedure: plain store is.",
    };
    public readonly Option<double?> From = CliOptions.Double("--guarantee-from", "With --guarantee: the MSE at which plain training hands over to consolidation.", 1e-4, 0, exclusiveMin: true);
    public readonly Option<double?> Sigma = CliOptions.Double("--guarantee-sigma", "With --guarantee: standard deviation of the noisy copies' noise (data on [0, 1]).", new ConsolidationOptions().Sigma, 0, exclusiveMin: true);
    public readonly Option<long> Epochs = CliOptions.Long("--guarantee-epochs", "With --guarantee: epoch cap of consolidation (rounds and finishing stages).", new ConsolidationOptions().MaxEpochs, 1);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Guarantee, From, Sigma, Epochs }) command.Options.Add(option);
    }

    /// <summary>The hand-over MSE when --guarantee is given, else null.</summary>
    public double? HandOver(ParseResult parse, double target)
    {
        if (!parse.GetValue(Guarantee)) return null;
        double from = parse.GetValue(From)!.Value;
        if (from < target) throw new CliUsageException($"--guarantee-from {from.ToString("R", CultureInfo.InvariantCulture)}: must be at least --target-mse {target.ToString("R", CultureInfo.InvariantCulture)}");
        return from;
    }

    /// <summary>
    /// Consolidates <paramref name="run"/>'s network (trained to the hand-over MSE), printing each
    /// round check on stderr; the run's result becomes training and consolidation together.
    /// </summary>
    public ConsolidationResult Consolidate(CliContext context, TrainingRun run, ParseResult parse, double target, TimeSpan? timeBudget)
    {
        var options = new ConsolidationOptions
        {
            Sigma = parse.GetValue(Sigma)!.Value,
            MaxEpochs = parse.GetValue(Epochs),
            TimeBudget = timeBudget is { } budget ? Max(budget - run.Result.Elapsed, TimeSpan.FromMilliseconds(1)) : null,
            Seed = run.Setup.Seed,
        };
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"consolidating from MSE {run.Result.FinalLoss:0.0e0}: noisy copies (σ {options.Sigma}) of the examples whose ρ at the example is not below {1 - options.Margin}, rounds of {options.RoundEpochs} epochs"));
        var printer = new ProgressPrinter(context.Error, context.Host.Interactive, TimeSpan.FromSeconds(5));
        var result = Consolidation.Run(run.Model, run.Task, run.Gemm, run.Setup.Optimizer, options, target, run.Result.Epochs, run.Threads,
            round: r =>
            {
                printer.Finish();
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  epoch {r.Epoch}: {r.Passed} of {r.Units} pass (ρ + error < {1 - options.Margin} at the example), max ρ {r.MaxRho:0.000}, MSE {r.Loss:0.0e0}{(r.Finished ? " (after finishing to the target)" : "")}"));
            },
            progress: printer.Report, cancellation: context.Host.Cancellation);
        printer.Finish();
        run.ContinuedWith(result.After(run.Result), target);
        return result;
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>What consolidation did, as training metadata of the memory file.</summary>
    public static Dictionary<string, string> Metadata(ConsolidationResult result, ParseResult parse, GuaranteeOptions o) => new(StringComparer.Ordinal)
    {
        ["consolidation"] = "noisy-copies",
        ["consolidation_from_epoch"] = result.StartEpoch.ToString(CultureInfo.InvariantCulture),
        ["consolidation_epochs"] = (result.EndEpoch - result.StartEpoch).ToString(CultureInfo.InvariantCulture),
        ["consolidation_sigma"] = parse.GetValue(o.Sigma)!.Value.ToString("R", CultureInfo.InvariantCulture),
        ["consolidation_rounds"] = result.Rounds.Count.ToString(CultureInfo.InvariantCulture),
        ["consolidated"] = result.Consolidated ? "true" : "false",
    };

    /// <summary>The rounds and outcome for --json.</summary>
    public static Dictionary<string, object?> JsonFields(ConsolidationResult result) => new()
    {
        ["consolidated"] = result.Consolidated,
        ["start_epoch"] = result.StartEpoch,
        ["end_epoch"] = result.EndEpoch,
        ["seconds"] = result.Elapsed.TotalSeconds,
        ["rounds"] = result.Rounds.Select(r => new Dictionary<string, object?>
        {
            ["epoch"] = r.Epoch, ["passed"] = r.Passed, ["units"] = r.Units,
            ["max_rho"] = double.IsFinite(r.MaxRho) ? r.MaxRho : null, ["mse"] = double.IsFinite(r.Loss) ? r.Loss : null,
            ["seconds"] = r.Seconds, ["finished"] = r.Finished,
        }).ToArray(),
    };
}
