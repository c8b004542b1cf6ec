// One markdown row per finished sweep cell (capacity-sweep, optimizer-activation, init-activation,
// spectra) of a run folder, for runs whose cells are computed over several sessions or machines
// while `mnemos experiment --report` still waits for the missing ones. Reads the cell files only:
// key, how training stopped, epochs, MSE, images stored as certified attractors, ρ median and
// largest over the units, and the probes' spurious attractors (inputs ending on one / distinct).
//   dotnet run -c Release scripts/cells_table.cs -- RUN_FOLDER/cells
using System.Globalization;
using System.Text.Json;

if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine($"cells_table: give one folder of cell files (RUN/cells); got '{string.Join(' ', args)}'");
    return 2;
}
static string F(double x) => x.ToString("0.0E+0", CultureInfo.InvariantCulture);
static string Probe(JsonElement r, string name) =>
    r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object
        ? $"{p.GetProperty("spurious_inputs").GetInt32()} / {p.GetProperty("spurious_attractors").GetInt32()} of {p.GetProperty("inputs").GetInt32()}"
        : "–";

Console.WriteLine("| cell | stop | epochs | MSE | stored as certified attractors | ρ median / max | spurious: uniform | spurious: Gaussian | seconds |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (string path in Directory.EnumerateFiles(args[0], "*.json").Order(StringComparer.Ordinal))
{
    using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
    var root = doc.RootElement;
    if (!root.TryGetProperty("format", out var format) || format.GetString() != "mnemos-cell") continue;
    var r = root.GetProperty("result");
    if (!r.TryGetProperty("final_mse", out _)) continue; // not a sweep cell
    var stored = r.GetProperty("stored");
    var rho = r.GetProperty("spectral_radii").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
    string rhoText = rho.Length == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{(rho[(rho.Length - 1) / 2] + rho[rho.Length / 2]) / 2:0.00} / {rho[^1]:0.00}");
    string storedText = stored.ValueKind == JsonValueKind.Null ? "NA (MSE above 1e-5)" : $"{stored.GetInt32()} ({r.GetProperty("attractors").GetInt32()} of {r.GetProperty("units").GetInt32()} units)";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {root.GetProperty("key").GetString()} | {r.GetProperty("stop_reason").GetString()} | {r.GetProperty("epochs").GetInt64():N0} | {F(r.GetProperty("final_mse").GetDouble())} | {storedText} | {rhoText} | {Probe(r, "uniform")} | {Probe(r, "gaussian")} | {root.GetProperty("seconds").GetDouble():0} |"));
}
return 0;
