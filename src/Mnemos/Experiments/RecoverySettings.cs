// Settings of the recovery experiment (the study's 500-image memory and its 1-nearest-neighbour comparison, PNAS 2020; arXiv 1909.12362 v1): which images are stored (Fashion-MNIST
// padded to 32×32), the autoencoder, the corruption sweeps for the recovery curves and the sizes
// of the spurious-attractor probe (uniform noise, Gaussian noise of variance 4, held-out images).
using System.Globalization;
using Mnemos.Data;

namespace Mnemos.Experiments;

/// <summary>A corruption swept over levels: <paramref name="Spec"/> parsed by <see cref="Corruption.Parse"/>, then set to each level.</summary>
public sealed record CorruptionSweep(string Spec, double[] Levels)
{
    /// <summary>The corruption at each level; with no levels, the spec as written (e.g. half:bottom, which has one).</summary>
    public Corruption[] Corruptions() =>
        Levels.Length == 0 ? [Corruption.Parse(Spec)] : Data.Corruptions.AtLevels(Corruption.Parse(Spec), Levels);
}

/// <summary>Everything that decides a recovery result besides the seed.</summary>
public sealed record RecoverySettings
{
    /// <summary>Stored images: the first this many of fashion-mnist:train, zero-padded from 28×28 to 32×32.</summary>
    public int Examples { get; init; } = 20;

    /// <summary>The demo's network and schedule: Adam 1e-4 for a fixed first stage, then lower rates to 1e-8.</summary>
    public NetworkSettings Network { get; init; } = new() { Width = 256, Depth = 11, Activation = "cosid", Patience = 20_000, StageEpochs = 20_000 };

    public CorruptionSweep[] Sweeps { get; init; } = QuickSweeps;

    static readonly CorruptionSweep[] QuickSweeps =
    [
        new("gaussian:0.1:clip", [0.1, 0.3, 0.6]),
        new("salt-pepper:0.1", [0.1, 0.3, 0.5]),
        new("dropout:0.1", [0.3, 0.6, 0.9]),
        new("squares:1:8", [1, 3, 6]),
        new("half:left", [0.5]),
        new("half:bottom", [0.5]),
    ];

    static readonly CorruptionSweep[] FullSweeps =
    [
        new("gaussian:0.1:clip", [0.1, 0.2, 0.3, 0.5, 0.8]),
        new("salt-pepper:0.1", [0.1, 0.2, 0.3, 0.5, 0.7]),
        new("dropout:0.1", [0.1, 0.3, 0.5, 0.7, 0.9]),
        new("squares:1:8", [1, 2, 4, 6, 8]),
        new("half:left", [0.5]),
        new("half:bottom", [0.5]),
    ];

    /// <summary>Corrupted copies of every stored image per corruption.</summary>
    public int Trials { get; init; } = 1;

    /// <summary>Probe sizes: uniform noise on the data range, Gaussian noise N(0, 4), held-out fashion-mnist:test images.</summary>
    public int UniformProbes { get; init; } = 100;
    public int GaussianProbes { get; init; } = 100;
    public int HeldOutProbes { get; init; } = 100;
    public int MaxSteps { get; init; } = 2000;

    public const int Side = 32;

    /// <summary>Minutes on two cores: 20 images, 3 levels per swept kind, 100 inputs per probe.</summary>
    public static RecoverySettings Quick { get; } = new();

    /// <summary>300 images on a wider, deeper cosid network; 5 levels per swept kind, 3 trials; 2,000 + 2,000 + 1,000 probe inputs.</summary>
    public static RecoverySettings Full { get; } = new()
    {
        Examples = 300, Network = new() { Width = 1024, Depth = 10, Activation = "cosid", Patience = 100_000, StageEpochs = 100_000, MaxEpochs = 200_000 },
        Sweeps = FullSweeps, Trials = 3,
        UniformProbes = 2000, GaussianProbes = 2000, HeldOutProbes = 1000, MaxSteps = 5000,
    };

    /// <summary>
    /// The study's large memory at its protocol: 500 grayscale 32×32 images (its earlier version's
    /// CIFAR-10 setting) in 11 × 1024 cosid, Adam at a constant 1e-4 to MSE 1e-8 within 1,000,000
    /// epochs; 10,000 uniform + 10,000 N(0, 4) + the 1,000 bundled held-out probe inputs.
    /// </summary>
    public static RecoverySettings Study { get; } = Full with
    {
        Examples = 500, Network = new NetworkSettings { Width = 1024, Depth = 11, Activation = "cosid" }.AtStudyProtocol(),
        UniformProbes = 10_000, GaussianProbes = 10_000, HeldOutProbes = 1000, MaxSteps = 10_000,
    };

    public static RecoverySettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        _ => Quick,
    };

    public void Validate()
    {
        if (Examples < 2 || Examples > 2000) throw new ArgumentException($"examples {Examples}: must be 2..2000 (the bundled training images)");
        Network.Validate(Side * Side);
        if (Sweeps.Length == 0) throw new ArgumentException("recovery: give at least one corruption sweep");
        foreach (var sweep in Sweeps)
        {
            if (sweep.Levels.Length == 0) throw new ArgumentException($"corruption sweep '{sweep.Spec}' has no levels");
            sweep.Corruptions();
        }
        if (Trials < 1) throw new ArgumentException($"trials {Trials}: must be at least 1");
        if (UniformProbes < 0 || GaussianProbes < 0 || HeldOutProbes < 0 || HeldOutProbes > 1000)
            throw new ArgumentException($"probes {UniformProbes}/{GaussianProbes}/{HeldOutProbes}: must be ≥ 0 (held-out ≤ 1000, the bundled test images)");
        if (MaxSteps < 1) throw new ArgumentException($"max steps {MaxSteps}: must be at least 1");
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Examples} fashion-mnist:train images padded to 32×32; MLP {Network.Describe()}; {Sweeps.Sum(s => s.Levels.Length)} corruptions × {Trials} trials; probe {UniformProbes} uniform + {GaussianProbes} N(0, 4) + {HeldOutProbes} held-out inputs; ≤ {MaxSteps} steps");
}
