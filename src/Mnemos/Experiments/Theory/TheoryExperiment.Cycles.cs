// The theory experiment's cycles section. First the study's cycle theorem (Theorem 4, PNAS 2020;
// arXiv 1909.12362 v1) in its own setting: n one-step networks trained separately and composed
// (ComposedCycle), whose cycle eigenvalue is Πλᵢ. Beside it, labelled as our extension, the same
// statement read for one network (the cycle's eigenvalue is Πλᵢ) against the block network of CycleSpectrum trained by gradient descent, where the cycle
// Jacobian also has Πcᵢ = Π φ′(0)vᵢ/φ(vᵢ) on the other examples. Sigmoid (φ(0) ≠ 0) is measured
// without a formula, to show what happens where none is claimed.
using System.Globalization;
using System.Text;

namespace Mnemos.Experiments.Theory;

/// <summary>
/// One trained cycle: the solver's answer per step, Theorem 4's Πλᵢ (<paramref name="StepProduct"/>), the
/// block formula (null when φ(0) ≠ 0) and the measured network.
/// </summary>
internal sealed record CycleCase(string Activation, int BlockWidth, TheorySolution[] Steps, double StepProduct, CycleSpectrum? Formula, CycleResult Measured)
{
    /// <summary>|measured ρ − formula ρ| (NaN without a formula).</summary>
    public double Gap => Formula is null ? double.NaN : Math.Abs(Measured.SpectralRadius - Formula.SpectralRadius);
}

internal sealed partial class TheoryExperiment
{
    sealed record CycleSetting(string Activation, int BlockWidth, int Dimension, double[][] Starts);

    static CycleSetting[] CycleSettings(bool quick)
    {
        CycleSetting[] quickCases =
        [
            new("tanh", 2, 6, [[0.1, 0.1], [0.5, -0.3]]),
            new("swish", 2, 6, [[0.2, 4], [-2, -0.8]]),
            new("sigmoid", 2, 6, [[0.1, 0.1], [0.5, -0.3]]),
        ];
        return quick ? quickCases :
        [
            .. quickCases,
            new("tanh", 3, 8, [[0.1, 0.1], [0.5, -0.3], [0.3, 0.4]]),
            new("swish", 2, 8, [[0.2, 4], [0.1, 5], [-2, -0.8]]),
            new("sinusoid", 4, 6, [[0.8, 0.1], [1, 0.05]]),
        ];
    }

    static List<CycleCase> RunCycles(ExperimentContext context, bool quick, double lr, List<string> refused)
    {
        var cases = new List<CycleCase>();
        foreach (var setting in CycleSettings(quick))
        {
            var phi = ScalarActivation.Parse(setting.Activation);
            string starts = string.Join("_", setting.Starts.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s[0]}_{s[1]}")));
            string key = $"cycle-{setting.Activation}-n{setting.Starts.Length}-k{setting.BlockWidth}-{starts}";
            try
            {
                cases.Add(context.Cell(key, null, () => context.Cells.GetOrCompute(key, new { setting, lr, seed = context.Seed }, () =>
                {
                    context.Report($"training {key}");
                    var prediction = CyclePrediction.Of(phi, setting.Starts.Select(s => TheorySolver.Solve(phi, setting.BlockWidth, s[0], s[1])).ToArray());
                    var measured = CycleCheck.Train(phi, setting.BlockWidth, setting.Starts.Select(s => (s[0], s[1])).ToArray(),
                        new CycleOptions { Dimension = setting.Dimension, LearningRate = lr, Seed = context.Seed });
                    return new CycleCase(phi.Name, setting.BlockWidth, prediction.Steps, prediction.StepProduct, prediction.Formula, measured);
                })));
            }
            catch (ArgumentException e)
            {
                refused.Add($"{key}: {e.Message}");
            }
        }
        return cases;
    }

    static List<ComposedCycleResult> RunComposed(ExperimentContext context, bool quick, double lr, List<string> refused)
    {
        var results = new List<ComposedCycleResult>();
        foreach (var setting in CycleSettings(quick))
        {
            var phi = ScalarActivation.Parse(setting.Activation);
            string starts = string.Join("_", setting.Starts.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s[0]}_{s[1]}")));
            string key = $"composed-{setting.Activation}-n{setting.Starts.Length}-k{setting.BlockWidth}-{starts}";
            try
            {
                results.Add(context.Cell(key, null, () => context.Cells.GetOrCompute(key, new { setting, lr, seed = context.Seed }, () =>
                {
                    context.Report($"training {key}");
                    return ComposedCycle.Train(phi, setting.BlockWidth, setting.Starts.Select(s => (s[0], s[1])).ToArray(),
                        new ComposedCycleOptions { Dimension = setting.Dimension, LearningRate = lr, Seed = context.Seed });
                })));
            }
            catch (Exception e) when (e is ArgumentException or ArithmeticException)
            {
                refused.Add($"{key}: {e.Message}");
            }
        }
        return results;
    }

