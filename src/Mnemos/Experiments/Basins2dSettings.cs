// Settings of basins-2d (the study's two-dimensional basins figure, PNAS 2020; arXiv 1909.12362 v1) and where its stored points come from. Six points are
// drawn around a circle (angles evenly spaced with jitter, radii in [0.6, 1]) so every point is on
// the outside of the set; four cycles of three points sit on small circles in the four quadrants.
using System.Text.Json.Serialization;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

/// <summary>Everything that decides a basins-2d result besides the seed.</summary>
public sealed record Basins2dSettings
{
    public int PointCount { get; init; } = 6;
    public int CycleCount { get; init; } = 4;
    public int CycleLength { get; init; } = 3;
    public int Width { get; init; } = 256;
    public int Depth { get; init; } = 10;
    public string Activation { get; init; } = "selu";
    public double LearningRate { get; init; } = 1e-4;
    public double TargetMse { get; init; } = 1e-8;
    public long MaxEpochs { get; init; } = 100_000;

    /// <summary>Cells per side of the basin grid.</summary>
    public int GridSize { get; init; } = 100;

    /// <summary>Arrows per side of the vector field f(x) − x.</summary>
    public int FieldSize { get; init; } = 20;

    /// <summary>The grid box is the points' bounding box widened by this fraction of its larger side on each side.</summary>
    public double Margin { get; init; } = 0.35;

    /// <summary>Step cap of the iteration from each grid cell.</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <summary>The study's scale: a 100×100 grid (the study's two-dimensional basins figure, PNAS 2020; arXiv 1909.12362 v1).</summary>
    public static Basins2dSettings Full { get; } = new();

    /// <summary>The same networks on a 40×40 grid with at most 2,000 steps per cell.</summary>
    public static Basins2dSettings Quick { get; } = new() { GridSize = 40, FieldSize = 12, MaxSteps = 2000 };

    /// <summary>The study's protocol: the full grid, Adam at a constant 1e-4 to MSE 1e-8 within 1,000,000 epochs.</summary>
    public static Basins2dSettings Study { get; } = Full with
    {
        LearningRate = Training.StudyProtocol.AdaptiveLearningRate, TargetMse = Training.StudyProtocol.TargetMse, MaxEpochs = Training.StudyProtocol.MaxEpochs,
    };

    public static Basins2dSettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        _ => Quick,
    };

    [JsonIgnore] public MlpSpec Spec => new(2, 2, Depth, Width, Activations.Parse(Activation));

    public void Validate()
    {
        Spec.Validate();
        if (PointCount < 1) throw new ArgumentException($"point count {PointCount}: must be at least 1");
        if (CycleCount < 1 || CycleLength < 2) throw new ArgumentException($"{CycleCount} cycles of {CycleLength}: need at least 1 cycle of at least 2 points");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate {LearningRate}: must be positive");
        if (GridSize < 1 || FieldSize < 1) throw new ArgumentException($"grid {GridSize}, field {FieldSize}: must be at least 1");
        if (!(Margin >= 0)) throw new ArgumentException($"margin {Margin}: must be at least 0");
        if (MaxSteps < 1) throw new ArgumentException($"max steps {MaxSteps}: must be at least 1");
    }

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{PointCount} points and {CycleCount} cycles of {CycleLength}; MLP 2→{Width}×{Depth} {Activation}→2, Adam lr {LearningRate:G3} to MSE {TargetMse:G3} (≤ {MaxEpochs} epochs); {GridSize}×{GridSize} grid, {FieldSize}×{FieldSize} arrows, ≤ {MaxSteps} steps");

    /// <summary>The autoencoder's points [PointCount × 2], from <paramref name="seed"/>.</summary>
    public Matrix Points(ulong seed)
    {
        var rng = new Rng(seed);
        var m = new Matrix(PointCount, 2);
        for (int i = 0; i < PointCount; i++)
        {
            double angle = 2 * Math.PI * (i + rng.Uniform(-0.3, 0.3)) / PointCount;
            double radius = rng.Uniform(0.6, 1.0);
            m[i, 0] = (float)(radius * Math.Cos(angle));
            m[i, 1] = (float)(radius * Math.Sin(angle));
        }
        return m;
    }

    /// <summary>The sequence encoder's points [CycleCount·CycleLength × 2], cycle after cycle, each turning counter-clockwise.</summary>
    public Matrix CyclePoints(ulong seed)
    {
        var rng = new Rng(seed);
        var m = new Matrix(CycleCount * CycleLength, 2);
        for (int c = 0; c < CycleCount; c++)
        {
            double centre = 2 * Math.PI * (c + 0.5) / CycleCount;
            double cx = 0.6 * Math.Cos(centre), cy = 0.6 * Math.Sin(centre), phase = rng.Uniform(0, 2 * Math.PI);
            for (int j = 0; j < CycleLength; j++)
            {
                double angle = phase + 2 * Math.PI * j / CycleLength;
                m[c * CycleLength + j, 0] = (float)(cx + 0.3 * Math.Cos(angle));
                m[c * CycleLength + j, 1] = (float)(cy + 0.3 * Math.Sin(angle));
            }
        }
        return m;
    }

    /// <summary>Row indices of the cycles in <see cref="CyclePoints"/>.</summary>
    public int[][] Cycles() =>
        Enumerable.Range(0, CycleCount).Select(c => Enumerable.Range(c * CycleLength, CycleLength).ToArray()).ToArray();
}
