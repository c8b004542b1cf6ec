// recovery on a tiny configuration (6 images, a small network, two sweeps, 10 probe inputs each):
// one point per (kind, level) with rates in [0, 1] and outcome counts that add up, a line plot per
// swept kind, probe counts that add up, a rerun reusing every cell; and the 32×32 padding.
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Experiments;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public sealed class TinyRecoveryRun : ExperimentRunFixture
{
    public static readonly RecoverySettings Tiny = new()
    {
        Examples = 6,
        Network = new() { Width = 64, Depth = 2, Activation = "selu", Rates = [1e-3, 1e-4, 1e-5], Patience = 500, MaxEpochs = 20_000 },
        Sweeps = [new("gaussian:0.1:clip", [0.1, 0.3, 0.6]), new("half:left", [0.5])],
        UniformProbes = 10, GaussianProbes = 10, HeldOutProbes = 10, MaxSteps = 1000,
    };

    public TinyRecoveryRun() : base(RecoveryExperiment.ResultFile) => Result = JsonDocument.Parse(ResultJson);

    public JsonDocument Result { get; }

    private protected override IExperiment Create() => new RecoveryExperiment(Tiny);

    public override void Dispose()
    {
        Result.Dispose();
        base.Dispose();
    }
}

public class RecoveryExperimentTests(TinyRecoveryRun run) : IClassFixture<TinyRecoveryRun>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-recovery-result", run.ResultJson);

    [Fact]
    public void There_is_one_point_per_kind_and_level_with_rates_in_0_1_and_counts_that_add_up()
    {
        var points = run.Result.RootElement.GetProperty("curves").GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(["gaussian 0.1", "gaussian 0.3", "gaussian 0.6", "half 0.5"],
            points.Select(p => FormattableString.Invariant($"{p.GetProperty("kind").GetString()} {p.GetProperty("level").GetDouble()}")));
        foreach (var p in points)
        {
            int inputs = p.GetProperty("inputs").GetInt32();
            Assert.Equal(6, inputs);
            foreach (string rate in new[] { "network_rate", "nearest_neighbour_rate", "hopfield_rate" })
                Assert.InRange(p.GetProperty(rate).GetDouble(), 0, 1);
            int sum = new[] { "network_recovered", "other_example", "spurious", "diverged", "not_converged" }.Sum(k => p.GetProperty(k).GetInt32());
            Assert.Equal(inputs, sum);
        }
    }

    [Fact]
    public void A_line_plot_with_four_series_is_written_per_swept_kind_and_the_table_has_a_row_per_point()
    {
        Assert.Contains("recovery-gaussian.svg", run.Record.Summary!.Files);
        Assert.DoesNotContain("recovery-half.svg", run.Record.Summary!.Files);
        var svg = System.Xml.Linq.XDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "recovery-gaussian.svg")));
        Assert.Equal(4, svg.Descendants().Count(e => (string?)e.Attribute("class") == "series"));
        var table = File.ReadAllLines(Path.Combine(run.Folder, RecoveryExperiment.TableFile));
        Assert.Equal(4, table.Count(l => l.StartsWith("| gaussian:", StringComparison.Ordinal) || l.StartsWith("| half:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_probe_input_is_counted_once()
    {
        var probes = run.Result.RootElement.GetProperty("probes").EnumerateArray().ToArray();
        Assert.Equal(["uniform", "gaussian variance 4", "fashion-mnist:test"], probes.Select(p => p.GetProperty("source").GetString()));
        foreach (var p in probes)
        {
            Assert.Equal(10, p.GetProperty("inputs").GetInt32());
            int sum = new[] { "recovered", "spurious_inputs", "diverged", "not_converged" }.Sum(k => p.GetProperty(k).GetInt32());
            Assert.Equal(10, sum);
            Assert.True(p.GetProperty("spurious_attractors").GetInt32() <= p.GetProperty("spurious_inputs").GetInt32());
        }
    }

    [Fact]
    public void Every_stored_image_has_a_certificate()
    {
        var certificates = run.Result.RootElement.GetProperty("certificates");
        Assert.Equal(6, certificates.GetProperty("spectral_radius").GetArrayLength());
        Assert.All(certificates.GetProperty("spectral_radius").EnumerateArray(), r => Assert.True(r.GetDouble() >= 0));
        Assert.True(run.Record.Summary!.Values.ContainsKey("attractors"));
    }

    [Fact]
    public void A_rerun_with_the_same_settings_reuses_every_cell()
    {
        var record = run.Run();
        Assert.Equal(4, record.Cells.Count);
        Assert.All(record.Cells, c => Assert.True(c.Reused, c.Key));
        Assert.Equal(run.Record.Summary!.Values, record.Summary!.Values);
    }

    [Fact]
    public void Padding_puts_the_28_by_28_image_in_the_middle_of_a_zero_32_by_32_frame()
    {
        var padded = RecoveryExperiment.Padded("fashion-mnist:test", 2);
        var original = BundledData.LoadImages("fashion-mnist:test", 2);
        for (int i = 0; i < 2; i++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    bool inside = x is >= 2 and < 30 && y is >= 2 and < 30;
                    float expected = inside ? original.Images[i, (y - 2) * 28 + x - 2] : 0f;
                    Assert.Equal(expected, padded[i, y * 32 + x]);
                }
    }
}
