// When iteration of a stored map stops, and how its end point is matched to stored examples.
namespace Mnemos.Dynamics;

/// <summary>How an end point is compared with the stored examples (the study's recall criteria, PNAS 2020; arXiv 1909.12362 v1).</summary>
internal enum MatchCriterion
{
    /// <summary>‖x − xᵢ‖₂ below <see cref="RecallOptions.StrictDistance"/> (the study's 1e-7).</summary>
    Strict,
    /// <summary>Mean squared error to xᵢ below <see cref="RecallOptions.LooseMse"/> (the earlier 1e-2).</summary>
    Loose,
}

/// <summary>Stopping rules of recall by iteration.</summary>
internal sealed record RecallOptions
{
    /// <summary>Converged when ‖f(x) − x‖₂ (or ‖fᵖ(x) − x‖₂ for period p) is below this.</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>At most this many applications of f per input.</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <summary>
    /// A float32 map often settles within rounding of a fixed point without getting below
    /// <see cref="Tolerance"/>: when the step has not halved for this many steps and is below
    /// <see cref="SettleTolerance"/>, the input counts as converged (the final step is reported).
    /// 1000 steps covers contractions up to ρ ≈ 0.9993, i.e. every attractor outside the default
    /// certification margin; a shorter window declares slow attractors settled too early.
    /// </summary>
    public int StallWindow { get; init; } = 1000;

    /// <inheritdoc cref="StallWindow"/>
    public double SettleTolerance { get; init; } = 1e-4;

    /// <summary>Diverged once ‖x‖₂ exceeds this or x is not finite.</summary>
    public double DivergenceNorm { get; init; } = 1e6;

    /// <summary>Longest period looked for; 1 finds fixed points only. Sequence memories raise it to their longest cycle.</summary>
    public int MaxPeriod { get; init; } = 1;

    public MatchCriterion Match { get; init; } = MatchCriterion.Strict;
    public double StrictDistance { get; init; } = 1e-7;

    /// <summary>
    /// Float32 iterates settle within rounding of a fixed point, not exactly on it: ‖x̂‖·2⁻²³ is
    /// already above 1e-7 once ‖x̂‖ &gt; 0.84. The strict test therefore allows this many float
    /// epsilons of ‖x̂ᵢ‖ on top of <see cref="StrictDistance"/> (0 gives the bare criterion).
    /// </summary>
    public double RoundingAllowance { get; init; } = 16;
    public double LooseMse { get; init; } = 1e-2;

    /// <summary>Record every k-th iterate of each input (0 = none) for pictures.</summary>
    public int TrajectoryEvery { get; init; }

    public void Validate()
    {
        if (!(Tolerance > 0)) throw new ArgumentException($"recall tolerance {Tolerance}: must be positive");
        if (MaxSteps < 1) throw new ArgumentException($"max steps {MaxSteps}: must be at least 1");
        if (StallWindow < 1) throw new ArgumentException($"stall window {StallWindow}: must be at least 1");
        if (!(SettleTolerance >= 0)) throw new ArgumentException($"settle tolerance {SettleTolerance}: must be at least 0");
        if (!(DivergenceNorm > 0)) throw new ArgumentException($"divergence norm {DivergenceNorm}: must be positive");
        if (MaxPeriod < 1) throw new ArgumentException($"max period {MaxPeriod}: must be at least 1");
        if (!(RoundingAllowance >= 0)) throw new ArgumentException($"rounding allowance {RoundingAllowance}: must be at least 0");
        if (!(StrictDistance > 0)) throw new ArgumentException($"strict distance {StrictDistance}: must be positive");
        if (!(LooseMse > 0)) throw new ArgumentException($"loose MSE {LooseMse}: must be positive");
        if (TrajectoryEvery < 0) throw new ArgumentException($"trajectory interval {TrajectoryEvery}: must be at least 0");
    }
}
