// mnemos theory: the study's theory (PNAS 2020; arXiv 1909.12362 v1) for one hidden layer and one unit-norm example — where gradient flow from
// the rank-1 equal-row start (u0, v0) ends, λ₁ = φ′(v)v/φ(v) there, the corollary (interpolating
// weights of the same form with |λ₁| > 1) and, with --cycle-length n, the spectrum of a cycle whose n
// steps are stored by n blocks of that form (both factors, see CycleSpectrum). --check adds RK4 on the
// flow, gradient descent on a dense double network in ℝᵈ, the float32 Mlp certificate and, for a
// cycle, the trained block network's cycle Jacobian. The work is TheoryAnalysis.Run's; this file
// parses the options and prints the answer as text or JSON.
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
            "Solve the study's theory of one hidden layer and one example (PNAS 2020): u, v where gradient flow ends and λ₁ = φ′(v)v/φ(v); --check trains the network and compares.");
        foreach (var option in new Option[] { o.Activation, o.Width, o.U0, o.V0, o.CycleLength, o.Check, o.Dimension, o.LearningRate, o.Seed, o.Json })
            command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    static int Run(CliContext context, Options o, ParseResult parse)
    {
        string name = parse.GetValue(o.Activation)!;
        ScalarActivation phi;
        try { phi = ScalarActivation.Parse(name); }
        catch (FormatException e) { throw new CliUsageException($"--activation: {e.Message}"); }
        int cycle = parse.GetValue(o.CycleLength), d = parse.GetValue(o.Dimension);
        bool check = parse.GetValue(o.Check);
        if (check && cycle > d) throw new CliUsageException($"--cycle-length {cycle} with --check needs --dimension ≥ {cycle} (got {d}): the examples are orthonormal");
        var query = new TheoryQuery(phi, parse.GetValue(o.Width), parse.GetValue(o.U0)!.Value, parse.GetValue(o.V0)!.Value)
        {
            CycleLength = cycle, Check = check, Dimension = d, LearningRate = parse.GetValue(o.LearningRate)!.Value, Seed = (ulong)parse.GetValue(o.Seed),
        };

        TheoryAnswer answer;
        try
        {
            answer = TheoryAnalysis.Run(query);
        }
        catch (ArithmeticException e)
        {
            context.Error.WriteLine($"mnemos theory: {e.Message}");
            return CliApp.RunError;
        }

        if (parse.GetValue(o.Json))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(Report(answer), MemoryCli.Json));
            return 0;
        }
        var w = context.Out;
        var solution = answer.Solution;
        int k = query.Width;
        w.WriteLine(F($"theory: {phi.Name}, width {k}, u0 {query.U0:G6}, v0 {query.V0:G6} (one hidden layer, one unit-norm example, gradient flow)"));
        w.WriteLine(F($"u  = {solution.U:G10}"));
        w.WriteLine(F($"v  = {solution.V:G10}{(solution.CrossedZero ? "   (the path crossed u = 0, where v turned back)" : "")}"));
        w.WriteLine(F($"λ₁ = φ′(v)·v/φ(v) = {solution.Lambda:G10}: {(solution.IsAttractor ? "attractor (|λ₁| < 1)" : "not an attractor (|λ₁| ≥ 1)")}; the other d−1 eigenvalues are 0"));
        w.WriteLine(F($"residuals: (u² − u0²)/2 − ∫φ/φ′ = {MemoryCli.Number(solution.ConservationResidual)}, k·u·φ(v) − 1 = {MemoryCli.Number(answer.InterpolationResidual)}"));
        if (answer.Cycle?.Formula is { } sp)
        {
            w.WriteLine(F($"cycle of {cycle} steps on orthonormal examples, each a block of {k} units from (u0, v0): Πλ₁ = λ₁^{cycle} = {sp.StepProduct:G10} on x⁽⁰⁾, Π φ′(0)·v/φ(v) = {sp.OffCycleFactors[0]:G10}^{cycle} = {sp.OffCycleProduct:G10} on the other {cycle - 1} examples"));
            w.WriteLine(F($"  ρ = max(|Πλ₁|, |Π φ′(0)v/φ(v)|) = {sp.SpectralRadius:G10}: {(sp.IsAttracting ? "attracting (ρ < 1)" : "not attracting (ρ ≥ 1)")}"));
        }
        else if (answer.Cycle is { } prediction)
            w.WriteLine(F($"cycle of {cycle} steps: Πλ₁ = λ₁^{cycle} = {prediction.StepProduct:G10} along the cycle; φ(0) = {phi.Value(0):G6} ≠ 0, so training mixes the blocks and the other directions have no closed form: no verdict"));
        if (answer.Corollary is not { } corollary)
            w.WriteLine($"corollary: no interpolating weights of this form with |λ₁| > 1 for {phi.Name} (|φ′(v)v/φ(v)| ≤ 1.01 for |v| ≤ 10)");
        else
            w.WriteLine(F($"corollary: u = {corollary.U:G8}, v = {corollary.V:G6} also interpolate (k·u·φ(v) = 1) with λ₁ = {corollary.Lambda:G8}: measured ‖f(x) − x‖ = {MemoryCli.Number(answer.CorollaryMeasured!.FixedPointResidual)}, top eigenvalue {answer.CorollaryMeasured.Lambda:G8}{Verdict(answer.CorollaryMeasured)}"));
        if (answer.Checked is { } c)
        {
            var f = c.Flow;
            w.WriteLine(F($"check, gradient flow (RK4, {f.Steps} steps to t = {f.Time:G4}, loss {MemoryCli.Number(f.Loss)}): u = {f.U:G10}, v = {f.V:G10}, k·u·φ′(v)·v = {f.Lambda:G10}; max difference {MemoryCli.Number(c.FlowGap)}"));
            var g = c.Descent;
            w.WriteLine(F($"check, gradient descent (d {g.Dimension}, rate {MemoryCli.Number(g.LearningRate)}, seed {query.Seed}, {g.Steps} steps, loss {MemoryCli.Number(g.Loss)}): u = {g.U:G8}, v = {g.V:G8}, top eigenvalue {g.Lambda:G8}, next |λ| {MemoryCli.Number(g.SecondMagnitude)}, rank-1 form residual {MemoryCli.Number(g.FormResidual)}"));
            w.WriteLine(F($"  measured − formula: {MemoryCli.Number(answer.DescentDifference)} (gradient descent ends O(rate) from the flow's end point){Verdict(g)}"));
            if (answer.CycleMeasured is { } m) WriteCycleCheck(w, m, answer.CycleDifferences, query.Seed);
        }
        return 0;
    }

    static void WriteCycleCheck(TextWriter w, CycleResult m, (double SpectralRadius, double StepProduct, double OffCycleProduct)? differences, ulong seed)
    {
        int n = m.Length;
        w.WriteLine(F($"check, cycle network (d {m.Dimension}, {n} blocks of {m.BlockWidth}, rate {MemoryCli.Number(m.LearningRate)}, seed {seed}, {m.Steps} steps, loss {MemoryCli.Number(m.Loss)}): block-form residual {MemoryCli.Number(m.FormResidual)}, maxᵢ ‖f(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖ {MemoryCli.Number(m.CycleResidual)}"));
        w.WriteLine(F($"  cycle Jacobian J_{n - 1}⋯J_0: ρ = {m.SpectralRadius:G10}; on x⁽⁰⁾ {m.BasisDiagonal[0]:G10}, on x⁽¹⁾ {m.BasisDiagonal[1]:G10} (central differences of fⁿ: {m.DifferenceDiagonal[0]:G8}, {m.DifferenceDiagonal[1]:G8}), off that diagonal ≤ {MemoryCli.Number(m.DiagonalResidual)}: {(m.SpectralRadius < 1 ? "attracting" : "not attracting")}"));
        if (differences is { } diff)
            w.WriteLine(F($"  measured − formula: ρ {MemoryCli.Number(diff.SpectralRadius)}, Πλ₁ {MemoryCli.Number(diff.StepProduct)}, Π φ′(0)v/φ(v) {MemoryCli.Number(diff.OffCycleProduct)} (gradient descent ends O(rate) from the flow's end point)"));
    }

    static string Verdict(EmpiricalResult r) => r.Certificate is { } c
        ? F($"; float32 Mlp certificate ρ = {c.SpectralRadius:G6}, {Dynamics.Keys.Of(c.Verdict)}")
        : "; no float32 certificate (not a network activation)";

    static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    static Dictionary<string, object?> Report(TheoryAnswer answer)
    {
        var s = answer.Solution;
        var corollary = answer.Corollary;
        var checks = answer.Checked;
        return new()
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
            ["cycle_length"] = answer.Query.CycleLength,
            ["cycle"] = answer.Cycle is not { } cycle ? null : new Dictionary<string, object?>
            {
                ["step_product"] = cycle.StepProduct,
                ["off_cycle_product"] = cycle.Formula?.OffCycleProduct,
                ["spectral_radius"] = cycle.Formula?.SpectralRadius,
                ["attracting"] = cycle.Formula?.IsAttracting,
            },
            ["corollary"] = corollary is null ? null : new Dictionary<string, object?>
            {
                ["u"] = corollary.U,
                ["v"] = corollary.V,
                ["lambda"] = corollary.Lambda,
                ["measured"] = Measured(answer.CorollaryMeasured!),
            },
            ["check"] = checks is null ? null : new Dictionary<string, object?>
            {
                ["flow"] = new Dictionary<string, object?>
                {
                    ["u"] = checks.Flow.U, ["v"] = checks.Flow.V, ["lambda"] = checks.Flow.Lambda,
                    ["time"] = checks.Flow.Time, ["steps"] = checks.Flow.Steps, ["loss"] = checks.Flow.Loss,
                },
                ["descent"] = Measured(checks.Descent),
                ["cycle"] = answer.CycleMeasured is not { } m ? null : new Dictionary<string, object?>
                {
                    ["dimension"] = m.Dimension, ["learning_rate"] = m.LearningRate, ["steps"] = m.Steps, ["loss"] = m.Loss,
                    ["u"] = m.U, ["v"] = m.V, ["form_residual"] = m.FormResidual, ["cycle_residual"] = m.CycleResidual,
                    ["spectral_radius"] = m.SpectralRadius, ["basis_diagonal"] = m.BasisDiagonal,
                    ["diagonal_residual"] = m.DiagonalResidual, ["difference_diagonal"] = m.DifferenceDiagonal,
                },
            },
        };
    }

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
            ["verdict"] = Dynamics.Keys.Of(c.Verdict),
            ["fixed_point_residual"] = c.FixedPointResidual,
            ["eigen_residual"] = c.EigenResidual,
        },
    };
}
