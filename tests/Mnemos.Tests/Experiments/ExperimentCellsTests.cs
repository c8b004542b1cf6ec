// A run taken apart into its cells: the list computes nothing, one cell computes exactly that cell
// (and not again), the report computes nothing and names what is missing, and a report from cells
// computed one at a time writes the files of a single run byte for byte. (The same for a real
// experiment through a real Slurm: Cli/SlurmIntegrationTests.)
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Kernels.Reference;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public sealed class ExperimentCellsTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    // Three independent cells, each storing its key's length times the seed; the report writes their sum.
    sealed class Counting(bool hasCells = true) : IExperiment
    {
        public static readonly string[] Keys = ["alpha", "beta", "gamma"];

        public int Computed;

        public string Name => "counting";

        public string Description => "counts the cells it computes";

        public bool HasCells => hasCells;

        public string DescribePreset(ExperimentPreset preset) => ExperimentPresets.Name(preset);

        public ExperimentSummary Run(ExperimentContext context)
        {
            var results = new List<double[]>();
            foreach (string key in Keys)
            {
                double[] Compute()
                {
                    Interlocked.Increment(ref Computed);
                    return [key.Length * (double)(context.Seed + 1)];
                }
                results.Add(hasCells
                    ? context.Cell(key, key.Length * 10.0, () => context.Cells.GetOrCompute(key, new { key, context.Seed }, Compute))
                    : context.Cells.GetOrCompute(key, new { key, context.Seed }, Compute));
            }
            if (hasCells) context.CellsDone();
            double sum = results.Sum(r => r[0]);
            AtomicFile.WriteAllText(context.PathOf("sum.txt"), sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new ExperimentSummary([$"sum {sum}"], new Dictionary<string, double> { ["sum"] = sum }, ["sum.txt"]);
        }
    }

    ExperimentContext Context(string name, ulong seed = 0) => new(folder.File(name), ExperimentPreset.Quick, seed, threads: 1, ReferenceGemm.Instance);

    [Fact]
    public void The_list_names_the_cells_in_order_with_their_estimates_and_computes_nothing()
    {
        var experiment = new Counting();
        var cells = ExperimentRunner.Cells(experiment, Context("run"));
        Assert.Equal([new ExperimentCell(0, "alpha", 50), new ExperimentCell(1, "beta", 40), new ExperimentCell(2, "gamma", 50)], cells);
        Assert.Equal(0, experiment.Computed);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Fact]
    public void One_cell_computes_that_cell_only_and_a_second_time_reuses_it()
    {
        var experiment = new Counting();
        var cell = ExperimentRunner.Find(ExperimentRunner.Cells(experiment, Context("run")), "1");
        var first = ExperimentRunner.RunCell(experiment, Context("run"), cell);
        var second = ExperimentRunner.RunCell(experiment, Context("run"), cell);
        Assert.Equal(1, experiment.Computed);
        Assert.Equal(("finished", false, true), (first.Status, first.Cells.Single().Reused, second.Cells.Single().Reused));
        Assert.Equal(["beta.json"], Directory.GetFiles(folder.File("run/cells")).Select(Path.GetFileName));
        Assert.True(File.Exists(folder.File("run/runs/cell-beta.json")));
        Assert.False(File.Exists(folder.File("run/sum.txt")));
    }

    [Fact]
    public void A_cell_is_found_by_index_or_key_and_anything_else_is_named_with_the_range()
    {
        var cells = ExperimentRunner.Cells(new Counting(), Context("run"));
        Assert.Equal("gamma", ExperimentRunner.Find(cells, "2").Key);
        Assert.Equal(1, ExperimentRunner.Find(cells, "beta").Index);
        foreach (string bad in new[] { "3", "-1", "delta", "" })
            Assert.Equal($"cell '{bad}': expected an index 0 to 2 or a key such as alpha (--cells lists them)",
                Assert.Throws<ArgumentException>(() => ExperimentRunner.Find(cells, bad)).Message);
    }

    [Fact]
    public void The_report_computes_nothing_and_names_the_missing_cells_before_writing_results()
    {
        var experiment = new Counting();
        ExperimentRunner.RunCell(experiment, Context("run"), new ExperimentCell(1, "beta", 40));
        var error = Assert.Throws<MissingCellsException>(() => ExperimentRunner.Report(experiment, Context("run")));
        Assert.Equal("2 of 3 cells not finished: 0 alpha, 2 gamma", error.Message);
        Assert.Equal(1, experiment.Computed);
        Assert.False(File.Exists(folder.File("run/sum.txt")));
    }

    [Fact]
    public void A_report_from_cells_run_one_by_one_equals_a_single_run()
    {
        var single = new Counting();
        ExperimentRunner.Run(single, Context("single", seed: 4));
        var parts = new Counting();
        foreach (var cell in ExperimentRunner.Cells(parts, Context("parts", seed: 4)))
            ExperimentRunner.RunCell(parts, Context("parts", seed: 4), cell);
        var record = ExperimentRunner.Report(parts, Context("parts", seed: 4));
        Assert.Equal((3, 3), (single.Computed, parts.Computed));
        Assert.Equal("finished", record.Status);
        Assert.Equal(File.ReadAllBytes(folder.File("single/sum.txt")), File.ReadAllBytes(folder.File("parts/sum.txt")));
        Assert.Equal("70", File.ReadAllText(folder.File("parts/sum.txt")));
    }

    [Fact]
    public void An_experiment_without_cells_is_one_cell_that_runs_whole_and_reports_missing_as_a_whole()
    {
        var experiment = new Counting(hasCells: false);
        var cells = ExperimentRunner.Cells(experiment, Context("run"));
        Assert.Equal([new ExperimentCell(0, ExperimentRunner.WholeRun, null)], cells);
        Assert.Equal("1 of 1 cells not finished: 0 all", Assert.Throws<MissingCellsException>(() => ExperimentRunner.Report(experiment, Context("run"))).Message);
        Assert.Equal(0, experiment.Computed);
        ExperimentRunner.RunCell(experiment, Context("run"), cells[0]);
        Assert.Equal(3, experiment.Computed);
        Assert.True(File.Exists(folder.File("run/sum.txt")));
    }

    [Fact]
    public void A_key_met_twice_in_one_run_is_refused()
    {
        var context = Context("run");
        context.Cell("twice", null, () => 1);
        Assert.Equal("cell twice: declared twice in one run", Assert.Throws<InvalidOperationException>(() => context.Cell("twice", null, () => 2)).Message);
    }

    // Claims cells but stores one outside them.
    sealed class Leaky : IExperiment
    {
        public string Name => "leaky";

        public string Description => "stores a cell outside ExperimentContext.Cell";

        public bool HasCells => true;

        public string DescribePreset(ExperimentPreset preset) => ExperimentPresets.Name(preset);

        public ExperimentSummary Run(ExperimentContext context)
        {
            context.Cells.GetOrCompute("hidden", new { }, () => 1);
            context.CellsDone();
            return new ExperimentSummary([], new Dictionary<string, double>(), []);
        }
    }

    [Fact]
    public void Listing_an_experiment_that_stores_a_cell_outside_Cell_fails_naming_it_and_computes_nothing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExperimentRunner.Cells(new Leaky(), Context("run")));
        Assert.Equal("leaky stores cell hidden outside ExperimentContext.Cell, so its cells cannot be listed", error.Message);
        Assert.False(Directory.Exists(folder.File("run")));
    }
}
