// Settings of the optimizer-activation and init-activation tables (the study's optimizer and initialization tables, PNAS 2020; arXiv 1909.12362 v1): one network
// shape (11 hidden × 256 in the study), activations as rows, training variants as columns, each
// cell trained at the study's constant learning rate (no stages, so the optimizers compare as in
// the study) and counted as certified attractors, with a noise probe for spurious attractors.
using System.Globalization;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments.Sweeps;

/// <summary>A column of a table: its label, the cell-key part, and the init and optimizer it trains with.</summary>
public sealed record TableColumn(string Label, string Key, string Init, string Optimizer);

/// <summary>Everything that decides an attractor table besides the seed.</summary>
public sealed record AttractorTableSettings
{
    public required SweepData Data { get; init; }
    public required int Width { get; init; }
    public required int Depth { get; init; }
    public required string[] Activations { get; init; }
    public required TableColumn[] Columns { get; init; }
    public double TargetMse { get; init; } = 1e-8;

    /// <summary>A cell stopped above this MSE did not converge (NA); see <see cref="StudyProtocol.NotConvergedMse"/>.</summary>
    public double NotConvergedMse { get; init; } = StudyProtocol.NotConvergedMse;
    public long MaxEpochs { get; init; } = 1_000_000;
    public double BudgetSeconds { get; init; } = 600;
    public int UniformProbes { get; init; } = 100;
    public int GaussianProbes { get; init; } = 100;
    public double GaussianVariance { get; init; } = 4;
    public int ProbeSteps { get; init; } = 10_000;

    public static readonly string[] StudyActivations = ["relu", "leaky_relu", "selu", "swish", "cosid", "sinusoid"];

    /// <summary>The study's optimizers at its settings (<see cref="StudyProtocol"/>), PyTorch's default init.</summary>
    public static TableColumn[] StudyOptimizers { get; } =
    [
        Optimizer("GD", "gd", StudyProtocol.Gd),
        Optimizer("GD+momentum", "gd-momentum", StudyProtocol.GdMomentum),
        Optimizer("GD+momentum+wd", "gd-momentum-wd", StudyProtocol.GdMomentumWeightDecay),
        Optimizer("RMSprop", "rmsprop", StudyProtocol.RmsProp),
        Optimizer("Adam", "adam", StudyProtocol.Adam),
    ];

    /// <summary>U[−a, a] for a ∈ {0.01, 0.02, 0.05, 0.1, 0.15}, Adam lr 1e-4.</summary>
    public static TableColumn[] StudyInits { get; } = [.. new[] { 0.01, 0.02, 0.05, 0.1, 0.15 }.Select(Init)];

    static TableColumn Optimizer(string label, string key, OptimizerSettings optimizer) => new(label, key, "pytorch", optimizer.Describe());

    static TableColumn Init(double bound)
    {
        string a = bound.ToString("R", CultureInfo.InvariantCulture);
        return new TableColumn($"U[-{a}, {a}]", "a" + a, "uniform:" + a, StudyProtocol.Adam.Describe());
    }

    /// <summary>
    /// The study's table: 100 gray 32×32 natural images (d = 1,024; bundled photo crops instead of
    /// grayscale CIFAR-10), 11 × 256, capped at <see cref="FullEpochs"/> per cell (an epoch cap, not
    /// seconds, so a busy machine or a cell resumed in another session gives the same table).
    /// </summary>
    public static AttractorTableSettings Full(TableColumn[] columns) => new()
    {
        Data = new SweepData(SweepData.PhotoCrops, 100, 32), Width = 256, Depth = 11, Activations = StudyActivations, Columns = columns,
        MaxEpochs = FullEpochs, BudgetSeconds = StudyScale.NoTimeLimitSeconds,
    };

    /// <summary>The full preset's epochs per cell: about ten minutes of one core of the development machine at d = 1,024.</summary>
    public const long FullEpochs = 40_000;

    /// <summary>
    /// The study's protocol (<see cref="StudyProtocol"/>): the full table with no time limit, every cell
    /// trained at its constant rate for up to 1,000,000 epochs, NA only above MSE 1e-5; 1,000 + 1,000 probes.
    /// </summary>
    public static AttractorTableSettings Study(TableColumn[] columns) => Full(columns) with
    {
        TargetMse = StudyProtocol.TargetMse, NotConvergedMse = StudyProtocol.NotConvergedMse, MaxEpochs = StudyProtocol.MaxEpochs,
        BudgetSeconds = StudyScale.NoTimeLimitSeconds, UniformProbes = 1000, GaussianProbes = 1000,
    };

    /// <summary>
    /// The study's network (11 × 256) and columns on 20 images at 14×14, capped at 30,000 epochs per
    /// cell (an epoch cap, not seconds, so a busy machine gives the same table), 50 + 50 probes.
    /// </summary>
    public static AttractorTableSettings Reduced(TableColumn[] columns) => new()
    {
        Data = new SweepData(SweepData.FashionMnist, 20, 14), Width = 256, Depth = 11, Activations = StudyActivations, Columns = columns,
        MaxEpochs = 30_000, BudgetSeconds = 3600, UniformProbes = 50, GaussianProbes = 50, ProbeSteps = 3000,
    };

    /// <summary>For tests and a first look: 8 images at 7×7, 2 × 32, two activations × the first and last column, 2 s per cell.</summary>
    public static AttractorTableSettings Quick(TableColumn[] columns) => new()
    {
        Data = new SweepData(SweepData.FashionMnist, 8, 7), Width = 32, Depth = 2, Activations = ["selu", "cosid"], Columns = [columns[0], columns[^1]],
        MaxEpochs = 20_000, BudgetSeconds = 2, UniformProbes = 16, GaussianProbes = 16, ProbeSteps = 300,
    };

    public void Validate()
    {
        if (Activations.Length == 0 || Columns.Length == 0) throw new ArgumentException($"table: {Activations.Length} activations × {Columns.Length} columns; each needs at least one");
        if (Columns.Select(c => c.Key).Distinct().Count() != Columns.Length) throw new ArgumentException($"table columns {string.Join(", ", Columns.Select(c => c.Key))}: repeated key");
        foreach (string a in Activations)
            foreach (var c in Columns)
                Cell(a, c, 0).Validate();
    }

    /// <summary>The cell of (activation, column), trained at the column's constant rate.</summary>
    public MemoryCellSettings Cell(string activation, TableColumn column, ulong seed) => new()
    {
        Data = Data, Width = Width, Depth = Depth, Activation = activation, Init = column.Init, Optimizer = column.Optimizer, Seed = seed,
        TargetMse = TargetMse, NotConvergedMse = NotConvergedMse, MaxEpochs = MaxEpochs, BudgetSeconds = BudgetSeconds, UniformProbes = UniformProbes, GaussianProbes = GaussianProbes,
        GaussianVariance = GaussianVariance, ProbeSteps = ProbeSteps,
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Describe()}; MLP {Width} × {Depth}; {{{string.Join(", ", Activations)}}} × {{{string.Join(", ", Columns.Select(c => c.Label))}}}; to MSE {TargetMse:G3} within {MaxEpochs} epochs per cell, {StudyScale.DescribeBudget(BudgetSeconds, "per cell")}; probes {UniformProbes} uniform + {GaussianProbes} Gaussian (variance {GaussianVariance:G3}), ≤ {ProbeSteps} steps");
}
