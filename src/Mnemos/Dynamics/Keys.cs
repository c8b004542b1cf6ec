// One snake_case name per verdict and recall outcome, used by every table, JSON file and report
// (statuses have theirs in StoredMemory). An unknown value throws instead of borrowing a name.
namespace Mnemos.Dynamics;

/// <summary>The names of <see cref="Verdict"/> and <see cref="RecallOutcome"/> values.</summary>
internal static class Keys
{
    /// <summary>"attractor", "not_attractor" or "undecided".</summary>
    public static string Of(Verdict verdict) => verdict switch
    {
        Verdict.Attractor => "attractor",
        Verdict.NotAttractor => "not_attractor",
        Verdict.Undecided => "undecided",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, $"verdict {verdict}: not a Verdict value"),
    };

    /// <summary>"stored_example", "stored_cycle", "spurious_fixed_point", "spurious_cycle", "diverged" or "not_converged".</summary>
    public static string Of(RecallOutcome outcome) => outcome switch
    {
        RecallOutcome.StoredExample => "stored_example",
        RecallOutcome.StoredCycle => "stored_cycle",
        RecallOutcome.SpuriousFixedPoint => "spurious_fixed_point",
        RecallOutcome.SpuriousCycle => "spurious_cycle",
        RecallOutcome.Diverged => "diverged",
        RecallOutcome.NotConverged => "not_converged",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"outcome {outcome}: not a RecallOutcome value"),
    };
}
