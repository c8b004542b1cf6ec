// spectra: for each network, the spectral radius ρ(J_f(x̂ᵢ)) at every stored example and the top
// 1 % of |λ| there, as histograms (one SVG each, shared axes across networks so they compare) and a
// markdown table of medians and maxima. A network that missed the target has no spectra (NA).
using System.Globalization;
using System.Text;
using Mnemos.Formats;
using Mnemos.Reports;

namespace Mnemos.Experiments.Sweeps;

/// <summary>The spectra experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class Spectra(SpectraSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json";
    public const string TableFile = "spectra.md";

    public string Name => "spectra";

    public bool HasCells => true;

    public string Description => "Histograms of ρ(J) and of the top 1 % of |λ| at the stored examples as depth and width grow";

    public SpectraSettings SettingsFor(ExperimentPreset preset) => settings ?? SpectraSettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full, ExperimentPreset.Study];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => "; Fashion-MNIST instead of MNIST (not bundled), at a stated budget per network",
        ExperimentPreset.Study => StudyDescription(SettingsFor(preset)),
        ExperimentPreset.Reduced => "; scaled down to run in minutes on two cores (Fashion-MNIST)",
        _ => "; quick",
    };

    static string StudyDescription(SpectraSettings s) =>
        "; Fashion-MNIST instead of MNIST (not bundled)" + StudyScale.Describe(s.Networks.Select(n => s.Cell(n, 0)).ToArray());

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var data = s.Data.Load();
        var networks = new List<NetworkSpectra>();
        foreach (var n in s.Networks)
        {
            var cell = s.Cell(n, context.Seed);
            var result = MemoryCell.Run(context, n.Key, cell, data);
            networks.Add(new NetworkSpectra(n.Width, n.Depth, result));
        }
        context.CellsDone();
        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(new SpectraResult(s.Data.Count, s.TopCount, networks.ToArray()), ExperimentJson.Indented));

        var files = new List<string> { ResultFile, TableFile };
        AtomicFile.WriteAllText(context.PathOf(TableFile), Markdown(s, networks));
        double top = networks.SelectMany(n => n.Result.SpectralRadii.Concat(n.Result.TopMagnitudes)).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var range = (0.0, Math.Max(1.05, top * 1.05));
        foreach (var n in networks.Where(n => n.Result.Stored is not null))
        {
            var key = new NetworkShape(n.Width, n.Depth).Key;
            files.Add(Figure(context, $"rho-{key}.svg", n.Result.SpectralRadii, range, s.Bins, $"ρ(J) at {n.Result.Units} stored examples, width {n.Width} × depth {n.Depth}", "spectral radius ρ"));
            files.Add(Figure(context, $"top-{key}.svg", n.Result.TopMagnitudes, range, s.Bins, $"Top {s.TopCount} |λ| per example, width {n.Width} × depth {n.Depth}", "|λ|"));
        }

        var lines = new List<string> { $"spectra: {s.Data.Describe()} ({SweepData.FashionMnist}; the study used MNIST)" };
        var values = new Dictionary<string, double>();
        foreach (var n in networks)
        {
            string key = new NetworkShape(n.Width, n.Depth).Key;
            var r = n.Result;
            lines.Add(r.Stored is not null
                ? string.Create(CultureInfo.InvariantCulture, $"{n.Width}×{n.Depth}: median ρ {Median(r.SpectralRadii):F3}, max ρ {r.SpectralRadii.Max():F3}, {r.Stored}/{r.Units} certified; median top-{s.TopCount} |λ| {Median(r.TopMagnitudes):F3}{(r.MseNote is { } note ? $" ({note})" : "")}")
                : string.Create(CultureInfo.InvariantCulture, $"{n.Width}×{n.Depth}: NA, did not converge (training {r.StopReason}, MSE {Reports.HtmlReport.FormatNumber(r.FinalMse)})"));
            values[key + ".median_rho"] = r.Stored is not null ? Median(r.SpectralRadii) : double.NaN;
            values[key + ".max_rho"] = r.Stored is not null ? r.SpectralRadii.Max() : double.NaN;
            values[key + ".stored"] = r.Stored ?? double.NaN;
        }
        return new ExperimentSummary(lines, values, files);
    }

    static string Figure(ExperimentContext context, string file, double[] values, (double, double) range, int bins, string title, string xLabel)
    {
        var plot = new Histogram(values, bins) { Range = range, Title = title, XLabel = xLabel, YLabel = "count" }.ReferenceLine(1, "1");
        AtomicFile.WriteAllText(context.PathOf(file), plot.ToSvg());
        return file;
    }

    static string Markdown(SpectraSettings s, IReadOnlyList<NetworkSpectra> networks)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"**Spectra at {s.Data.Count} stored examples (magnitudes of the top {s.TopCount} of {s.Data.Dimension} eigenvalues at each)**\n\n");
        sb.Append("| width | depth | training | certified | median ρ | max ρ | median top magnitude |\n|---|---|---|---|---|---|---|\n");
        foreach (var n in networks)
        {
            var r = n.Result;
            string Cell(Func<double> f) => r.Stored is not null ? f().ToString("F4", CultureInfo.InvariantCulture) : SweepTable.Missing;
            sb.Append(CultureInfo.InvariantCulture, $"| {n.Width} | {n.Depth} | {r.StopReason} | {(r.Stored is int k ? k.ToString(CultureInfo.InvariantCulture) : SweepTable.Missing)} | ");
            sb.Append(Cell(() => Median(r.SpectralRadii))).Append(" | ").Append(Cell(() => r.SpectralRadii.Max())).Append(" | ").Append(Cell(() => Median(r.TopMagnitudes))).Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>The middle value (mean of the two middle ones for an even count); NaN for none.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}

/// <summary>One network's spectra: its shape and cell result (ρ per example, top |λ| magnitudes).</summary>
public sealed record NetworkSpectra(int Width, int Depth, MemoryCellResult Result);

/// <summary>What spectra writes to result.json.</summary>
public sealed record SpectraResult(int Images, int TopCount, NetworkSpectra[] Networks);
