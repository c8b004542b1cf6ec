// The theory experiment (the study's one-hidden-layer theory, PNAS 2020; arXiv 1909.12362 v1): for several activations, widths and starts, where gradient flow
// from the rank-1 equal-row start ends (solver), checked against RK4 on the flow and against
// gradient descent on the network in ℝᵈ; the corollary (interpolation with |λ₁| > 1) per
// activation; a figure of λ₁(v) = φ′(v)v/φ(v) with the solved points on it; and cycles stored by one
// block of units per step (TheoryExperiment.Cycles.cs).
using System.Globalization;
using System.Text;
using Mnemos.Formats;
using Mnemos.Reports;

namespace Mnemos.Experiments.Theory;

/// <summary><c>mnemos experiment theory</c>.</summary>
internal sealed partial class TheoryExperiment : IExperiment
{
    public string Name => "theory";

    public bool HasCells => true;

    public string Description => "The study's one-hidden-layer theory: u, v and λ₁ where gradient flow ends (one hidden layer, one example), checked by RK4 and by training; the corollary; cycles' spectral radius against trained block networks.";

    public string DescribePreset(ExperimentPreset preset) => preset == ExperimentPreset.Quick
        ? "sigmoid and tanh, width 4, two starts; descent at lr 4e-3 in ℝ⁸; 2-cycles for tanh, swish, sigmoid, composed (Theorem 4) and as one block network (our extension)"
        : "sigmoid, tanh, softplus, cosid × widths 1, 4, 16 × three starts; descent at lr 1e-3 in ℝ⁸ (the study's own setting: any d); 2- and 3-cycles for tanh, swish, sigmoid, sinusoid, composed (Theorem 4) and as one block network (our extension)";

