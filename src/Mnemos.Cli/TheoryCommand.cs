// mnemos theory: SPEC §5 for one hidden layer and one unit-norm example — where gradient flow from
// the rank-1 equal-row start (u0, v0) ends, λ₁ = φ′(v)v/φ(v) there, the cycle product, and the
// corollary (interpolating weights of the same form with |λ₁| > 1). --check adds RK4 on the flow,
// gradient descent on a dense double network in ℝᵈ and the float32 Mlp certificate.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments.Theory;

namespace Mnemos.Cli;

static class TheoryCommand
{
    sealed class Options
    {
        public readonly Option<string> Activation = new("--activation")
        {
            Description = $"φ: {string.Join(", ", ScalarActivation.Names)} (where φ/φ′ is finite on the path).",
            DefaultValueFactory = _ => "sigmoid",
        };
        public readonly Option<int> Width = CliOptions.Int("--width", "Hidden width k.", 4, 1, 1_000_000);
        public readonly Option<double?> U0 = CliOptions.Double("--u0", "Initial value of every entry of u (W₁ = x uᵀ).", 0.1);
        public readonly Option<double?> V0 = CliOptions.Double("--v0", "Initial value of every entry of v (W₂ = v xᵀ).", 0.1);
        public readonly Option<int> CycleLength = CliOptions.Int("--cycle-length", "Steps of a cycle whose steps all start at (u0, v0): λ = λ₁ⁿ.", 1, 1, 1_000_000);
        public readonly Option<bool> Check = new("--check") { Description = "Check against RK4 on the gradient flow, gradient descent on a trained network and its certificate." };
        public readonly Option<int> Dimension = CliOptions.Int("--dimension", "Dimension d of the example for --check.", 8, 1, 4096);
        public readonly Option<double?> LearningRate = CliOptions.Double("--learning-rate", "Gradient-descent rate for --check.", 1e-3, 0, exclusiveMin: true);
        public readonly Option<long> Seed = CliOptions.Long("--seed", "Seed of the random unit-norm example.", 0, 0);
        public readonly Option<bool> Json = MemoryCli.JsonOption();
    }

    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("theory",
            "Solve SPEC §5 (one hidden layer, one example): u, v where gradient flow ends and λ₁ = φ′(v)v/φ(v); --check trains the network and compares.");
        foreach (var option in new Option[] { o.Activation, o.Width, o.U0, o.V0, o.CycleLength, o.Check, o.Dimension, o.LearningRate, o.Seed, o.Json })
            command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    sealed record Checks(FlowEnd Flow, EmpiricalResult Descent);

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string name = parse.GetValue(o.Activation)!;
        ScalarActivation phi;
        try { phi = ScalarActivation.Parse(name); }
        catch (FormatException e) { throw new CliUsageException($"--activation: {e.Message}"); }
        int k = parse.GetValue(o.Width), cycle = parse.GetValue(o.CycleLength), d = parse.GetValue(o.Dimension);
        double u0 = parse.GetValue(o.U0)!.Value, v0 = parse.GetValue(o.V0)!.Value, lr = parse.GetValue(o.LearningRate)!.Value;
        ulong seed = (ulong)parse.GetValue(o.Seed);

