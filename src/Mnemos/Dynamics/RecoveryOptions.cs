// Settings of the recovery benchmark: trials, seed, data range, the recall rules for the network
// and the modern Hopfield baseline's β, update count and acceptance MSE.
namespace Mnemos.Dynamics;

/// <summary>How <see cref="Recovery.Run"/> corrupts, recalls and scores.</summary>
internal sealed record RecoveryOptions
{
    /// <summary>Corrupted copies of every stored example per corruption.</summary>
    public int Trials { get; init; } = 1;

    /// <summary>Seed of the corruption streams (see <see cref="Recovery.Stream"/>).</summary>
    public ulong Seed { get; init; }

    /// <summary>The data range [Low, High] that corruptions use for noise, occlusion colours and masks.</summary>
    public double Low { get; init; }

    /// <inheritdoc cref="Low"/>
    public double High { get; init; } = 1;

    /// <summary>Stopping and matching rules of the network's recall (strict matching by default).</summary>
    public RecallOptions Recall { get; init; } = new();

    /// <summary>
    /// Inverse temperature of the modern Hopfield baseline. With data in [0, 1], 8 makes a score
    /// difference of 0.5 (a few differing pixels) worth a factor e⁴ ≈ 55 in the softmax.
    /// </summary>
    public double HopfieldBeta { get; init; } = 8;

    /// <summary>Modern Hopfield updates per input (one update usually suffices, Ramsauer et al. 2020).</summary>
    public int HopfieldUpdates { get; init; } = 1;

    /// <summary>
    /// A Hopfield retrieval counts as recovered when its nearest stored example is the original
    /// and its mean squared error to it is below this (the study's loose criterion, 1e-2).
    /// </summary>
    public double HopfieldMse { get; init; } = 1e-2;

    public void Validate()
    {
        if (Trials < 1) throw new ArgumentException($"trials {Trials}: must be at least 1");
        if (!(double.IsFinite(Low) && double.IsFinite(High) && Low < High))
            throw new ArgumentException($"data range [{Low}, {High}]: low and high must be finite with low < high");
        ArgumentNullException.ThrowIfNull(Recall);
        Recall.Validate();
        if (!(HopfieldBeta >= 0 && double.IsFinite(HopfieldBeta))) throw new ArgumentException($"Hopfield beta {HopfieldBeta}: must be a finite number at least 0");
        if (HopfieldUpdates < 0) throw new ArgumentException($"Hopfield updates {HopfieldUpdates}: must be at least 0");
        if (!(HopfieldMse > 0)) throw new ArgumentException($"Hopfield MSE {HopfieldMse}: must be positive");
    }
}