    public ExperimentSummary Run(ExperimentContext context)
    {
        bool quick = context.Preset == ExperimentPreset.Quick;
        string[] activations = quick ? ["sigmoid", "tanh"] : ["sigmoid", "tanh", "softplus", "cosid"];
        int[] widths = quick ? [4] : [1, 4, 16];
        (double U0, double V0)[] starts = quick ? [(0.1, 0.1), (0.5, -0.3)] : [(0.1, 0.1), (0.5, -0.3), (0.05, 0.8)];
        double lr = quick ? 4e-3 : 1e-3;
        context.RecordSettings(new { activations, widths, starts = starts.Select(s => new[] { s.U0, s.V0 }), learningRate = lr, dimension = 8, cycles = CycleSettings(quick) });

        var cases = new List<TheoryCase>();
        var refused = new List<string>();
        foreach (string name in activations)
            foreach (int k in widths)
                foreach (var (u0, v0) in starts)
                {
                    var phi = ScalarActivation.Parse(name);
                    string key = string.Create(CultureInfo.InvariantCulture, $"{name}-k{k}-u{u0}-v{v0}");
                    try
                    {
                        cases.Add(context.Cell(key, null, () => context.Cells.GetOrCompute(key, new { name, k, u0, v0, lr }, () =>
                        {
                            context.Report($"solving {key}");
                            return TheoryCase.Check(phi, TheorySolver.Solve(phi, k, u0, v0), new EmpiricalOptions { LearningRate = lr });
                        })));
                    }
                    catch (ArgumentException e)
                    {
                        refused.Add($"{key}: {e.Message}");
                    }
                }
        var composed = RunComposed(context, quick, lr, refused);
        var cycles = RunCycles(context, quick, lr, refused);
        context.CellsDone();
        var corollaries = activations.Select(n => (Name: n, Weights: TheorySolver.UnstableInterpolation(ScalarActivation.Parse(n), 4)))
            .Select(c => (c.Name, c.Weights, Measured: c.Weights is { } w ? EmpiricalCheck.Measure(ScalarActivation.Parse(c.Name), w) : null)).ToArray();

        AtomicFile.WriteAllText(context.PathOf("theory.md"), Table(cases, corollaries, composed, cycles, refused));
        AtomicFile.WriteAllText(context.PathOf("lambda.svg"), Figure(activations, cases));
        if (cases.Count > 0) AtomicFile.WriteAllText(context.PathOf("agreement.svg"), Agreement(activations, cases));
        AtomicFile.WriteAllText(context.PathOf("result.json"), System.Text.Json.JsonSerializer.Serialize(
            new { cases, corollaries = corollaries.Select(c => new { activation = c.Name, weights = c.Weights, measured = c.Measured }), composed, cycles, refused }, ExperimentJson.Indented));

        double flowGap = cases.Count == 0 ? double.NaN : cases.Max(c => c.FlowGap), descentGap = cases.Count == 0 ? double.NaN : cases.Max(c => c.DescentGap);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{cases.Count} cases solved ({refused.Count} refused): solver vs RK4 flow ≤ {flowGap:0.0e0}, vs trained network λ₁ ≤ {descentGap:0.0e0}"),
            $"attractors (|λ₁| < 1): {cases.Count(c => c.Solution.IsAttractor)} of {cases.Count}; corollary (interpolation with |λ₁| > 1) for " +
                string.Join(", ", corollaries.Where(c => c.Weights is not null).Select(c => c.Name)),
        };
        double composedGap = composed.Count == 0 ? double.NaN : composed.Max(c => c.Gap);
        double composedSecond = composed.Count == 0 ? double.NaN : composed.Max(c => c.SecondMagnitude);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Theorem 4 (composed one-step networks): {composed.Count} cycles; measured Πλᵢ vs gradient flow ≤ {composedGap:0.0e0}, second |eigenvalue| ≤ {composedSecond:0.0e0}; attracting {composed.Count(c => c.ProductRadius < 1)}"));
        var withFormula = cycles.Where(c => c.Formula is not null).ToArray();
        double cycleGap = withFormula.Length == 0 ? double.NaN : withFormula.Max(c => c.Gap);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"our extension, one block network per cycle: {cycles.Count} trained; where φ(0) = 0 measured ρ vs max(|Πλᵢ|, |Πcᵢ|) ≤ {cycleGap:0.0e0}; attracting by Theorem 4's Πλᵢ alone {cycles.Count(c => Math.Abs(c.StepProduct) < 1)}, as measured {cycles.Count(c => c.Measured.SpectralRadius < 1)}"));
        return new ExperimentSummary(lines, new Dictionary<string, double>
            {
                ["cases"] = cases.Count, ["flow_gap"] = flowGap, ["descent_gap"] = descentGap,
                ["composed_cycles"] = composed.Count, ["composed_gap"] = composedGap, ["composed_second"] = composedSecond,
                ["cycles"] = cycles.Count, ["cycle_gap"] = cycleGap, ["cycles_attracting"] = cycles.Count(c => c.Measured.SpectralRadius < 1),
            },
            ["theory.md", "lambda.svg", "agreement.svg", "result.json"]);
    }

    static string Table(IReadOnlyList<TheoryCase> cases, (string Name, RankOneInterpolation? Weights, EmpiricalResult? Measured)[] corollaries,
        IReadOnlyList<ComposedCycleResult> composed, IReadOnlyList<CycleCase> cycles, IReadOnlyList<string> refused)
    {
        var md = new StringBuilder();
        md.AppendLine("| φ | k | u⁽⁰⁾ | v⁽⁰⁾ | u | v | λ₁ | RK4 gap | trained λ₁ | gap | attractor |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cases)
        {
            var s = c.Solution;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Activation} | {s.Width} | {s.U0} | {s.V0} | {s.U:0.######} | {s.V:0.######} | {s.Lambda:0.######} | {c.FlowGap:0.0e0} | {c.Descent.Lambda:0.######} | {c.DescentGap:0.0e0} | {(s.IsAttractor ? "yes" : "no")} |"));
        }
        md.AppendLine().AppendLine("Corollary, width 4: interpolating weights of the same form with |λ₁| > 1.").AppendLine();
        md.AppendLine("| φ | u | v | λ₁ (formula) | λ₁ (measured) | ‖f(x) − x‖ |").AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, w, m) in corollaries)
            md.AppendLine(w is null ? $"| {name} | — | — | none: \\|φ′(v)v/φ(v)\\| ≤ 1 everywhere | | |"
                : string.Create(CultureInfo.InvariantCulture, $"| {name} | {w.U:0.####} | {w.V:0.####} | {w.Lambda:0.####} | {m!.Lambda:0.####} | {m.FixedPointResidual:0.0e0} |"));
        if (composed.Count > 0) ComposedTable(md, composed);
        if (cycles.Count > 0) CycleTable(md, cycles);
        foreach (string r in refused) md.AppendLine().Append("Refused: ").AppendLine(r);
        return md.ToString();
    }

    // λ₁(v) per activation, with the lines |λ₁| = 1: where on these curves training can end decides attraction.
    static string Figure(IReadOnlyList<string> activations, IReadOnlyList<TheoryCase> cases)
    {
        var plot = new LinePlot { Title = "λ₁ = φ′(v)·v / φ(v) at the end of training", XLabel = "v", YLabel = "λ₁", YRange = (-2.5, 2.5) };
        var v = Enumerable.Range(0, 401).Select(i => -4 + i * 0.02).ToArray();
        foreach (string name in activations)
        {
            var phi = ScalarActivation.Parse(name);
            plot.Add(name, v, v.Select(z => phi.Lambda(z) is var l && double.IsFinite(l) && Math.Abs(l) < 3 ? l : double.NaN).ToArray());
        }
        return plot.Add("|λ₁| = 1", new[] { -4.0, 4.0, double.NaN, -4.0, 4.0 }, new[] { 1.0, 1.0, double.NaN, -1.0, -1.0 }).ToSvg();
    }

    // Measured against predicted λ₁, one series per activation sorted by the prediction, on the diagonal when they agree.
    static string Agreement(IReadOnlyList<string> activations, IReadOnlyList<TheoryCase> cases)
    {
        var plot = new LinePlot { Title = "λ₁ of the trained network against the solver", XLabel = "λ₁ from the solver", YLabel = "λ₁ measured (gradient descent)", Markers = true };
        double lo = cases.Min(c => c.Solution.Lambda), hi = cases.Max(c => c.Solution.Lambda);
        plot.Add("y = x", new[] { lo, hi }, new[] { lo, hi });
        foreach (string name in activations)
        {
            var mine = cases.Where(c => c.Solution.Activation == name).OrderBy(c => c.Solution.Lambda).ToArray();
            if (mine.Length > 0) plot.Add(name, mine.Select(c => c.Solution.Lambda).ToArray(), mine.Select(c => c.Descent.Lambda).ToArray());
        }
        return plot.ToSvg();
    }
}
