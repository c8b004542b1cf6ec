// basins-2d (the study's two-dimensional basins figure, PNAS 2020; arXiv 1909.12362 v1): six points in the plane stored by an autoencoder, and four cycles
// stored by a sequence encoder; a grid over the plane iterated to its limit and each cell labelled
// by the stored point or cycle it reaches, compared with the Voronoi cells of the points.
using System.Globalization;
using Mnemos.Formats;
using Mnemos.Imaging;

namespace Mnemos.Experiments;

/// <summary>The basins-2d experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class Basins2d(Basins2dSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json";

    public string Name => "basins-2d";

    public bool HasCells => true;

    public string Description => "Basins of 6 points stored by a 2-D autoencoder and of 4 cycles stored by a 2-D sequence encoder, vs Voronoi cells";

    public Basins2dSettings SettingsFor(ExperimentPreset preset) => settings ?? Basins2dSettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => "; the study's scale",
        ExperimentPreset.Study => StudyScale.Describe(2, 2 * StudyScale.CoreHours(SettingsFor(preset).Spec.ParameterCount, SettingsFor(preset).PointCount + SettingsFor(preset).CycleCount * SettingsFor(preset).CycleLength, SettingsFor(preset).MaxEpochs), SettingsFor(preset).MaxEpochs),
        _ => "; quick: smaller grid than the study's 100×100",
    };

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        ulong seed = context.Seed;
        var autoencoder = context.Cell("autoencoder", null, () => BasinMapper.Run(context, s, "autoencoder", s.Points(seed), [], seed + 1));
        var sequence = context.Cell("sequence", null, () => BasinMapper.Run(context, s, "sequence", s.CyclePoints(seed + 2), s.Cycles(), seed + 3));
        context.CellsDone();

        var files = new List<string> { ResultFile };
        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, object> { ["autoencoder"] = autoencoder, ["sequence"] = sequence }, JsonConvention.Compact));
        foreach (var map in new[] { autoencoder, sequence })
        {
            string png = $"{map.Kind}-basins.png";
            var figure = BasinFigures.FigureData(map);
            var image = BasinFigures.Render(figure, Math.Max(1, 400 / Math.Max(map.Grid.Columns, map.Grid.Rows)));
            AtomicFile.Write(context.PathOf(png), stream => Png.Encode(image, stream));
            string svg = $"{map.Kind}-basins.svg";
            AtomicFile.WriteAllText(context.PathOf(svg), BasinSvg.Plot(figure).ToSvg());
            files.Add(png);
            files.Add(svg);
        }

        var lines = new List<string>();
        var values = new Dictionary<string, double>();
        foreach (var map in new[] { autoencoder, sequence }) Summarize(map, lines, values);
        return new ExperimentSummary(lines, values, files);
    }

    static void Summarize(BasinMap map, List<string> lines, Dictionary<string, double> values)
    {
        string unit = map.IsSequence ? "cycle" : "point";
        var t = map.Training;
        lines.Add(Invariant($"{map.Kind}: training {t.StopReason}, MSE {Reports.HtmlReport.FormatNumber(t.FinalMse)} after {t.Epochs} epochs in {t.Seconds:F2} s"));
        lines.Add($"{map.Kind}: ρ per {unit}: " + string.Join(" ", map.Certificates.Select(c => Invariant($"{c.SpectralRadius:F4}") + (c.Verdict == "attractor" ? "" : $"({c.Verdict})"))));
        lines.Add(Invariant($"{map.Kind}: {map.Grid.Count} cells in {map.IterationSeconds:F1} s (≤ {map.MostSteps} steps): ") +
            string.Join(", ", map.Counts.Where(kv => kv.Value > 0).Select(kv => Invariant($"{kv.Key} {kv.Value}"))));
        lines.Add(Invariant($"{map.Kind}: basin ≠ Voronoi cell in {map.VoronoiDisagreement:P1} of cells; {map.UnitsInOwnBasin}/{map.UnitCount} {unit}s inside their own basin; {map.Spurious.Length} spurious attractors"));
        string k = map.Kind;
        values[$"{k}.training_seconds"] = t.Seconds;
        values[$"{k}.training_epochs"] = t.Epochs;
        values[$"{k}.final_mse"] = t.FinalMse;
        values[$"{k}.cells"] = map.Grid.Count;
        values[$"{k}.iteration_seconds"] = map.IterationSeconds;
        values[$"{k}.voronoi_disagreement"] = map.VoronoiDisagreement;
        values[$"{k}.units_in_own_basin"] = map.UnitsInOwnBasin;
        values[$"{k}.attractors"] = map.Certificates.Count(c => c.Located && c.Verdict == "attractor"); // stored, attractor
        values[$"{k}.spurious_attractors"] = map.Spurious.Length;
        foreach (var (name, count) in map.Counts) values[$"{k}.{name}"] = count;
        foreach (var c in map.Certificates) values[$"{k}.rho_{c.Unit}"] = c.SpectralRadius;
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
