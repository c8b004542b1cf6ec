// basins-2d on a tiny configuration (seconds): every grid cell accounted for, each attracting
// stored point inside its own basin, Voronoi labels against brute force, a rerun reusing cells.
using System.Text.Json;
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public sealed class TinyBasinsRun : ExperimentRunFixture
{
    /// <summary>Small enough for a test: two cycles, a 12×12 grid, short iteration.</summary>
    public static readonly Basins2dSettings Tiny = new()
    {
        Width = 64, Depth = 3, LearningRate = 1e-3, CycleCount = 2, GridSize = 12, FieldSize = 5, MaxSteps = 1500, MaxEpochs = 20_000,
    };

    public TinyBasinsRun() : base(Basins2d.ResultFile) => Result = System.Text.Json.JsonDocument.Parse(ResultJson);

    public IReadOnlyList<CellRecord> Cells => Record.Cells;
    public System.Text.Json.JsonDocument Result { get; }

    public BasinMap Map(string kind) => Result.RootElement.GetProperty(kind).Deserialize<BasinMap>(JsonConvention.Compact)!;

    private protected override IExperiment Create() => new Basins2d(Tiny);

    public override void Dispose()
    {
        Result.Dispose();
        base.Dispose();
    }
}

public class Basins2dTests(TinyBasinsRun run) : IClassFixture<TinyBasinsRun>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-basins-2d-result", run.ResultJson);

    [Theory]
    [InlineData("autoencoder")]
    [InlineData("sequence")]
    public void Every_grid_cell_is_accounted_for(string kind)
    {
        var map = run.Map(kind);
        Assert.Equal(map.Grid.Count, map.Labels.Length);
        Assert.Equal(map.Grid.Count, map.Counts.Values.Sum());
        Assert.All(map.Labels, label => Assert.True(label >= BasinLabel.NotConverged && label < map.UnitCount, $"label {label}"));
        foreach (var (name, count) in map.Counts)
            Assert.Equal(count, map.Labels.Count(l => map.LabelName(l) == name));
        double disagreement = map.Labels.Where((l, i) => l != map.VoronoiLabels[i]).Count() / (double)map.Labels.Length;
        Assert.Equal(disagreement, map.VoronoiDisagreement, 12);
    }

    [Theory]
    [InlineData("autoencoder")]
    [InlineData("sequence")]
    public void Each_certified_attractor_lies_inside_its_own_basin(string kind)
    {
        var map = run.Map(kind);
        Assert.True(map.Training.StopReason == "converged", $"training {map.Training.StopReason} at MSE {map.Training.FinalMse}");
        var attractors = map.Certificates.Where(c => c.Verdict == "attractor" && c.Located).ToArray();
        Assert.NotEmpty(attractors);
        foreach (var c in attractors)
            Assert.True(map.OwnCellLabels[c.Unit] == c.Unit, $"{kind} unit {c.Unit} (ρ {c.SpectralRadius}) has its own cell labelled {map.OwnCellLabels[c.Unit]}");
    }

    [Fact]
    public void Voronoi_labels_are_the_nearest_stored_point_by_brute_force()
    {
        var map = run.Map("autoencoder");
        for (int r = 0; r < map.Grid.Rows; r++)
            for (int c = 0; c < map.Grid.Columns; c++)
            {
                var (x, y) = map.Grid.Center(c, r);
                var d = map.Points.Select(p => Math.Sqrt((p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y))).ToArray();
                Assert.True(d[map.VoronoiLabels[r * map.Grid.Columns + c]] <= d.Min() + 1e-9);
            }
    }

    [Fact]
    public void The_run_records_settings_seed_version_and_cell_timings_and_writes_both_figures()
    {
        Assert.Equal("finished", run.Record.Status);
        Assert.Equal(0UL, run.Record.Seed);
        Assert.Equal(4, run.Cells.Count);
        Assert.All(run.Cells, c => Assert.False(c.Reused));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, ExperimentRunner.RunFile)));
        var root = json.RootElement;
        Assert.Equal("basins-2d", root.GetProperty("experiment").GetString());
        Assert.Equal(64, root.GetProperty("settings").GetProperty("width").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("software").GetProperty("version").GetString()));
        Assert.Equal(4, root.GetProperty("cells").GetArrayLength());
        var png = Mnemos.Imaging.Png.Read(Path.Combine(run.Folder, "autoencoder-basins.png"));
        Assert.Equal((396, 396), (png.Width, png.Height)); // 12 cells × 33 pixels
    }

    [Fact]
    public void A_rerun_with_the_same_settings_reuses_every_cell_and_gives_the_same_labels()
    {
        var before = run.Map("autoencoder").Labels;
        var record = run.Run();
        Assert.All(record.Cells, c => Assert.True(c.Reused, c.Key));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, Basins2d.ResultFile)));
        Assert.Equal(before, json.RootElement.GetProperty("autoencoder").GetProperty("labels").Deserialize<int[]>());
    }

    [Fact]
    public void Figure_data_puts_one_raster_id_per_cell_a_star_per_point_and_an_arrow_per_field_cell()
    {
        var map = run.Map("sequence");
        var figure = BasinFigures.FigureData(map);
        Assert.Equal(map.Grid.Count, figure.RasterIds.Length);
        Assert.All(figure.RasterIds, id => Assert.InRange(id, 0, figure.Categories.Count - 1));
        Assert.Equal(map.Points.Length, figure.Stars.Length);
        Assert.Equal(map.FieldGrid.Count, figure.Arrows.Length);
        Assert.Equal(map.Points.Length, figure.CycleEdges.Length);
        Assert.NotEmpty(figure.Voronoi);
    }

    [Theory]
    [InlineData("autoencoder")]
    [InlineData("sequence")]
    public void The_svg_figure_has_the_raster_a_star_per_point_an_arrow_per_field_cell_and_the_edges(string kind)
    {
        var map = run.Map(kind);
        var figure = BasinFigures.FigureData(map);
        var svg = System.Xml.Linq.XDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, $"{kind}-basins.svg")));
        var elements = svg.Descendants().ToArray();
        string Class(System.Xml.Linq.XElement e) => (string?)e.Attribute("class") ?? "";
        Assert.Single(elements, e => Class(e) == "raster");
        Assert.Equal(map.Points.Length, elements.Count(e => Class(e) == "star"));
        int drawableArrows = figure.Arrows.Count(a => a.X1 != a.X0 || a.Y1 != a.Y0);
        Assert.Equal(drawableArrows, elements.Count(e => Class(e) == "arrow"));
        Assert.Equal(figure.Voronoi.Length + figure.CycleEdges.Length, elements.Count(e => Class(e) == "segment"));
        Assert.Equal(kind == "sequence", figure.CycleEdges.Length > 0);
    }

    [Fact]
    public void Svg_legend_keeps_every_stored_unit_and_only_the_other_outcomes_that_occur()
    {
        var grid = new PlaneGrid(0, 1, 0, 1, 2, 2);
        var categories = new[] { "point_0", "point_1", "spurious_fixed_point", "spurious_cycle", "diverged", "not_converged" };
        var figure = new BasinFigure("t", grid, [0, 0, 4, 0], categories, [[0.2f, 0.2f], [0.8f, 0.8f]], [0, 1], [], 0, [], []);
        var (ids, names) = BasinSvg.UsedClasses(figure);
        Assert.Equal(["point_0", "point_1", "diverged"], names);
        Assert.Equal([0, 0, 2, 0], ids);
    }
}
