// optimizer-activation and init-activation (the study's optimizer and initialization tables, PNAS 2020; arXiv 1909.12362 v1): activations × optimizers, and
// activations × initialization scales (with Adam), each cell the number of images stored as
// certified attractors (NA when training did not converge: stopped above 1e-5; a count reached
// short of the 1e-8 target carries its MSE), plus the distinct
// spurious attractors that uniform and Gaussian noise inputs reach. One cell per table entry.
using System.Globalization;
using Mnemos.Formats;

namespace Mnemos.Experiments.Sweeps;

/// <summary>Which of the two tables.</summary>
internal enum AttractorTableKind
{
    /// <summary>Columns are the study's optimizers at its learning rates.</summary>
    Optimizer,
    /// <summary>Columns are U[−a, a] initializations, trained with Adam.</summary>
    Init,
}

/// <summary>An attractor-count table experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class AttractorTable(AttractorTableKind kind, AttractorTableSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json";

    public AttractorTableKind Kind => kind;

    public bool HasCells => true;

    public string Name => kind == AttractorTableKind.Optimizer ? "optimizer-activation" : "init-activation";

    public string Description => kind == AttractorTableKind.Optimizer
        ? "Certified attractors and spurious attractors for each activation × optimizer (study's constant learning rates)"
        : "Certified attractors and spurious attractors for each activation × initialization U[-a, a] (Adam)";

    TableColumn[] StudyColumns => kind == AttractorTableKind.Optimizer ? AttractorTableSettings.StudyOptimizers : AttractorTableSettings.StudyInits;

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full, ExperimentPreset.Study];

    public AttractorTableSettings SettingsFor(ExperimentPreset preset) => settings ?? preset switch
    {
        ExperimentPreset.Full => AttractorTableSettings.Full(StudyColumns),
        ExperimentPreset.Study => AttractorTableSettings.Study(StudyColumns),
        ExperimentPreset.Reduced => AttractorTableSettings.Reduced(StudyColumns),
        _ => AttractorTableSettings.Quick(StudyColumns),
    };

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => string.Create(CultureInfo.InvariantCulture,
            $"; the study's table at its d = 1,024, with 32×32 crops of the bundled photos instead of grayscale CIFAR-10 (not bundled), {AttractorTableSettings.FullEpochs:N0} epochs per cell instead of 1,000,000 (30 cells: up to ~{StudyScale.CoreHoursOf(Cells(SettingsFor(preset))):0} core-hours)"),
        ExperimentPreset.Study => StudyDescription(SettingsFor(preset)),
        ExperimentPreset.Reduced => "; the study's network and columns on 20 Fashion-MNIST images at 14×14, 30,000 epochs per cell (about 10 minutes)",
        _ => "; quick",
    };

    static string StudyDescription(AttractorTableSettings s) =>
        "; 32×32 crops of the bundled photos instead of grayscale CIFAR-10 (not bundled)" + StudyScale.Describe(Cells(s), s.MaxEpochs);

    static MemoryCellSettings[] Cells(AttractorTableSettings s) => s.Activations.SelectMany(a => s.Columns.Select(c => s.Cell(a, c, 0))).ToArray();

    /// <summary>The cell key of (activation, column).</summary>
    public static string Key(string activation, TableColumn column) => $"{activation}-{column.Key}";

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var data = s.Data.Load();
        var cells = new List<TableCell>();
        foreach (string activation in s.Activations)
            foreach (var column in s.Columns)
            {
                string key = Key(activation, column);
                var cell = s.Cell(activation, column, context.Seed);
                var result = MemoryCell.Run(context, key, cell, data);
                cells.Add(new TableCell(activation, column.Label, column.Key, result));
            }
        context.CellsDone();

        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(new AttractorTableResult(s.Data.Count, cells.ToArray()), ExperimentJson.Indented));
        var files = new List<string> { ResultFile };
        string columnsName = kind == AttractorTableKind.Optimizer ? "optimizer" : "init";
        var tables = new[]
        {
            Table(s, cells, "attractors", $"Images of {s.Data.Count} stored as certified attractors", r => r.Stored, s.Data.Count, columnsName) with
            {
                Notes = Notes(s, cells),
            },
            Table(s, cells, "spurious-uniform", $"Distinct spurious attractors from {s.UniformProbes} uniform inputs", r => r.Uniform?.SpuriousAttractors, s.UniformProbes, columnsName),
            Table(s, cells, "spurious-gaussian", string.Create(CultureInfo.InvariantCulture, $"Distinct spurious attractors from {s.GaussianProbes} Gaussian inputs (variance {s.GaussianVariance:G3})"), r => r.Gaussian?.SpuriousAttractors, s.GaussianProbes, columnsName),
        };
        foreach (var t in tables) files.AddRange(t.Write(context));

        var lines = new List<string> { $"{Name}: {s.Data.Describe()} ({SweepData.FashionMnist}; the study used grayscale CIFAR-10), MLP {s.Width} × {s.Depth}" };
        var values = new Dictionary<string, double>();
        foreach (var c in cells)
        {
            var r = c.Result;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{c.Activation} / {c.Column}: {(r.Stored is int n ? $"{n}/{s.Data.Count} certified" : "NA, did not converge")} (training {r.StopReason}, MSE {Reports.HtmlReport.FormatNumber(r.FinalMse)}, {r.Epochs} epochs); spurious {r.Uniform?.SpuriousAttractors.ToString(CultureInfo.InvariantCulture) ?? "NA"} uniform, {r.Gaussian?.SpuriousAttractors.ToString(CultureInfo.InvariantCulture) ?? "NA"} Gaussian"));
            string key = $"{c.Activation}-{c.ColumnKey}";
            values[key + ".stored"] = r.Stored ?? double.NaN;
            values[key + ".spurious_uniform"] = r.Uniform?.SpuriousAttractors ?? double.NaN;
            values[key + ".spurious_gaussian"] = r.Gaussian?.SpuriousAttractors ?? double.NaN;
        }
        values["na_cells"] = cells.Count(c => c.Result.Stored is null);
        return new ExperimentSummary(lines, values, files);
    }

    static string?[,] Notes(AttractorTableSettings s, List<TableCell> cells)
    {
        var notes = new string?[s.Activations.Length, s.Columns.Length];
        for (int r = 0; r < s.Activations.Length; r++)
            for (int c = 0; c < s.Columns.Length; c++)
                notes[r, c] = cells.Single(x => x.Activation == s.Activations[r] && x.ColumnKey == s.Columns[c].Key).Result.MseNote;
        return notes;
    }

    static SweepTable Table(AttractorTableSettings s, List<TableCell> cells, string name, string title, Func<MemoryCellResult, int?> value, double maximum, string columnsName)
    {
        var values = new double[s.Activations.Length, s.Columns.Length];
        for (int r = 0; r < s.Activations.Length; r++)
            for (int c = 0; c < s.Columns.Length; c++)
                values[r, c] = value(cells.Single(x => x.Activation == s.Activations[r] && x.ColumnKey == s.Columns[c].Key).Result) ?? double.NaN;
        return new SweepTable(name, title, $"activation \\ {columnsName}", s.Activations, s.Columns.Select(c => c.Label).ToArray(), values, maximum);
    }
}

/// <summary>One entry of an attractor table: activation (row), column label and key, and its result.</summary>
public sealed record TableCell(string Activation, string Column, string ColumnKey, MemoryCellResult Result);

/// <summary>What an attractor table writes to result.json.</summary>
public sealed record AttractorTableResult(int Images, TableCell[] Cells);
