// One markdown row per finished sweep cell (capacity-sweep, optimizer-activation, init-activation,
// spectra) of a run folder, for runs whose cells are computed over several sessions or machines
// while `mnemos experiment --report` still waits for the missing ones. Reads the cell files only:
// key, how training stopped, epochs, MSE, images stored as certified attractors, ρ median and
// largest over the units, and the probes' spurious attractors (inputs ending on one / distinct).
// With --grid (the optimizer and init tables), the table's own layout instead: a row per activation,
// a column per optimizer or init, the stored count in each finished cell ("NA" above MSE 1e-5, the
// reached MSE beside a count short of the target) and "·" where the cell has not run yet; rows and
// columns come from the run record that `--cell` writes (RUN/runs/cell-KEY.json) or RUN/run.json.
//   dotnet run -c Release scripts/cells_table.cs -- RUN_FOLDER/cells
//   dotnet run -c Release scripts/cells_table.cs -- RUN_FOLDER/cells --grid
using System.Globalization;
using System.Text.Json;

bool grid = args.Length == 2 && args[1] == "--grid";
if (args.Length is < 1 or > 2 || (args.Length == 2 && !grid) || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine($"cells_table: give one folder of cell files (RUN/cells), optionally --grid; got '{string.Join(' ', args)}'");
    return 2;
}
static string F(double x) => x.ToString("0.0E+0", CultureInfo.InvariantCulture);
if (grid) return Grid(args[0]);
static string Probe(JsonElement r, string name) =>
    r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object
        ? $"{p.GetProperty("spurious_inputs").GetInt32()} / {p.GetProperty("spurious_attractors").GetInt32()} of {p.GetProperty("inputs").GetInt32()}"
        : "–";

Console.WriteLine("| cell | stop | epochs | MSE | stored as certified attractors | ρ median / max | spurious: uniform | spurious: Gaussian | seconds |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var root in SweepCells(args[0]))
{
    var r = root.GetProperty("result");
    var stored = r.GetProperty("stored");
    var rho = r.GetProperty("spectral_radii").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
    string rhoText = rho.Length == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{(rho[(rho.Length - 1) / 2] + rho[rho.Length / 2]) / 2:0.00} / {rho[^1]:0.00}");
    string storedText = stored.ValueKind == JsonValueKind.Null ? "NA (MSE above 1e-5)" : $"{stored.GetInt32()} ({r.GetProperty("attractors").GetInt32()} of {r.GetProperty("units").GetInt32()} units)";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {root.GetProperty("key").GetString()} | {r.GetProperty("stop_reason").GetString()} | {r.GetProperty("epochs").GetInt64():N0} | {F(r.GetProperty("final_mse").GetDouble())} | {storedText} | {rhoText} | {Probe(r, "uniform")} | {Probe(r, "gaussian")} | {root.GetProperty("seconds").GetDouble():0} |"));
}
return 0;

// The optimizer or init table as the study lays it out, from the finished cells of RUN/cells.
static int Grid(string cellsFolder)
{
    string run = Path.GetDirectoryName(Path.GetFullPath(cellsFolder).TrimEnd(Path.DirectorySeparatorChar))!;
    string? record = new[] { Path.Combine(run, "run.json") }
        .Concat(Directory.Exists(Path.Combine(run, "runs")) ? Directory.EnumerateFiles(Path.Combine(run, "runs"), "cell-*.json").Order(StringComparer.Ordinal) : [])
        .FirstOrDefault(File.Exists);
    if (record is null)
    {
        Console.Error.WriteLine($"cells_table: --grid needs the run record beside the cells (run.json or runs/cell-KEY.json) in {run}");
        return 2;
    }
    using var recordDoc = JsonDocument.Parse(File.ReadAllBytes(record));
    var settings = recordDoc.RootElement.GetProperty("settings");
    if (!settings.TryGetProperty("activations", out var activationsJson) || !settings.TryGetProperty("columns", out var columnsJson))
    {
        Console.Error.WriteLine($"cells_table: --grid is for the optimizer and init tables; {record} has no activations and columns");
        return 2;
    }
    string[] activations = activationsJson.EnumerateArray().Select(a => a.GetString()!).ToArray();
    var columns = columnsJson.EnumerateArray().Select(c => (Label: c.GetProperty("label").GetString()!, Key: c.GetProperty("key").GetString()!)).ToArray();
    double target = settings.GetProperty("target_mse").GetDouble();

    var entries = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var root in SweepCells(cellsFolder))
    {
        var r = root.GetProperty("result");
        double mse = r.GetProperty("final_mse").GetDouble();
        var stored = r.GetProperty("stored");
        entries[root.GetProperty("key").GetString()!] = stored.ValueKind == JsonValueKind.Null
            ? $"NA (MSE {F(mse)})"
            : mse < target ? stored.GetInt32().ToString(CultureInfo.InvariantCulture) : $"{stored.GetInt32()} (MSE {F(mse)})";
    }

    int finished = 0;
    Console.WriteLine($"| activation \\ {(recordDoc.RootElement.GetProperty("experiment").GetString() == "init-activation" ? "init" : "optimizer")} | {string.Join(" | ", columns.Select(c => c.Label))} |");
    Console.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", columns.Length + 1)));
    foreach (string activation in activations)
    {
        var row = columns.Select(c => entries.TryGetValue($"{activation}-{c.Key}", out var e) ? e : "·").ToArray();
        finished += row.Count(e => e != "·");
        Console.WriteLine($"| {activation} | {string.Join(" | ", row)} |");
    }
    Console.WriteLine();
    Console.WriteLine($"{finished} of {activations.Length * columns.Length} cells finished; · not run yet.");
    return 0;
}

// The sweep cells among the cell files of a folder, in file-name order: files of format
// "mnemos-cell" whose result has a final MSE (other experiments' cells have none).
static IEnumerable<JsonElement> SweepCells(string folder)
{
    foreach (string path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        if (root.TryGetProperty("format", out var format) && format.GetString() == "mnemos-cell"
            && root.GetProperty("result").TryGetProperty("final_mse", out _))
            yield return root.Clone();
    }
}
