// spectra on three tiny autoencoders (seconds): per converged network one ρ per stored example and
// the top ⌈1 % · d⌉ |λ| per example (here 5 % of 49: 3), the largest of which is that example's ρ;
// histograms whose bars count every value; a table row per network; the median on known lists.
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments.Sweeps;
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tests.Reports;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments.Sweeps;

public sealed class TinySpectra : ExperimentRunFixture
{
    public TinySpectra() : base(Spectra.ResultFile) =>
        Result = JsonSerializer.Deserialize<SpectraResult>(ResultJson, JsonConvention.Compact)!;

    /// <summary>The quick preset with an epoch cap, not the clock, deciding convergence.</summary>
    public static SpectraSettings Settings { get; } = SpectraSettings.Quick with { BudgetSeconds = 60 };

    public SpectraResult Result { get; }

    private protected override IExperiment Create() => new Spectra(Settings);
}

public class SpectraTests(TinySpectra run) : IClassFixture<TinySpectra>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-spectra-result", run.ResultJson);

    [Fact]
    public void Each_converged_network_has_a_radius_per_example_and_its_top_magnitudes_led_by_that_radius()
    {
        var s = TinySpectra.Settings;
        Assert.Equal(3, s.TopCount);
        Assert.Equal(s.TopCount, run.Result.TopCount);
        Assert.Equal(s.Networks.Select(n => (n.Width, n.Depth)), run.Result.Networks.Select(n => (n.Width, n.Depth)));
        Assert.Contains(run.Result.Networks, n => n.Result.Converged);
        foreach (var n in run.Result.Networks.Where(n => n.Result.Converged))
        {
            var r = n.Result;
            Assert.Equal(s.Data.Count, r.SpectralRadii.Length);
            Assert.Equal(s.Data.Count * s.TopCount, r.TopMagnitudes.Length);
            for (int i = 0; i < s.Data.Count; i++)
            {
                var top = r.TopMagnitudes.Skip(i * s.TopCount).Take(s.TopCount).ToArray();
                Assert.Equal(r.SpectralRadii[i], top.Max(), 9);
                Assert.All(top, m => Assert.True(m >= 0 && m <= r.SpectralRadii[i] * (1 + 1e-9)));
            }
            Assert.InRange(r.Stored!.Value, 0, r.SpectralRadii.Count(rho => rho < 1 - 1e-3));
        }
    }

    [Fact]
    public void Histograms_count_every_radius_and_every_top_magnitude()
    {
        foreach (var n in run.Result.Networks.Where(n => n.Result.Converged))
        {
            string key = new NetworkShape(n.Width, n.Depth).Key;
            foreach (var (file, count) in new[] { ($"rho-{key}.svg", n.Result.SpectralRadii.Length), ($"top-{key}.svg", n.Result.TopMagnitudes.Length) })
            {
                var svg = new SvgDocument(File.ReadAllText(run.FileIn(file)));
                Assert.Equal(TinySpectra.Settings.Bins, svg.ByClass("rect", "bar").Count());
                Assert.Contains(file, run.Record.Summary!.Files);
            }
        }
    }

    [Fact]
    public void The_table_has_a_row_per_network_with_NA_where_training_missed_the_target()
    {
        var table = MarkdownTable.Parse(File.ReadAllText(run.FileIn(Spectra.TableFile)));
        Assert.Equal(run.Result.Networks.Length, table.Rows.Length);
        foreach (var (row, n) in table.Rows.Zip(run.Result.Networks))
        {
            Assert.Equal((n.Width.ToString(CultureInfo.InvariantCulture), n.Depth.ToString(CultureInfo.InvariantCulture)), (row[0], row[1]));
            Assert.Equal(n.Result.Stored is not null ? Spectra.Median(n.Result.SpectralRadii).ToString("F4", CultureInfo.InvariantCulture) : "NA", row[4]);
        }
    }

    [Theory]
    [InlineData(new double[] { }, double.NaN)]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 5, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_values(double[] values, double median) =>
        Assert.Equal(median, Spectra.Median(values));
}

public class SpectraFirstStageTests
{
    [Fact]
    public void A_first_stage_runs_its_full_length_past_the_target_then_the_network_is_certified()
    {
        var settings = SpectraSettings.Quick with { Networks = [new(32, 1)], BudgetSeconds = 60, FirstStageEpochs = 3000 };
        using var folder = new TempDirectory();
        using var gemm = new ManagedGemm(1);
        ExperimentRunner.Run(new Spectra(settings), new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm));
        var result = JsonSerializer.Deserialize<SpectraResult>(File.ReadAllText(folder.File(Spectra.ResultFile)), JsonConvention.Compact)!;
        var cell = result.Networks.Single().Result;
        Assert.True(cell.Converged, cell.StopReason);
        Assert.True(cell.Epochs >= 3000, $"stopped at epoch {cell.Epochs}");
        Assert.Equal(settings.Data.Count, cell.SpectralRadii.Length);

        var cellSettings = settings.Cell(settings.Networks[0], 0);
        Assert.Equal((3000L, 3000L), (cellSettings.StageEpochs, cellSettings.MinEpochs));
        Assert.True(cellSettings.StagePatience >= 3000, "a plateau must not end the fixed first stage");
    }

    [Fact]
    public void Cells_without_a_first_stage_keep_their_former_settings_json()
    {
        // Cell files are matched by the hash of this JSON: the new fields must not appear at their defaults.
        string json = ExperimentJson.Serialize(SpectraSettings.Quick.Cell(SpectraSettings.Quick.Networks[0], 0));
        Assert.DoesNotContain("stage_epochs", json);
        Assert.DoesNotContain("min_epochs", json);
        Assert.Contains("stage_patience", json);
    }
}
