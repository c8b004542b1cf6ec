// What `mnemos demo` runs: which bundled images, the network, the training stages, the probes and
// the recovery benchmark. Two presets: full (about five minutes on two cores) and quick (under a
// minute, run in CI).
using Mnemos.Dynamics;
using Mnemos.Kernels;

namespace Mnemos.Experiments.Demo;

/// <summary>Settings of one demo run; <see cref="Quick"/> and <see cref="Full"/> are the two presets.</summary>
internal sealed record DemoSettings
{
    public required string Preset { get; init; }

    /// <summary>Stored images per Fashion-MNIST class (the first of each class in the bundled training subset).</summary>
    public required int PerClass { get; init; }

    /// <summary>Side of the stored images: 28 keeps Fashion-MNIST as is, 14 averages 2×2 blocks.</summary>
    public required int Side { get; init; }

    public required int Depth { get; init; }
    public required int Width { get; init; }
    public Activation Activation { get; init; } = Activation.Cosid;

    /// <summary>Adam learning-rate stages (see Training.StagedTraining) and the epochs a stage may go without halving its loss.</summary>
    public double[] LearningRates { get; init; } = [1e-4, 1e-5, 1e-6];
    public long Patience { get; init; } = 2000;

    /// <summary>
    /// Epochs after which a stage other than the last ends even while it keeps improving. The first
    /// stage's length decides how many stored images become attractors (spectra keep contracting
    /// while Adam runs at 1e-4 near its loss floor), so the full preset fixes it.
    /// </summary>
    public long? StageEpochs { get; init; }
    public double TargetMse { get; init; } = 1e-8;

    /// <summary>
    /// Consolidate (Dynamics.Consolidation): Adam at the first rate to <see cref="HandOverMse"/>, then
    /// noisy copies of the images not yet certified until every stored image is an attractor at
    /// <see cref="TargetMse"/>. False: the study's procedure, the learning-rate stages alone.
    /// </summary>
    public bool Consolidate { get; init; } = true;
    public double HandOverMse { get; init; } = 1e-4;
    public ConsolidationOptions Consolidation { get; init; } = new();
    /// <summary>Epoch cap over all stages: a cap in epochs, not seconds, keeps the run the same on a busy machine.</summary>
    public required long MaxEpochs { get; init; }

    /// <summary>Probe inputs: uniform noise on [0, 1], Gaussian noise of variance 4 (the study's), and held-out test images.</summary>
    public required int NoiseProbes { get; init; }
    public required int HeldOutProbes { get; init; }

    /// <summary>Step cap and stall window of every recall (lower than the library defaults to bound the run time).</summary>
    public required int MaxSteps { get; init; }
    public required int StallWindow { get; init; }

    public required IReadOnlyList<CorruptionSweep> Recovery { get; init; }
    public double HopfieldBeta { get; init; } = 8;

    /// <summary>Examples shown in the recall pictures, and the corruptions shown there.</summary>
    public int ShownExamples { get; init; } = 10;
    public IReadOnlyList<string> ShownCorruptions { get; init; } = ["gaussian:0.3", "squares:3:7", "half:bottom"];

    public ulong Seed { get; init; }
    public int Threads { get; init; } = 2;

    /// <summary>The GEMM every stage runs on (the command line takes it from MNEMOS_GEMM).</summary>
    public GemmBackend Backend { get; init; } = GemmBackend.Managed;

    /// <summary>Random directions of the empirical basin radius, beside the certified radius of every shown image.</summary>
    public int RadiusDirections { get; init; } = 8;

    /// <summary>Shown images (the first ones) that get basin radii: each certificate takes seconds.</summary>
    public int RadiusImages { get; init; } = 10;

    public int Dimension => Side * Side;
    public int StoredCount => PerClass * 10;

    public static DemoSettings Full { get; } = new()
    {
        Preset = "full",
        PerClass = 10,
        Patience = 45_000,
        StageEpochs = 45_000,
        Side = 28,
        Depth = 11,
        Width = 256,
        MaxEpochs = 60_000,
        Consolidation = new() { MaxEpochs = 60_000 },
        NoiseProbes = 500,
        HeldOutProbes = 500,
        MaxSteps = 3000,
        StallWindow = 500,
        Recovery =
        [
            new("gaussian:0.1", [0.1, 0.2, 0.3, 0.5, 0.8]),
            new("uniform:0.1", [0.1, 0.25, 0.5, 0.75]),
            new("salt-pepper:0.1", [0.05, 0.1, 0.2, 0.4]),
            new("squares:1:7", [1, 2, 4, 8]),
            new("dropout:0.1", [0.1, 0.25, 0.5, 0.75]),
            new("half:top", []), new("half:bottom", []), new("half:left", []), new("half:right", []),
        ],
    };

    public static DemoSettings Quick { get; } = new()
    {
        Preset = "quick",
        PerClass = 1,
        Side = 14,
        Depth = 11,
        Width = 256,
        Patience = 1000,
        MaxEpochs = 20_000,
        Consolidation = new() { MaxEpochs = 20_000 },
        NoiseProbes = 100,
        HeldOutProbes = 100,
        MaxSteps = 1000,
        StallWindow = 200,
        ShownCorruptions = ["gaussian:0.3", "squares:2:4", "half:bottom"],
        RadiusImages = 3,
        Recovery =
        [
            new("gaussian:0.1", [0.1, 0.3]),
            new("uniform:0.1", [0.25, 0.5]),
            new("squares:1:4", [1, 3]),
            new("half:bottom", []),
        ],
    };

    public static DemoSettings ForPreset(string preset) => preset.Trim().ToLowerInvariant() switch
    {
        "full" => Full,
        "quick" => Quick,
        _ => throw new ArgumentException($"demo preset '{preset}': expected quick or full"),
    };
}
