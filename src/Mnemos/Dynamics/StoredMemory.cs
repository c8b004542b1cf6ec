// What a memory holds, per stored example (autoencoder) or per stored cycle (sequence memory): one
// status — stored and an attractor, stored but not an attractor, not stored, or undecided — with
// the numbers it was decided on. Every "N of M" Mnemos prints is counted from these.
namespace Mnemos.Dynamics;

/// <summary>The status of one stored example or cycle.</summary>
public enum StorageStatus
{
    /// <summary>Stored (a fixed point or cycle of f next to it, its own) and certified: ρ + error &lt; 1 − margin.</summary>
    StoredAttractor,
    /// <summary>Stored, and ρ − error &gt; 1 + margin: some direction is repelled, iteration will not return to it.</summary>
    StoredNotAttractor,
    /// <summary>No fixed point (or cycle) of f was located next to it, or the one found is not its own.</summary>
    NotStored,
    /// <summary>Stored, but ρ (with its error) lies within the margin of 1: the certificate cannot decide.</summary>
    Undecided,
}

/// <summary>Why an example (or cycle) is not stored.</summary>
internal enum StorageFailure
{
    None,
    /// <summary>Newton (or iteration, for a cycle) stopped with ‖f(x̂) − x̂‖ above <see cref="StorageCriteria.ResidualBound"/>.</summary>
    NoFixedPoint,
    /// <summary>x̂ lies farther from the example than <see cref="StorageCriteria.OffsetBound"/>.</summary>
    TooFar,
    /// <summary>x̂ is at least as near another stored example.</summary>
    NearerOther,
    /// <summary>Another example's x̂ is the same point (within <see cref="StorageCriteria.SharedDistance"/>).</summary>
    Shared,
}

/// <summary>
/// One stored unit: example <paramref name="Unit"/> (autoencoder) or cycle <paramref name="Unit"/>
/// (<paramref name="IsCycle"/>) over stored rows <paramref name="Rows"/>. Offset, residual and training residual are the largest
/// over the unit's points, each beside its bound (<see cref="StorageCriteria"/>); for a cycle the
/// offset bound is the tightest of its points'. <paramref name="Other"/> is the example involved in
/// <see cref="StorageFailure.NearerOther"/> or <see cref="StorageFailure.Shared"/>, else −1.
/// <paramref name="NewtonSteps"/> is 0 when x̂ was given, not located here, and for cycles.
/// </summary>
internal sealed record StoredUnit(
    int Unit, bool IsCycle, int[] Rows, StorageStatus Status, StorageFailure Failure, int Other,
    double Offset, double OffsetBound, double Residual, double ResidualBound, double TrainingResidual, int NewtonSteps,
    Certificate Certificate)
{
    public bool IsStored => Status != StorageStatus.NotStored;

    /// <summary>Why not stored, with the numbers; empty when stored.</summary>
    public string Reason => Failure switch
    {
        StorageFailure.NoFixedPoint => IsCycle
            ? Invariant($"no cycle located: ‖f(x̂ⱼ) − x̂ⱼ₊₁‖ up to {Residual:G3} > {ResidualBound:G3}")
            : Invariant($"no fixed point located: ‖f(x̂) − x̂‖ = {Residual:G3} > {ResidualBound:G3}"),
        StorageFailure.TooFar => Invariant($"x̂ is {Offset:G3} from the {(IsCycle ? "stored point" : "example")}, beyond {OffsetBound:G3}"),
        StorageFailure.NearerOther => Invariant($"x̂ is at least as near example {Other}"),
        StorageFailure.Shared => Invariant($"x̂ is the fixed point of example {Other} too"),
        _ => "",
    };

    static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}

/// <summary>A memory with the status of every stored unit (<see cref="MemoryBuilder"/>).</summary>
internal sealed class StoredMemory
{
    public StoredMemory(AssociativeMemory memory, IReadOnlyList<StoredUnit> units)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(units);
        int expected = memory.IsSequence ? memory.Cycles.Count : memory.Count;
        if (units.Count != expected) throw new ArgumentException($"{units.Count} statuses for {expected} stored {(memory.IsSequence ? "cycles" : "examples")}");
        Memory = memory;
        Units = units;
    }

    /// <summary>The memory anchored at the located points, with ρ and which rows are stored attached (recall matches only those).</summary>
    public AssociativeMemory Memory { get; }

    public IReadOnlyList<StoredUnit> Units { get; }

    /// <summary>"example" or "cycle".</summary>
    public string UnitName => Memory.IsSequence ? "cycle" : "example";

    public int Count(StorageStatus status) => Units.Count(u => u.Status == status);

    /// <summary>Units stored (attractor, not an attractor or undecided).</summary>
    public int Stored => Units.Count(u => u.IsStored);

    public int Attractors => Count(StorageStatus.StoredAttractor);

    /// <summary>Stored rows that are certified attractors (a cycle counts its points).</summary>
    public int AttractorRows => Units.Where(u => u.Status == StorageStatus.StoredAttractor).Sum(u => u.Rows.Length);

    /// <summary>"12 of 20 examples stored: 10 attractors, 1 not an attractor, 1 undecided".</summary>
    public string Summary()
    {
        string plural = Units.Count == 1 ? "" : "s";
        return FormattableString.Invariant(
            $"{Stored} of {Units.Count} {UnitName}{plural} stored: {Attractors} attractor{(Attractors == 1 ? "" : "s")}, {Count(StorageStatus.StoredNotAttractor)} not an attractor, {Count(StorageStatus.Undecided)} undecided");
    }

    // One name per status across tables, reports and JSON.
    static readonly (StorageStatus Status, string Key, string Words)[] Names =
    [
        (StorageStatus.StoredAttractor, "stored_attractor", "stored, attractor"),
        (StorageStatus.StoredNotAttractor, "stored_not_attractor", "stored, not an attractor"),
        (StorageStatus.NotStored, "not_stored", "not stored"),
        (StorageStatus.Undecided, "undecided", "undecided"),
    ];

    static (StorageStatus Status, string Key, string Words) Name(StorageStatus status)
    {
        foreach (var name in Names)
            if (name.Status == status) return name;
        throw new ArgumentOutOfRangeException(nameof(status), status, $"status {status}: not a StorageStatus value");
    }

    /// <summary>The words of a status, as in every table and report: "stored, attractor".</summary>
    public static string Describe(StorageStatus status) => Name(status).Words;

    /// <summary>The JSON key of a status: "stored_attractor", "stored_not_attractor", "not_stored", "undecided".</summary>
    public static string Key(StorageStatus status) => Name(status).Key;

    /// <summary>The words of a status from its JSON key (results saved before statuses existed give "").</summary>
    public static string DescribeKey(string key) => Names.FirstOrDefault(n => n.Key == key).Words ?? "";

    /// <summary>The JSON key of a failure: "", "no_fixed_point", "too_far", "nearer_other", "shared".</summary>
    public static string Key(StorageFailure failure) => failure switch
    {
        StorageFailure.None => "",
        StorageFailure.NoFixedPoint => "no_fixed_point",
        StorageFailure.TooFar => "too_far",
        StorageFailure.NearerOther => "nearer_other",
        StorageFailure.Shared => "shared",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, $"failure {failure}: not a StorageFailure value"),
    };
}
