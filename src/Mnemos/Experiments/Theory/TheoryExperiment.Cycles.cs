// The theory experiment's cycles section: SPEC §5's sequence statement (the cycle's eigenvalue is
// Πλᵢ) against the block network of CycleSpectrum trained by gradient descent, where the cycle
// Jacobian also has Πcᵢ = Π φ′(0)vᵢ/φ(vᵢ) on the other examples. Sigmoid (φ(0) ≠ 0) is measured
// without a formula, to show what happens where none is claimed.
using System.Globalization;
using System.Text;

namespace Mnemos.Experiments.Theory;

/// <summary>
/// One trained cycle: the solver's answer per step, SPEC's Πλᵢ (<paramref name="StepProduct"/>), the
/// block formula (null when φ(0) ≠ 0) and the measured network.
/// </summary>
public sealed record CycleCase(string Activation, int BlockWidth, TheorySolution[] Steps, double StepProduct, CycleSpectrum? Formula, CycleResult Measured)
{
    /// <summary>|measured ρ − formula ρ| (NaN without a formula).</summary>
    public double Gap => Formula is null ? double.NaN : Math.Abs(Measured.SpectralRadius - Formula.SpectralRadius);
}

public sealed partial class TheoryExperiment
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

    static void CycleTable(StringBuilder md, IReadOnlyList<CycleCase> cycles)
    {
        md.AppendLine().AppendLine("Cycles: x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ on orthonormal examples, step i stored by its own block of k units started at " +
            "W₁ = Σᵢ x⁽ⁱ⁺¹⁾(uᵢ⁽⁰⁾1_{Bᵢ})ᵀ, W₂ = Σᵢ (vᵢ⁽⁰⁾1_{Bᵢ})x⁽ⁱ⁾ᵀ and trained by gradient descent in double. SPEC §5 gives the " +
            "cycle Πλᵢ; with φ(0) = 0 the cycle Jacobian has Πλᵢ on x⁽⁰⁾ and Πcᵢ, cᵢ = φ′(0)vᵢ/φ(vᵢ), on the other n − 1 examples, " +
            "so ρ = max(|Πλᵢ|, |Πcᵢ|). Measured: ρ of the product of the dense Jacobians at the examples; “on x⁽⁰⁾ / x⁽¹⁾” is " +
            "x⁽ᵐ⁾ᵀJ_{n−1}⋯J_0x⁽ᵐ⁾; “off-diagonal” its largest entry outside that diagonal; “form” the weights' distance from the block form.").AppendLine();
        md.AppendLine("| φ | n | k | starts (u⁽⁰⁾, v⁽⁰⁾) | v per step | Πλᵢ (SPEC) | Πcᵢ | ρ formula | ρ measured | gap | on x⁽⁰⁾ | on x⁽¹⁾ | off-diagonal | form | attracting |");
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
