// What the Memory facade hands back: the status of each stored example (or cycle), where a recall
// ended, and how training went. Plain records over the pipeline's own types (StoredUnit,
// RecallResult, TrainingResult), with −1 sentinels turned into nulls.
using Mnemos.Dynamics;

namespace Mnemos;

/// <summary>
/// The status of one stored example (or, in a sequence memory, one stored cycle), decided at the
/// fixed point x̂ located next to it (the study's Proposition 1: an example is an attractor when
/// every eigenvalue of the Jacobian of f at x̂ has modulus below 1; Proposition 2 for a cycle).
/// </summary>
/// <param name="Index">The example's row in the stored data (or the cycle's index).</param>
/// <param name="Status">Stored and an attractor, stored but not an attractor, undecided, or not stored.</param>
/// <param name="SpectralRadius">ρ(J_f(x̂)), the largest eigenvalue modulus of the Jacobian at x̂ (for a cycle, of the product around it).</param>
/// <param name="SpectralRadiusError">A bound on the error of <paramref name="SpectralRadius"/>; +∞ when it cannot be bounded.</param>
/// <param name="Distance">‖x̂ − x‖, how far the located fixed point lies from the example (the largest over a cycle's points).</param>
/// <param name="Reason">Why the example is not stored, with the numbers; empty when stored.</param>
public sealed record ItemStatus(int Index, StorageStatus Status, double SpectralRadius, double SpectralRadiusError, double Distance, string Reason)
{
    /// <summary>Stored and certified an attractor: iterating f from nearby returns to it.</summary>
    public bool IsAttractor => Status == StorageStatus.StoredAttractor;

    /// <summary>The status in words, as every Mnemos table prints it: "stored, attractor", "not stored", ….</summary>
    public string Describe() => StoredMemory.Describe(Status);

    internal static ItemStatus From(StoredUnit unit) => new(unit.Unit, unit.Status, unit.Certificate.SpectralRadius,
        unit.Certificate.SpectralRadiusError, unit.Offset, unit.Reason);
}

/// <summary>Where iterating x ← f(x) from one input ended.</summary>
/// <param name="Outcome">A stored example or cycle, a spurious fixed point or cycle, divergence, or no convergence within the step limit.</param>
/// <param name="Example">The stored example it ended on (for a cycle, the stored point it matched); null when it ended on none.</param>
/// <param name="Cycle">The stored cycle it ended on (sequence memories only), else null.</param>
/// <param name="Phase">The position within <paramref name="Cycle"/> of <paramref name="Example"/>, else null.</param>
/// <param name="Steps">Iterations taken.</param>
/// <param name="EndPoint">The last iterate.</param>
/// <param name="NearestExample">The stored example whose fixed point lies nearest <paramref name="EndPoint"/>, whatever the outcome.</param>
/// <param name="NearestDistance">The distance from <paramref name="EndPoint"/> to that fixed point.</param>
public sealed record Recollection(RecallOutcome Outcome, int? Example, int? Cycle, int? Phase, int Steps, float[] EndPoint,
    int NearestExample, double NearestDistance)
{
    /// <summary>Ended on a stored example or cycle (its own or another one).</summary>
    public bool ReachedStored => Example is not null;

    /// <summary>Where it ended, in words: "example 3", "cycle 1, phase 2 (example 5)", "spurious fixed point", "spurious cycle", "diverged", "not converged".</summary>
    public string Describe() => Outcome switch
    {
        RecallOutcome.StoredExample => FormattableString.Invariant($"example {Example}"),
        RecallOutcome.StoredCycle => FormattableString.Invariant($"cycle {Cycle}, phase {Phase} (example {Example})"),
        RecallOutcome.SpuriousFixedPoint => "spurious fixed point",
        RecallOutcome.SpuriousCycle => "spurious cycle",
        RecallOutcome.Diverged => "diverged",
        _ => "not converged",
    };

    internal static Recollection From(RecallResult r) => new(r.Outcome,
        r.ReachedStored ? r.Example : null, r.Outcome == RecallOutcome.StoredCycle ? r.Cycle : null,
        r.Outcome == RecallOutcome.StoredCycle ? r.Phase : null, r.Steps, r.EndPoint, r.NearestExample, r.NearestDistance);
}

/// <summary>How training went.</summary>
/// <param name="Epochs">Full-batch epochs trained.</param>
/// <param name="FinalMse">Mean squared error over all entries at the end.</param>
/// <param name="ReachedTarget">Whether the MSE reached <see cref="StoreOptions.TargetMse"/>; false when training stopped at the epoch or time limit, or diverged.</param>
/// <param name="StopReason">Why training stopped: "converged", "max_epochs", "time_budget" or "diverged".</param>
/// <param name="Elapsed">Wall-clock time of training (zero for a loaded memory).</param>
public sealed record TrainingOutcome(long Epochs, double FinalMse, bool ReachedTarget, string StopReason, TimeSpan Elapsed);