        TheorySolution solution;
        RankOneInterpolation? corollary;
        EmpiricalResult? corollaryMeasured;
        Checks? checks = null;
        try
        {
            solution = TheorySolver.Solve(phi, k, u0, v0);
            corollary = TheorySolver.UnstableInterpolation(phi, k);
            corollaryMeasured = corollary is null ? null : EmpiricalCheck.Measure(phi, corollary, d, seed);
            if (parse.GetValue(o.Check))
                checks = new Checks(GradientFlow.Integrate(phi, k, u0, v0),
                    EmpiricalCheck.Train(phi, k, u0, v0, new EmpiricalOptions { Dimension = d, LearningRate = lr, Seed = seed }));
        }
        catch (ArithmeticException e)
        {
            context.Error.WriteLine($"mnemos theory: {e.Message}");
            return CliApp.RunError;
        }
        double cycleLambda = TheorySolver.CycleProduct(Enumerable.Repeat(solution, cycle));

        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(Report(solution, cycle, cycleLambda, corollary, corollaryMeasured, checks), MemoryCli.Json));
            return 0;
        }
        var w = context.Out;
        w.WriteLine(F($"theory: {phi.Name}, width {k}, u0 {u0:G6}, v0 {v0:G6} (one hidden layer, one unit-norm example, gradient flow)"));
        w.WriteLine(F($"u  = {solution.U:G10}"));
        w.WriteLine(F($"v  = {solution.V:G10}{(solution.CrossedZero ? "   (the path crossed u = 0, where v turned back)" : "")}"));
        w.WriteLine(F($"λ₁ = φ′(v)·v/φ(v) = {solution.Lambda:G10}: {(solution.IsAttractor ? "attractor (|λ₁| < 1)" : "not an attractor (|λ₁| ≥ 1)")}; the other d−1 eigenvalues are 0"));
        w.WriteLine(F($"residuals: (u² − u0²)/2 − ∫φ/φ′ = {solution.ConservationResidual:E2}, k·u·φ(v) − 1 = {k * solution.U * phi.Value(solution.V) - 1:E2}"));
        if (cycle > 1) w.WriteLine(F($"cycle of {cycle} steps from (u0, v0): λ = λ₁^{cycle} = {cycleLambda:G10}: {(Math.Abs(cycleLambda) < 1 ? "attracting" : "not attracting")}"));
        if (corollary is null)
            w.WriteLine($"corollary: no interpolating weights of this form with |λ₁| > 1 for {phi.Name} (|φ′(v)v/φ(v)| ≤ 1.01 for |v| ≤ 10)");
        else
            w.WriteLine(F($"corollary: u = {corollary.U:G8}, v = {corollary.V:G6} also interpolate (k·u·φ(v) = 1) with λ₁ = {corollary.Lambda:G8}: measured ‖f(x) − x‖ = {corollaryMeasured!.FixedPointResidual:E2}, top eigenvalue {corollaryMeasured.Lambda:G8}{Verdict(corollaryMeasured)}"));
        if (checks is { } c)
        {
            var f = c.Flow;
            double flowGap = Math.Max(Math.Abs(f.U - solution.U), Math.Max(Math.Abs(f.V - solution.V), Math.Abs(f.Lambda - solution.Lambda)));
            w.WriteLine(F($"check, gradient flow (RK4, {f.Steps} steps to t = {f.Time:G4}, loss {f.Loss:E1}): u = {f.U:G10}, v = {f.V:G10}, k·u·φ′(v)·v = {f.Lambda:G10}; max difference {flowGap:E2}"));
            var g = c.Descent;
            w.WriteLine(F($"check, gradient descent (d {g.Dimension}, rate {g.LearningRate:G3}, seed {seed}, {g.Steps} steps, loss {g.Loss:E1}): u = {g.U:G8}, v = {g.V:G8}, top eigenvalue {g.Lambda:G8}, next |λ| {g.SecondMagnitude:E1}, rank-1 form residual {g.FormResidual:E1}"));
            w.WriteLine(F($"  measured − formula: {g.Lambda - solution.Lambda:E2} (gradient descent ends O(rate) from the flow's end point){Verdict(g)}"));
        }
        return 0;
    }

    static string Verdict(EmpiricalResult r) => r.Certificate is { } c
        ? F($"; float32 Mlp certificate ρ = {c.SpectralRadius:G6}, {MemoryCli.Verdict(c.Verdict)}")
        : "; no float32 certificate (not a network activation)";

    static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    static Dictionary<string, object?> Report(TheorySolution s, int cycle, double cycleLambda, RankOneInterpolation? corollary,
        EmpiricalResult? corollaryMeasured, Checks? checks) => new()
    {
        ["activation"] = s.Activation,
        ["width"] = s.Width,
        ["u0"] = s.U0,
        ["v0"] = s.V0,
        ["u"] = s.U,
        ["v"] = s.V,
        ["lambda"] = s.Lambda,
        ["attractor"] = s.IsAttractor,
        ["crossed_zero"] = s.CrossedZero,
        ["conservation_residual"] = s.ConservationResidual,
        ["cycle_length"] = cycle,
        ["cycle_lambda"] = cycleLambda,
        ["corollary"] = corollary is null ? null : new Dictionary<string, object?>
        {
            ["u"] = corollary.U,
            ["v"] = corollary.V,
            ["lambda"] = corollary.Lambda,
            ["measured"] = Measured(corollaryMeasured!),
        },
        ["check"] = checks is null ? null : new Dictionary<string, object?>
        {
            ["flow"] = new Dictionary<string, object?>
            {
                ["u"] = checks.Flow.U, ["v"] = checks.Flow.V, ["lambda"] = checks.Flow.Lambda,
                ["time"] = checks.Flow.Time, ["steps"] = checks.Flow.Steps, ["loss"] = checks.Flow.Loss,
            },
            ["descent"] = Measured(checks.Descent),
        },
    };

    static Dictionary<string, object?> Measured(EmpiricalResult r) => new()
    {
        ["dimension"] = r.Dimension,
        ["learning_rate"] = r.LearningRate,
        ["steps"] = r.Steps,
        ["loss"] = r.Loss,
        ["u"] = r.U,
        ["v"] = r.V,
        ["lambda"] = r.Lambda,
        ["second_magnitude"] = r.SecondMagnitude,
        ["form_residual"] = r.FormResidual,
        ["fixed_point_residual"] = r.FixedPointResidual,
        ["certificate"] = r.Certificate is not { } c ? null : new Dictionary<string, object?>
        {
            ["spectral_radius"] = c.SpectralRadius,
            ["verdict"] = MemoryCli.Verdict(c.Verdict),
            ["fixed_point_residual"] = c.FixedPointResidual,
            ["eigen_residual"] = c.EigenResidual,
        },
    };
}
