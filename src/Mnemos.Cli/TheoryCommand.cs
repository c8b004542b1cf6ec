// mnemos theory: SPEC §5 for one hidden layer and one unit-norm example — where gradient flow from
// the rank-1 equal-row start (u0, v0) ends, λ₁ = φ′(v)v/φ(v) there, the corollary (interpolating
// weights of the same form with |λ₁| > 1) and, with --cycle-length n, the spectrum of a cycle whose n
// steps are stored by n blocks of that form (both factors, see CycleSpectrum). --check adds RK4 on the
// flow, gradient descent on a dense double network in ℝᵈ, the float32 Mlp certificate and, for a
// cycle, the trained block network's cycle Jacobian.
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
        public readonly Option<int> CycleLength = CliOptions.Int("--cycle-length", "Steps n of a cycle on n orthonormal examples, each step stored by its own block of k units started at (u0, v0); needs φ(0) = 0 for a verdict.", 1, 1, 1_000_000);
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

    sealed record Checks(FlowEnd Flow, EmpiricalResult Descent, CycleResult? Cycle);

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string name = parse.GetValue(o.Activation)!;
        ScalarActivation phi;
        try { phi = ScalarActivation.Parse(name); }
        catch (FormatException e) { throw new CliUsageException($"--activation: {e.Message}"); }
        int k = parse.GetValue(o.Width), cycle = parse.GetValue(o.CycleLength), d = parse.GetValue(o.Dimension);
        double u0 = parse.GetValue(o.U0)!.Value, v0 = parse.GetValue(o.V0)!.Value, lr = parse.GetValue(o.LearningRate)!.Value;
        ulong seed = (ulong)parse.GetValue(o.Seed);
        bool check = parse.GetValue(o.Check);
        if (check && cycle > d) throw new CliUsageException($"--cycle-length {cycle} with --check needs --dimension ≥ {cycle} (got {d}): the examples are orthonormal");

        TheorySolution solution;
        RankOneInterpolation? corollary;
        EmpiricalResult? corollaryMeasured;
        Checks? checks = null;
        try
        {
            solution = TheorySolver.Solve(phi, k, u0, v0);
            corollary = TheorySolver.UnstableInterpolation(phi, k);
            corollaryMeasured = corollary is null ? null : EmpiricalCheck.Measure(phi, corollary, d, seed);
            if (check)
                checks = new Checks(GradientFlow.Integrate(phi, k, u0, v0),
                    EmpiricalCheck.Train(phi, k, u0, v0, new EmpiricalOptions { Dimension = d, LearningRate = lr, Seed = seed }),
                    cycle == 1 ? null : CycleCheck.Train(phi, k, Enumerable.Repeat((u0, v0), cycle).ToArray(), new CycleOptions { Dimension = d, LearningRate = lr, Seed = seed }));
        }
        catch (ArithmeticException e)
        {
            context.Error.WriteLine($"mnemos theory: {e.Message}");
            return CliApp.RunError;
        }
        // Every step from the same start: Πλ₁ = λ₁ⁿ. Without φ(0) = 0 only that product is known.
        double stepProduct = Math.Pow(solution.Lambda, cycle);
        CycleSpectrum? spectrum = cycle > 1 && CycleSpectrum.KeepsBlockForm(phi) ? TheorySolver.CycleSpectrum(phi, Enumerable.Repeat(solution, cycle).ToArray()) : null;

        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(Report(solution, cycle, stepProduct, spectrum, corollary, corollaryMeasured, checks), MemoryCli.Json));
            return 0;
        }
        var w = context.Out;
        w.WriteLine(F($"theory: {phi.Name}, width {k}, u0 {u0:G6}, v0 {v0:G6} (one hidden layer, one unit-norm example, gradient flow)"));
        w.WriteLine(F($"u  = {solution.U:G10}"));
        w.WriteLine(F($"v  = {solution.V:G10}{(solution.CrossedZero ? "   (the path crossed u = 0, where v turned back)" : "")}"));
        w.WriteLine(F($"λ₁ = φ′(v)·v/φ(v) = {solution.Lambda:G10}: {(solution.IsAttractor ? "attractor (|λ₁| < 1)" : "not an attractor (|λ₁| ≥ 1)")}; the other d−1 eigenvalues are 0"));
        w.WriteLine(F($"residuals: (u² − u0²)/2 − ∫φ/φ′ = {solution.ConservationResidual:E2}, k·u·φ(v) − 1 = {k * solution.U * phi.Value(solution.V) - 1:E2}"));
        if (spectrum is { } sp)
        {
            w.WriteLine(F($"cycle of {cycle} steps on orthonormal examples, each a block of {k} units from (u0, v0): Πλ₁ = λ₁^{cycle} = {sp.StepProduct:G10} on x⁽⁰⁾, Π φ′(0)·v/φ(v) = {sp.OffCycleFactors[0]:G10}^{cycle} = {sp.OffCycleProduct:G10} on the other {cycle - 1} examples"));
            w.WriteLine(F($"  ρ = max(|Πλ₁|, |Π φ′(0)v/φ(v)|) = {sp.SpectralRadius:G10}: {(sp.IsAttracting ? "attracting (ρ < 1)" : "not attracting (ρ ≥ 1)")}"));
        }
        else if (cycle > 1)
            w.WriteLine(F($"cycle of {cycle} steps: Πλ₁ = λ₁^{cycle} = {stepProduct:G10} along the cycle; φ(0) = {phi.Value(0):G6} ≠ 0, so training mixes the blocks and the other directions have no closed form: no verdict"));
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
            if (c.Cycle is { } m) WriteCycleCheck(w, m, spectrum, seed);
        }
        return 0;
    }

    static void WriteCycleCheck(TextWriter w, CycleResult m, CycleSpectrum? formula, ulong seed)
    {
        int n = m.Length;
        w.WriteLine(F($"check, cycle network (d {m.Dimension}, {n} blocks of {m.BlockWidth}, rate {m.LearningRate:G3}, seed {seed}, {m.Steps} steps, loss {m.Loss:E1}): block-form residual {m.FormResidual:E1}, maxᵢ ‖f(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖ {m.CycleResidual:E1}"));
        w.WriteLine(F($"  cycle Jacobian J_{n - 1}⋯J_0: ρ = {m.SpectralRadius:G10}; on x⁽⁰⁾ {m.BasisDiagonal[0]:G10}, on x⁽¹⁾ {m.BasisDiagonal[1]:G10} (central differences of fⁿ: {m.DifferenceDiagonal[0]:G8}, {m.DifferenceDiagonal[1]:G8}), off that diagonal ≤ {m.DiagonalResidual:E1}: {(m.SpectralRadius < 1 ? "attracting" : "not attracting")}"));
        if (formula is not null)
            w.WriteLine(F($"  measured − formula: ρ {m.SpectralRadius - formula.SpectralRadius:E2}, Πλ₁ {m.BasisDiagonal[0] - formula.StepProduct:E2}, Π φ′(0)v/φ(v) {m.BasisDiagonal[1] - formula.OffCycleProduct:E2} (gradient descent ends O(rate) from the flow's end point)"));
    }

    static string Verdict(EmpiricalResult r) => r.Certificate is { } c
        ? F($"; float32 Mlp certificate ρ = {c.SpectralRadius:G6}, {MemoryCli.Verdict(c.Verdict)}")
        : "; no float32 certificate (not a network activation)";

    static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    static Dictionary<string, object?> Report(TheorySolution s, int cycle, double stepProduct, CycleSpectrum? spectrum, RankOneInterpolation? corollary,
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
        ["cycle"] = cycle == 1 ? null : new Dictionary<string, object?>
        {
            ["step_product"] = stepProduct,
            ["off_cycle_product"] = spectrum?.OffCycleProduct,
            ["spectral_radius"] = spectrum?.SpectralRadius,
            ["attracting"] = spectrum?.IsAttracting,
        },
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
            ["cycle"] = checks.Cycle is not { } m ? null : new Dictionary<string, object?>
            {
                ["dimension"] = m.Dimension, ["learning_rate"] = m.LearningRate, ["steps"] = m.Steps, ["loss"] = m.Loss,
                ["u"] = m.U, ["v"] = m.V, ["form_residual"] = m.FormResidual, ["cycle_residual"] = m.CycleResidual,
                ["spectral_radius"] = m.SpectralRadius, ["basis_diagonal"] = m.BasisDiagonal,
                ["diagonal_residual"] = m.DiagonalResidual, ["difference_diagonal"] = m.DifferenceDiagonal,
            },
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
