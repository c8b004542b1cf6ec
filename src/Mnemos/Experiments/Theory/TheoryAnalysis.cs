// One case of the study's one-hidden-layer theory (one example, PNAS 2020) worked through end to end, as `mnemos theory` reports it: the solver's end point
// and its residuals, a cycle of n equal steps (both factors where φ(0) = 0), the corollary measured
// on the network, and on request the RK4 flow, gradient descent and the trained cycle network.
// Pure computation: the command line parses and prints; the theory experiment shares the pieces.
namespace Mnemos.Experiments.Theory;

/// <summary>
/// What to work through: φ, hidden width k and the start (u0, v0); <see cref="CycleLength"/> n &gt; 1
/// adds a cycle on n orthonormal examples, each step stored by its own block of k units from (u0, v0);
/// <see cref="Check"/> trains in ℝ^<see cref="Dimension"/> at <see cref="LearningRate"/> from <see cref="Seed"/>.
/// </summary>
internal sealed record TheoryQuery(ScalarActivation Activation, int Width, double U0, double V0)
{
    public int CycleLength { get; init; } = 1;

    public bool Check { get; init; }

    public int Dimension { get; init; } = 8;

    public double LearningRate { get; init; } = 1e-3;

    public ulong Seed { get; init; }
}

/// <summary>
/// The study's cycle statement for a cycle of solved steps: Πλᵢ (<paramref name="StepProduct"/>, the only factor it
/// names) and, where φ(0) = 0, the block formula with both factors (<paramref name="Formula"/>; null otherwise).
/// </summary>
internal sealed record CyclePrediction(TheorySolution[] Steps, double StepProduct, CycleSpectrum? Formula)
{
    /// <summary>The prediction for a cycle whose step i ends at <paramref name="steps"/>[i].</summary>
    public static CyclePrediction Of(ScalarActivation phi, IReadOnlyList<TheorySolution> steps)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("a cycle needs at least one step");
        return new CyclePrediction([.. steps], steps.Aggregate(1.0, (p, s) => p * s.Lambda),
            CycleSpectrum.KeepsBlockForm(phi) ? TheorySolver.CycleSpectrum(phi, steps) : null);
    }
}

/// <summary>One solved case and its two independent checks.</summary>
internal sealed record TheoryCase(TheorySolution Solution, FlowEnd Flow, EmpiricalResult Descent)
{
    /// <summary>Largest disagreement of u, v, λ₁ between the solver and RK4.</summary>
    public double FlowGap => Math.Max(Math.Abs(Solution.U - Flow.U), Math.Max(Math.Abs(Solution.V - Flow.V), Math.Abs(Solution.Lambda - Flow.Lambda)));

    /// <summary>|λ₁ measured on the trained network − λ₁ from the solver|.</summary>
    public double DescentGap => Math.Abs(Descent.Lambda - Solution.Lambda);

    /// <summary>Checks a solution: RK4 on the flow from its start, and gradient descent on the network with <paramref name="descent"/>.</summary>
    public static TheoryCase Check(ScalarActivation phi, TheorySolution solution, EmpiricalOptions descent)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(solution);
        if (solution.Activation != phi.Name) throw new ArgumentException($"a solution for {solution.Activation} checked with {phi.Name}");
        return new TheoryCase(solution, GradientFlow.Integrate(phi, solution.Width, solution.U0, solution.V0),
            EmpiricalCheck.Train(phi, solution.Width, solution.U0, solution.V0, descent));
    }
}

/// <summary>
/// The answer to a <see cref="TheoryQuery"/>. <paramref name="InterpolationResidual"/> is k·u·φ(v) − 1
/// at the solver's end point; <paramref name="Cycle"/> is null for n = 1; <paramref name="Corollary"/>
/// is null when no interpolating weights of the form have |λ₁| &gt; 1; <paramref name="Checked"/> and
/// <paramref name="CycleMeasured"/> are null without <see cref="TheoryQuery.Check"/> (the latter also for n = 1).
/// </summary>
internal sealed record TheoryAnswer(
    TheoryQuery Query, TheorySolution Solution, double InterpolationResidual, CyclePrediction? Cycle,
    RankOneInterpolation? Corollary, EmpiricalResult? CorollaryMeasured, TheoryCase? Checked, CycleResult? CycleMeasured)
{
    /// <summary>λ₁ of the trained network − λ₁ from the solver (NaN without a check).</summary>
    public double DescentDifference => Checked is { } c ? c.Descent.Lambda - c.Solution.Lambda : double.NaN;

    /// <summary>
    /// Measured − formula for the cycle: ρ, Πλᵢ (on x⁽⁰⁾) and Πcᵢ (on x⁽¹⁾); null unless the cycle
    /// network was trained and φ(0) = 0.
    /// </summary>
    public (double SpectralRadius, double StepProduct, double OffCycleProduct)? CycleDifferences =>
        CycleMeasured is { } m && Cycle?.Formula is { } f
            ? (m.SpectralRadius - f.SpectralRadius, m.BasisDiagonal[0] - f.StepProduct, m.BasisDiagonal[1] - f.OffCycleProduct)
            : null;
}

/// <summary>Works a <see cref="TheoryQuery"/> through.</summary>
internal static class TheoryAnalysis
{
    /// <summary>
    /// Solves, predicts the cycle, finds and measures the corollary and, with
    /// <see cref="TheoryQuery.Check"/>, trains. Throws <see cref="ArgumentException"/> for a cycle length below 1 or a checked cycle longer than the dimension (the examples are
    /// orthonormal), and passes on the solver's <see cref="ArgumentException"/> or <see cref="ArithmeticException"/>.
    /// </summary>
    public static TheoryAnswer Run(TheoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var phi = query.Activation ?? throw new ArgumentException("theory query has no activation");
        int k = query.Width, n = query.CycleLength;
        if (n < 1) throw new ArgumentException($"cycle length {n}: must be at least 1");
        if (query.Check && n > query.Dimension)
            throw new ArgumentException($"cycle length {n} needs dimension ≥ {n} (got {query.Dimension}): the examples are orthonormal");

        var solution = TheorySolver.Solve(phi, k, query.U0, query.V0);
        var corollary = TheorySolver.UnstableInterpolation(phi, k);
        var corollaryMeasured = corollary is null ? null : EmpiricalCheck.Measure(phi, corollary, query.Dimension, query.Seed);
        TheoryCase? checkedCase = null;
        CycleResult? cycleMeasured = null;
        if (query.Check)
        {
            checkedCase = TheoryCase.Check(phi, solution,
                new EmpiricalOptions { Dimension = query.Dimension, LearningRate = query.LearningRate, Seed = query.Seed });
            if (n > 1)
                cycleMeasured = CycleCheck.Train(phi, k, Enumerable.Repeat((query.U0, query.V0), n).ToArray(),
                    new CycleOptions { Dimension = query.Dimension, LearningRate = query.LearningRate, Seed = query.Seed });
        }
        // Every step starts from the same (u0, v0), so every block ends at the same solution.
        var cycle = n > 1 ? CyclePrediction.Of(phi, Enumerable.Repeat(solution, n).ToArray()) : null;
        double interpolation = k * solution.U * phi.Value(solution.V) - 1;
        return new TheoryAnswer(query, solution, interpolation, cycle, corollary, corollaryMeasured, checkedCase, cycleMeasured);
    }
}
