// capacity-sweep on a tiny grid (seconds): every (task, width, depth) cell present, counts within
// [0, n], a certified cycle counting all its images, NA exactly where training stopped short of
// the target (an epoch cap that some cells beat and others do not), tables and heatmaps matching
// result.json, and a rerun reusing every cell.
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments.Sweeps;
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Tests.Reports;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Experiments.Sweeps;

public sealed class TinyCapacitySweep : ExperimentRunFixture
{
    /// <summary>
    /// 8 images at 7×7; cells need roughly 600–2,100 epochs here, so a cap of 1,300 epochs leaves some
    /// cells short of the target. The time budget is far above what 1,300 epochs take, so the cap decides.
    /// </summary>
    public static readonly CapacitySweepSettings Tiny = CapacitySweepSettings.Quick with { MaxEpochs = 1300, BudgetSeconds = 60 };

    public TinyCapacitySweep() : base(CapacitySweep.ResultFile) =>
        Result = JsonSerializer.Deserialize<CapacitySweepResult>(ResultJson, JsonConvention.Compact)!;

    public CapacitySweepResult Result { get; }

    private protected override IExperiment Create() => new CapacitySweep(Tiny);
}

public class CapacitySweepTests(TinyCapacitySweep run) : IClassFixture<TinyCapacitySweep>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-capacity-sweep-result", run.ResultJson);

    static readonly CapacitySweepSettings S = TinyCapacitySweep.Tiny;

    [Fact]
    public void Every_task_width_and_depth_has_one_cell_with_counts_within_zero_and_n()
    {
        Assert.Equal("finished", run.Record.Status);
        Assert.Equal(S.Data.Count, run.Result.Images);
        var expected = from l in S.CycleLengths from d in S.Depths from w in S.Widths select (l, w, d);
        Assert.Equal(expected.Order(), run.Result.Cells.Select(c => (c.CycleLength, c.Width, c.Depth)).Order());
        Assert.Equal(expected.Select(x => CapacitySweep.Key(x.l, x.w, x.d)).Order(), run.Record.Cells.Select(c => c.Key).Order());
        foreach (var c in run.Result.Cells)
        {
            var r = c.Result;
            if (r.Stored is int n) Assert.InRange(n, 0, S.Data.Count);
            Assert.Equal(c.CycleLength == 0 ? S.Data.Count : S.Data.Count / c.CycleLength, r.Units);
            Assert.InRange(r.Attractors, 0, r.Located);
            Assert.InRange(r.Located, 0, r.Units);
        }
    }

    [Fact]
    public void A_certified_cycle_counts_all_its_images_and_a_fixed_point_counts_one()
    {
        foreach (var c in run.Result.Cells.Where(c => c.Result.Stored is not null))
            Assert.Equal(c.Result.Attractors * Math.Max(1, c.CycleLength), c.Result.Stored);
    }

    [Fact]
    public void Cells_are_NA_exactly_where_training_stopped_above_the_not_converged_threshold()
    {
        var cells = run.Result.Cells;
        Assert.Contains(cells, c => c.Result.Converged);
        Assert.Contains(cells, c => !c.Result.Converged);
        foreach (var c in cells)
        {
            bool counted = c.Result.FinalMse <= StudyProtocol.NotConvergedMse;
            Assert.Equal(counted, c.Result.Stored is not null);
            Assert.Equal(c.Result.Converged, c.Result.FinalMse <= S.TargetMse);
            if (!c.Result.Converged) Assert.Equal(("max_epochs", S.MaxEpochs), (c.Result.StopReason, c.Result.Epochs));
            Assert.Equal(counted ? c.Result.Units : 0, c.Result.SpectralRadii.Length);
            Assert.Equal(counted && !c.Result.Converged, c.Result.MseNote is not null);
        }
    }

    [Fact]
    public void Each_task_has_a_markdown_table_and_a_heatmap_matching_the_result()
    {
        foreach (int l in S.CycleLengths)
        {
            string name = CapacitySweepSettings.TaskName(l);
            var table = MarkdownTable.Parse(File.ReadAllText(Path.Combine(run.Folder, name + ".md")));
            Assert.Equal(["depth \\ width", .. S.Widths.Select(w => w.ToString(CultureInfo.InvariantCulture))], table.Header);
            Assert.Equal(S.Depths.Select(d => d.ToString(CultureInfo.InvariantCulture)), table.Rows.Select(r => r[0]));
            var svg = new SvgDocument(File.ReadAllText(Path.Combine(run.Folder, name + ".svg")));
            Assert.Equal(S.Widths.Length * S.Depths.Length, svg.ByClass("rect", "cell").Count());
            var texts = svg.InGroup("celltext", "text").Select(t => t.Value).ToArray();
            int i = 0;
            foreach (int d in S.Depths)
                foreach (int w in S.Widths)
                {
                    var stored = run.Result.Cells.Single(c => c.CycleLength == l && c.Width == w && c.Depth == d).Result.Stored;
                    var result = run.Result.Cells.Single(c => c.CycleLength == l && c.Width == w && c.Depth == d).Result;
                    string expected = stored?.ToString(CultureInfo.InvariantCulture) ?? "NA";
                    string note = result.MseNote is { } m ? $" ({m})" : "";
                    Assert.Equal(expected + note, table.At(d.ToString(CultureInfo.InvariantCulture), w.ToString(CultureInfo.InvariantCulture)));
                    Assert.Equal(expected, texts[i++]);
                }
        }
    }

    [Fact]
    public void A_rerun_reuses_every_cell_and_writes_the_same_tables()
    {
        string before = File.ReadAllText(Path.Combine(run.Folder, "autoencode.md"));
        var record = run.Run();
        Assert.Equal(S.CycleLengths.Length * S.Widths.Length * S.Depths.Length, record.Cells.Count);
        Assert.All(record.Cells, c => Assert.True(c.Reused, c.Key));
        Assert.Equal(before, File.ReadAllText(Path.Combine(run.Folder, "autoencode.md")));
    }

    [Fact]
    public void Presets_name_the_substitute_data_and_the_full_grid_is_the_studys()
    {
        var full = CapacitySweepSettings.Full;
        Assert.Equal([128, 256, 512], full.Widths);
        Assert.Equal([1, 6, 11, 16, 21, 26, 31], full.Depths);
        Assert.Equal([0, 5, 10, 20, 100], full.CycleLengths);
        Assert.Equal((100, 28), (full.Data.Count, full.Data.Side));
        var sweep = new CapacitySweep();
        Assert.Equal([ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full, ExperimentPreset.Study], sweep.Presets);
        Assert.Contains("Fashion-MNIST instead of MNIST (not bundled); study protocol", sweep.DescribePreset(ExperimentPreset.Study));
        Assert.Contains("Fashion-MNIST (MNIST is not bundled)", sweep.DescribePreset(ExperimentPreset.Full));
        Assert.Contains("40 fashion-mnist:train images at 14×14", sweep.DescribePreset(ExperimentPreset.Reduced));
    }
}