    static void ComposedTable(StringBuilder md, IReadOnlyList<ComposedCycleResult> composed)
    {
        md.AppendLine().AppendLine("Theorem 4 (the study's setting): cycles x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ on seeded unit vectors (not orthogonal), each step " +
            "fitted by its own one-hidden-layer network of k units, started at W₁ = x⁽ⁱ⁺¹⁾u⁽⁰⁾ᵀ, W₂ = v⁽⁰⁾x⁽ⁱ⁾ᵀ and trained by gradient descent in double; " +
            "f = fₙ₋₁∘…∘f₀. Theorem: each Jacobian is λᵢx⁽ⁱ⁺¹⁾x⁽ⁱ⁾ᵀ, so the composed map's only non-zero eigenvalue is Πλᵢ. “Πλᵢ flow” " +
            "from the gradient-flow solver per step; “Πλᵢ measured” from the trained Jacobians; “ρ” of their product; “2nd |λ|” its next " +
            "eigenvalue (theorem: 0); “vs differences” the product against the composed map's Jacobian by central differences; " +
            "“trip” ‖f(x⁽⁰⁾ + δ) − x⁽⁰⁾‖/‖δ‖ along x⁽⁰⁾.").AppendLine();
        md.AppendLine("| φ | n | k | λᵢ flow | λᵢ measured | Πλᵢ flow | Πλᵢ measured | ρ | 2nd \\|λ\\| | rank-1 residual | vs differences | trip | attracting |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in composed)
        {
            string flow = string.Join(", ", c.Predicted.Select(p => p.Lambda.ToString("0.####", CultureInfo.InvariantCulture)));
            string measured = string.Join(", ", c.StepFactors.Select(f => f.ToString("0.####", CultureInfo.InvariantCulture)));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Activation} | {c.Length} | {c.Width} | {flow} | {measured} | {c.PredictedProduct:0.######} | {c.MeasuredProduct:0.######} | {c.ProductRadius:0.######} | {c.SecondMagnitude:0.0e0} | {c.RankOneResidual:0.0e0} | {c.CompositionGap:0.0e0} | {c.IterationRatio:0.######} | {(c.IsAttracting ? "yes" : "no")} |"));
        }
    }

    static void CycleTable(StringBuilder md, IReadOnlyList<CycleCase> cycles)
    {
        md.AppendLine().AppendLine("Our extension, one network for the whole cycle: x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ on orthonormal examples, step i stored by its own block of k units started at " +
            "W₁ = Σᵢ x⁽ⁱ⁺¹⁾(uᵢ⁽⁰⁾1_{Bᵢ})ᵀ, W₂ = Σᵢ (vᵢ⁽⁰⁾1_{Bᵢ})x⁽ⁱ⁾ᵀ and trained by gradient descent in double: our extension of the study's Theorem 4 (PNAS 2020; arXiv 1909.12362 v1), whose composed one-step networks give the " +
            "cycle Πλᵢ. For this single network, with φ(0) = 0 the cycle Jacobian has Πλᵢ on x⁽⁰⁾ and Πcᵢ, cᵢ = φ′(0)vᵢ/φ(vᵢ), on the other n − 1 examples, " +
            "so ρ = max(|Πλᵢ|, |Πcᵢ|). Measured: ρ of the product of the dense Jacobians at the examples; “on x⁽⁰⁾ / x⁽¹⁾” is " +
            "x⁽ᵐ⁾ᵀJ_{n−1}⋯J_0x⁽ᵐ⁾; “off-diagonal” its largest entry outside that diagonal; “form” the weights' distance from the block form.").AppendLine();
        md.AppendLine("| φ | n | k | starts (u⁽⁰⁾, v⁽⁰⁾) | v per step | Πλᵢ (Theorem 4) | Πcᵢ | ρ formula | ρ measured | gap | on x⁽⁰⁾ | on x⁽¹⁾ | off-diagonal | form | attracting |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cycles)
        {
            var m = c.Measured;
            string starts = string.Join(", ", c.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"({s.U0}, {s.V0})")));
            string vs = string.Join(", ", c.Steps.Select(s => s.V.ToString("0.####", CultureInfo.InvariantCulture)));
            string formula = c.Formula is { } f
                ? string.Create(CultureInfo.InvariantCulture, $"{f.OffCycleProduct:0.######} | {f.SpectralRadius:0.######}")
                : "— | — (φ(0) ≠ 0)";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Activation} | {m.Length} | {c.BlockWidth} | {starts} | {vs} | {c.StepProduct:0.######} | {formula} | {m.SpectralRadius:0.######} | {(c.Formula is null ? "—" : c.Gap.ToString("0.0e0", CultureInfo.InvariantCulture))} | {m.BasisDiagonal[0]:0.######} | {m.BasisDiagonal[1]:0.######} | {m.DiagonalResidual:0.0e0} | {m.FormResidual:0.0e0} | {(m.SpectralRadius < 1 ? "yes" : "no")} |"));
        }
    }
}
