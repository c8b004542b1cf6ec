// capacity-sweep (the study's Fig. 5, PNAS 2020; arXiv 1909.12362 v1): for each width × depth, how many of n images are stored
// as certified attractors when autoencoded, and when stored as cycles of length L. One cell per
// (task, width, depth), so an interrupted sweep resumes where it stopped.
using System.Globalization;
using Mnemos.Formats;

namespace Mnemos.Experiments.Sweeps;

/// <summary>The capacity-sweep experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class CapacitySweep(CapacitySweepSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json";

    public string Name => "capacity-sweep";

    public bool HasCells => true;

    public string Description => "Images stored as certified attractors across widths × depths, by autoencoding and as cycles of length L (Fig. 5)";

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full, ExperimentPreset.Study];

    public CapacitySweepSettings SettingsFor(ExperimentPreset preset) => settings ?? CapacitySweepSettings.For(preset);

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => "; the study's grid with 100 MNIST digits, here Fashion-MNIST (MNIST is not bundled), at a stated budget per cell (105 cells: ~18 h)",
        ExperimentPreset.Study => StudyDescription(SettingsFor(preset)),
        ExperimentPreset.Reduced => "; scaled down to run in minutes on two cores (Fashion-MNIST)",
        _ => "; quick",
    };

    static string StudyDescription(CapacitySweepSettings s) => "; Fashion-MNIST instead of MNIST (not bundled)"
        + StudyScale.Describe((from l in s.CycleLengths from d in s.Depths from w in s.Widths select s.Cell(w, d, l, 0)).ToArray(), s.MaxEpochs);

    /// <summary>The cell key of (task, width, depth).</summary>
    public static string Key(int cycleLength, int width, int depth) =>
        string.Create(CultureInfo.InvariantCulture, $"{CapacitySweepSettings.TaskName(cycleLength)}-w{width}-d{depth}");

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var data = s.Data.Load();
        var cells = new List<CapacityCell>();
        foreach (int l in s.CycleLengths)
            foreach (int d in s.Depths)
                foreach (int w in s.Widths)
                {
                    string key = Key(l, w, d);
                    var cell = s.Cell(w, d, l, context.Seed);
                    var result = MemoryCell.Run(context, key, cell, data);
                    cells.Add(new CapacityCell(CapacitySweepSettings.TaskName(l), l, w, d, result));
                }
        context.CellsDone();

        var files = new List<string> { ResultFile };
        ReportJsonFile(context, new CapacitySweepResult(s.Data.Count, cells.ToArray()));
        var lines = new List<string> { $"capacity-sweep: {s.Data.Describe()} ({SweepData.FashionMnist}; the study used MNIST)" };
        var values = new Dictionary<string, double>();
        foreach (int l in s.CycleLengths)
        {
            var table = Table(s, l, cells);
            files.AddRange(table.Write(context));
            var task = cells.Where(c => c.CycleLength == l).ToArray();
            int na = task.Count(c => c.Result.Stored is null);
            var best = task.Where(c => c.Result.Stored is not null).OrderByDescending(c => c.Result.Stored).ThenBy(c => c.Width * c.Depth).FirstOrDefault();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name}: most stored {(best is null ? "NA" : $"{best.Result.Stored}/{s.Data.Count} at width {best.Width} × depth {best.Depth}")}; {na} of {task.Length} cells NA"));
            foreach (var c in task) values[Key(l, c.Width, c.Depth)] = c.Result.Stored ?? double.NaN;
        }
        values["cells"] = cells.Count;
        values["na_cells"] = cells.Count(c => c.Result.Stored is null);
        return new ExperimentSummary(lines, values, files);
    }

    static void ReportJsonFile(ExperimentContext context, CapacitySweepResult result) =>
        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(result, ExperimentJson.Indented));

    /// <summary>Depth rows × width columns of images stored for the task of <paramref name="cycleLength"/>.</summary>
    static SweepTable Table(CapacitySweepSettings s, int cycleLength, IReadOnlyList<CapacityCell> cells)
    {
        var values = new double[s.Depths.Length, s.Widths.Length];
        var notes = new string?[s.Depths.Length, s.Widths.Length];
        for (int r = 0; r < s.Depths.Length; r++)
            for (int c = 0; c < s.Widths.Length; c++)
            {
                var result = cells.Single(x => x.CycleLength == cycleLength && x.Depth == s.Depths[r] && x.Width == s.Widths[c]).Result;
                values[r, c] = result.Stored ?? double.NaN;
                notes[r, c] = result.MseNote;
            }
        string title = cycleLength == 0
            ? $"Autoencoding: images of {s.Data.Count} stored as certified attractors"
            : $"Cycles of length {cycleLength}: images of {s.Data.Count} on certified stable cycles";
        return new SweepTable(CapacitySweepSettings.TaskName(cycleLength), title, "depth \\ width",
            s.Depths.Select(Invariant).ToArray(), s.Widths.Select(Invariant).ToArray(), values, s.Data.Count) { Notes = notes };
    }

    static string Invariant(int x) => x.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One grid cell of capacity-sweep: task name and cycle length (0 = autoencode), width, depth, and its result.</summary>
public sealed record CapacityCell(string Task, int CycleLength, int Width, int Depth, MemoryCellResult Result);

/// <summary>What capacity-sweep writes to result.json.</summary>
public sealed record CapacitySweepResult(int Images, CapacityCell[] Cells);
