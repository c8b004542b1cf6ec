// Recall: iterate the stored map from each input and say where it ended — a stored example (or a
// stored cycle, at which phase), a spurious fixed point or cycle, divergence, or no convergence.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>What recall from one input found.</summary>
public enum RecallOutcome
{
    /// <summary>Converged to a fixed point matching a stored example.</summary>
    StoredExample,
    /// <summary>Converged to a cycle matching a stored cycle.</summary>
    StoredCycle,
    /// <summary>Converged to a fixed point that matches no stored example.</summary>
    SpuriousFixedPoint,
    /// <summary>Converged to a cycle (period ≥ 2) that matches no stored cycle.</summary>
    SpuriousCycle,
    Diverged,
    NotConverged,
}

/// <summary>
/// The recall of one input. <paramref name="Example"/> is the matched stored example (for a cycle,
/// the stored point the end point matched, whose phase is <paramref name="Phase"/> in
/// <paramref name="Cycle"/>), else −1. <paramref name="NearestExample"/> and
/// <paramref name="NearestDistance"/> are the closest anchor whatever the outcome. Whether the
/// input was recovered depends on which example it came from: <see cref="RecallScore"/>.
/// </summary>
public sealed record RecallResult(
    RecallOutcome Outcome, int Example, int Cycle, int Phase, int Period, int Steps, double FinalStep,
    int NearestExample, double NearestDistance, float[] EndPoint, IReadOnlyList<float[]> Trajectory)
{
    /// <summary>Ended on some stored example or cycle — its own or another one.</summary>
    public bool ReachedStored => Outcome is RecallOutcome.StoredExample or RecallOutcome.StoredCycle;
}

/// <summary>Batched recall from a memory.</summary>
internal static class Recall
{
    /// <summary>Recalls every row of <paramref name="inputs"/>; periods up to the longest stored cycle are detected.</summary>
    public static RecallResult[] Run(AssociativeMemory memory, IGemm gemm, Matrix inputs, RecallOptions? options = null,
        IProgress<int>? finished = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        options ??= new RecallOptions();
        if (options.MaxPeriod < memory.LongestCycle) options = options with { MaxPeriod = memory.LongestCycle };
        if (inputs.Cols != memory.Dimension)
            throw new ArgumentException($"inputs have {inputs.Cols} values per row but the memory stores {memory.Dimension}");
        var ends = Iteration.Run(memory.Map, gemm, inputs, options, finished, cancellation);
        return ends.Select(end => Classify(memory, end, options)).ToArray();
    }

    /// <summary>Matches one iteration end against the stored examples and cycles.</summary>
    public static RecallResult Classify(AssociativeMemory memory, IterationResult end, RecallOptions options)
    {
        var (nearest, distance) = Nearest(memory.Anchors, end.EndPoint);
        RecallOutcome outcome;
        int example = -1, cycle = -1, phase = -1;
        if (end.End == IterationEnd.Diverged) outcome = RecallOutcome.Diverged;
        else if (end.End == IterationEnd.NotConverged) outcome = RecallOutcome.NotConverged;
        else
        {
            bool matches = memory.IsStored(nearest) && Matches(memory, nearest, distance, end.EndPoint, options);
            if (memory.IsSequence)
            {
                int c = memory.CycleOf[nearest];
                bool stored = matches && c >= 0 && memory.Cycles[c].Length == end.Period;
                outcome = stored ? RecallOutcome.StoredCycle : end.Period == 1 ? RecallOutcome.SpuriousFixedPoint : RecallOutcome.SpuriousCycle;
                if (stored) (example, cycle, phase) = (nearest, c, memory.PhaseOf[nearest]);
            }
            else if (end.Period == 1 && matches) (outcome, example) = (RecallOutcome.StoredExample, nearest);
            else outcome = end.Period == 1 ? RecallOutcome.SpuriousFixedPoint : RecallOutcome.SpuriousCycle;
        }
        return new RecallResult(outcome, example, cycle, phase, end.Period, end.Steps, end.FinalStep, nearest, distance, end.EndPoint, end.Trajectory);
    }

    static bool Matches(AssociativeMemory memory, int nearest, double distance, float[] point, RecallOptions options) =>
        options.Match == MatchCriterion.Strict
            ? distance < StrictThreshold(memory.Anchors.Row(nearest), options, memory.SpectralRadii?[nearest])
            : VectorOps.SumSquaredDifference(point, memory.Examples.Row(nearest)) / point.Length < options.LooseMse;

    /// <summary>
    /// The strict matching distance for anchor <paramref name="anchor"/>: 1e-7 plus the float rounding
    /// allowance, widened by 1/(1 − ρ) (at most <see cref="MaxContractionWidening"/>) when the anchor
    /// is a certified attractor with spectral radius <paramref name="spectralRadius"/> &lt; 1.
    /// </summary>
    public static double StrictThreshold(ReadOnlySpan<float> anchor, RecallOptions options, double? spectralRadius = null)
    {
        double norm = 0;
        foreach (float v in anchor) norm += (double)v * v;
        const double FloatEpsilon = 1.1920928955078125e-7; // 2⁻²³, the spacing of floats at 1
        double widening = spectralRadius is { } rho && rho < 1 ? Math.Min(1 / (1 - rho), MaxContractionWidening) : 1;
        return options.StrictDistance + options.RoundingAllowance * FloatEpsilon * Math.Sqrt(norm) * widening;
    }

    /// <summary>Cap on the 1/(1 − ρ) widening (ρ = 0.999): keeps the strict test far below the distance between stored images.</summary>
    public const double MaxContractionWidening = 1000;

    /// <summary>The row of <paramref name="points"/> closest to <paramref name="x"/> in Euclidean distance.</summary>
    public static (int Index, double Distance) Nearest(Matrix points, ReadOnlySpan<float> x)
    {
        int best = -1;
        double bestSquare = double.PositiveInfinity;
        for (int i = 0; i < points.Rows; i++)
        {
            double square = VectorOps.SumSquaredDifference(points.Row(i), x);
            if (square < bestSquare) (best, bestSquare) = (i, square);
        }
        return (best, Math.Sqrt(bestSquare));
    }
}
