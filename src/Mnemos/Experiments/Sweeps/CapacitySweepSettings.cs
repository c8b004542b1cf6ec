// Settings of capacity-sweep (the study's Fig. 5, PNAS 2020; arXiv 1909.12362 v1): a width × depth grid, each
// network trained to store n images by autoencoding and as cycles of each length L.
using System.Globalization;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments.Sweeps;

/// <summary>Everything that decides a capacity-sweep result besides the seed. A cycle length of 0 means autoencoding.</summary>
public sealed record CapacitySweepSettings
{
    public required SweepData Data { get; init; }
    public required int[] Widths { get; init; }
    public required int[] Depths { get; init; }
    public required int[] CycleLengths { get; init; }
    public string Activation { get; init; } = "selu";
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Learning-rate stages after the first (null: the one constant rate).</summary>
    public double[]? LaterRates { get; init; } = [1e-5, 1e-6];
    public long StagePatience { get; init; } = 2000;
    public double TargetMse { get; init; } = 1e-8;

    /// <summary>A cell stopped above this MSE did not converge (NA); see <see cref="StudyProtocol.NotConvergedMse"/>.</summary>
    public double NotConvergedMse { get; init; } = StudyProtocol.NotConvergedMse;
    public long MaxEpochs { get; init; } = 1_000_000;

    /// <summary>Training budget of each cell, seconds.</summary>
    public double BudgetSeconds { get; init; } = 600;

    /// <summary>The study's grid: 100 images, widths {128, 256, 512}, depths {1, 6, …, 31}, L ∈ {5, 10, 20, 100}; 10 minutes per cell.</summary>
    public static CapacitySweepSettings Full { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 100, 28), Widths = [128, 256, 512], Depths = [1, 6, 11, 16, 21, 26, 31],
        CycleLengths = [0, 5, 10, 20, 100],
    };

    /// <summary>
    /// The study's Fig. 5 at its protocol (<see cref="StudyProtocol"/>): 100 images, widths {128, 256, 512} ×
    /// depths {1, 6, …, 31}, autoencoding, 20 cycles of 5 and one cycle of 100; Adam at a constant 1e-4
    /// for up to 1,000,000 epochs with no time limit, NA only above MSE 1e-5.
    /// </summary>
    public static CapacitySweepSettings Study { get; } = Full with
    {
        CycleLengths = [0, 5, 100], LearningRate = StudyProtocol.AdaptiveLearningRate, LaterRates = null,
        TargetMse = StudyProtocol.TargetMse, NotConvergedMse = StudyProtocol.NotConvergedMse, MaxEpochs = StudyProtocol.MaxEpochs,
        BudgetSeconds = StudyScale.NoTimeLimitSeconds,
    };

    /// <summary>
    /// What this machine runs in minutes: 40 images at 14×14 (so L ∈ {5, 10, 20, n} as in the study), widths
    /// {64, 128, 256}, depths {1, 4, 8}; Adam from lr 1e-3 (1e-4 alone does not reach 1e-8 in the budget), 20 s per cell.
    /// </summary>
    public static CapacitySweepSettings Reduced { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 40, 14), Widths = [64, 128, 256], Depths = [1, 4, 8], CycleLengths = [0, 5, 10, 20, 40],
        BudgetSeconds = 20, LearningRate = 1e-3, LaterRates = [1e-4, 1e-5], StagePatience = 1000,
    };

    /// <summary>For tests and a first look: 8 images at 7×7, a 2×2 grid, L ∈ {4, 8}, 2 s per cell.</summary>
    public static CapacitySweepSettings Quick { get; } = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 8, 7), Widths = [32, 64], Depths = [1, 2], CycleLengths = [0, 4, 8],
        BudgetSeconds = 2, MaxEpochs = 4000, LearningRate = 1e-3, LaterRates = [1e-4, 1e-5], StagePatience = 500,
    };

    public static CapacitySweepSettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        ExperimentPreset.Reduced => Reduced,
        _ => Quick,
    };

    public void Validate()
    {
        if (Widths.Length == 0 || Depths.Length == 0 || CycleLengths.Length == 0)
            throw new ArgumentException($"capacity sweep: {Widths.Length} widths, {Depths.Length} depths, {CycleLengths.Length} tasks; each needs at least one");
        if (CycleLengths.Distinct().Count() != CycleLengths.Length) throw new ArgumentException($"cycle lengths {string.Join(", ", CycleLengths)}: repeated");
        foreach (int w in Widths)
            foreach (int d in Depths)
                foreach (int l in CycleLengths)
                    Cell(w, d, l, 0).Validate();
    }

    /// <summary>The settings of the cell (width, depth, cycle length).</summary>
    public MemoryCellSettings Cell(int width, int depth, int cycleLength, ulong seed) => new()
    {
        Data = Data, Width = width, Depth = depth, Activation = Activation, Optimizer = OptimizerSettings.Adam(LearningRate).Describe(),
        StageRates = LaterRates is null ? null : [LearningRate, .. LaterRates], StagePatience = StagePatience, CycleLength = cycleLength,
        Seed = seed, TargetMse = TargetMse, NotConvergedMse = NotConvergedMse, MaxEpochs = MaxEpochs, BudgetSeconds = BudgetSeconds,
    };

    /// <summary>"autoencode" or "cycles-L".</summary>
    public static string TaskName(int cycleLength) => cycleLength == 0 ? "autoencode" : "cycles-" + cycleLength.ToString(CultureInfo.InvariantCulture);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Describe()}; widths {{{string.Join(", ", Widths)}}} × depths {{{string.Join(", ", Depths)}}}; autoencode and cycles of {{{string.Join(", ", CycleLengths.Where(l => l > 0))}}}; {Activation}, Adam lr {LearningRate:G3}")
        + (LaterRates is null ? "" : string.Create(CultureInfo.InvariantCulture, $" then {string.Join(", ", LaterRates.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))} on plateaus"))
        + string.Create(CultureInfo.InvariantCulture, $" to MSE {TargetMse:G3}; {StudyScale.DescribeBudget(BudgetSeconds, "per cell")}");
}
