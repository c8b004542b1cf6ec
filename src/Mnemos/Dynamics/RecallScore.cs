// Recall scored against the truth, the stored example each input came from. An input is
// recovered only when recall returns it to its own example (autoencoder) or to its own stored
// cycle at any phase (sequence memory); ending on another stored example is a failure. Without the
// truth only where the inputs ended is counted. The recall command, the recovery benchmark and the
// demo all score through IsRecovered.
namespace Mnemos.Dynamics;

/// <summary>
/// Where <see cref="Inputs"/> recalls ended — on a stored example or cycle (any one), a spurious
/// fixed point or cycle, divergence, no convergence — and, when the truth is known, which inputs
/// were recovered. <see cref="Targets"/>, <see cref="Correct"/>, <see cref="Recovered"/> and
/// <see cref="OtherStored"/> are null without the truth.
/// </summary>
internal sealed record RecallScore(
    int Inputs, int ReachedStored, int Spurious, int Diverged, int NotConverged,
    IReadOnlyList<int>? Targets, IReadOnlyList<bool>? Correct, int? Recovered, int? OtherStored)
{
    /// <summary>Whether the truth was given: the recovered count means something only then.</summary>
    public bool HasTruth => Targets is not null;

    /// <summary>
    /// Counts where <paramref name="results"/> ended and, with <paramref name="targets"/> (the stored
    /// example row i came from, one per result), scores each by <see cref="IsRecovered"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The targets do not fit: <see cref="RecallTargets.Check"/>.</exception>
    public static RecallScore Of(AssociativeMemory memory, IReadOnlyList<RecallResult> results, IReadOnlyList<int>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(results);
        if (targets is not null) RecallTargets.Check(targets, memory, results.Count);
        int reached = 0, spurious = 0, diverged = 0, notConverged = 0;
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case RecallOutcome.StoredExample or RecallOutcome.StoredCycle: reached++; break;
                case RecallOutcome.SpuriousFixedPoint or RecallOutcome.SpuriousCycle: spurious++; break;
                case RecallOutcome.Diverged: diverged++; break;
                default: notConverged++; break;
            }
        }
        if (targets is null) return new RecallScore(results.Count, reached, spurious, diverged, notConverged, null, null, null, null);

        var correct = new bool[results.Count];
        for (int i = 0; i < correct.Length; i++) correct[i] = IsRecovered(memory, results[i], targets[i]);
        int recovered = correct.Count(c => c);
        return new RecallScore(results.Count, reached, spurious, diverged, notConverged, targets.ToArray(), correct, recovered, reached - recovered);
    }

    /// <summary>
    /// Whether recall <paramref name="result"/> of an input that came from stored example
    /// <paramref name="target"/> returned to it: for an autoencoder, the end point matched example
    /// <paramref name="target"/>; for a sequence memory, it lies on a stored cycle — the one holding
    /// <paramref name="target"/> — at any phase. Ending on any other stored example is not recovery.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is not a stored row.</exception>
    public static bool IsRecovered(AssociativeMemory memory, RecallResult result, int target)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(result);
        if ((uint)target >= (uint)memory.Count)
            throw new ArgumentOutOfRangeException(nameof(target), target, $"target {RecallTargets.OutOfRange(target, memory)}");
        if (!memory.IsSequence) return result.Outcome == RecallOutcome.StoredExample && result.Example == target;
        // A row stored outside every cycle has no cycle to return to.
        int cycle = memory.CycleOf[target];
        return cycle >= 0 && result.Outcome == RecallOutcome.StoredCycle && result.Cycle == cycle;
    }

    /// <summary>The truth of recall from the stored examples themselves: row i came from example i.</summary>
    public static int[] StoredTargets(AssociativeMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return Enumerable.Range(0, memory.Count).ToArray();
    }
}
