// optimizer-activation and init-activation on tiny tables (seconds): every activation × column
// cell present, counts within [0, n], NA exactly where training stopped above the study's 1e-5
// (plain GD at the study's settings stays above it within the epoch cap here; Adam reaches 1e-8), a
// count short of the target carrying its MSE, probe counts adding up
// to the inputs, the three tables matching result.json, scripts/cells_table.cs --grid laying out
// the cell files as the run's own table, and a rerun reusing every cell.
using System.Globalization;
using System.Text.Json;
using Mnemos.Experiments.Sweeps;
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;
using Mnemos.Training.Optimizers;
using Mnemos.Training;

namespace Mnemos.Tests.Experiments.Sweeps;

public sealed class TinyOptimizerTable : ExperimentRunFixture
{
    /// <summary>The quick preset (GD and Adam × selu and cosid) with an epoch cap instead of a time limit deciding NA.</summary>
    public static readonly AttractorTableSettings Tiny = AttractorTableSettings.Quick(AttractorTableSettings.StudyOptimizers) with
    {
        MaxEpochs = 12_000, BudgetSeconds = 60, UniformProbes = 12, GaussianProbes = 12, ProbeSteps = 200,
    };

    public TinyOptimizerTable() : base(AttractorTable.ResultFile) =>
        Result = JsonSerializer.Deserialize<AttractorTableResult>(ResultJson, JsonConvention.Compact)!;

    public AttractorTableResult Result { get; }

    private protected override IExperiment Create() => new AttractorTable(AttractorTableKind.Optimizer, Tiny);
}

public class AttractorTableTests(TinyOptimizerTable run) : IClassFixture<TinyOptimizerTable>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-attractor-table-result", run.ResultJson);

    static readonly AttractorTableSettings S = TinyOptimizerTable.Tiny;

    [Fact]
    public void Every_activation_and_optimizer_has_one_cell_with_counts_within_zero_and_n()
    {
        Assert.Equal("finished", run.Record.Status);
        var expected = from a in S.Activations from c in S.Columns select AttractorTable.Key(a, c);
        Assert.Equal(expected.Order(), run.Record.Cells.Select(c => c.Key).Order());
        Assert.Equal(expected.Order(), run.Result.Cells.Select(c => $"{c.Activation}-{c.ColumnKey}").Order());
        foreach (var c in run.Result.Cells)
            if (c.Result.Stored is int n) Assert.InRange(n, 0, S.Data.Count);
    }

    [Fact]
    public void Cells_are_NA_exactly_where_training_stopped_above_the_not_converged_threshold()
    {
        Assert.Contains(run.Result.Cells, c => c.Result.Converged);
        Assert.Contains(run.Result.Cells, c => c.Result.DidNotConverge);
        foreach (var c in run.Result.Cells)
        {
            var r = c.Result;
            bool counted = r.FinalMse <= StudyProtocol.NotConvergedMse;
            Assert.Equal(r.Converged, r.FinalMse <= S.TargetMse);
            Assert.Equal(counted, r.Stored is not null);
            Assert.Equal(!counted, r.DidNotConverge);
            Assert.Equal(counted, r.Uniform is not null);
            Assert.Equal(counted, r.Gaussian is not null);
            Assert.Equal(counted && !r.Converged, r.MseNote is not null);
        }
    }

    [Fact]
    public void Probe_outcomes_add_up_to_the_inputs_and_distinct_spurious_attractors_to_at_most_the_inputs_reaching_them()
    {
        foreach (var c in run.Result.Cells.Where(c => c.Result.Converged))
            foreach (var (p, inputs) in new[] { (c.Result.Uniform!, S.UniformProbes), (c.Result.Gaussian!, S.GaussianProbes) })
            {
                Assert.Equal(inputs, p.Inputs);
                Assert.Equal(p.Inputs, p.Recovered + p.SpuriousInputs + p.Diverged + p.NotConverged);
                Assert.InRange(p.SpuriousAttractors, 0, p.SpuriousInputs);
                Assert.True(p.SpuriousInputs == 0 || p.SpuriousAttractors > 0, $"{p.SpuriousInputs} spurious inputs but no attractor");
            }
    }

    [Theory]
    [InlineData("attractors")]
    [InlineData("spurious-uniform")]
    [InlineData("spurious-gaussian")]
    public void Each_table_parses_and_matches_the_result(string name)
    {
        var table = MarkdownTable.Parse(File.ReadAllText(Path.Combine(run.Folder, name + ".md")));
        Assert.Equal(["activation \\ optimizer", .. S.Columns.Select(c => c.Label)], table.Header);
        Assert.Equal(S.Activations, table.Rows.Select(r => r[0]));
        Assert.True(File.Exists(Path.Combine(run.Folder, name + ".svg")));
        foreach (var c in run.Result.Cells)
        {
            int? value = name switch
            {
                "attractors" => c.Result.Stored,
                "spurious-uniform" => c.Result.Uniform?.SpuriousAttractors,
                _ => c.Result.Gaussian?.SpuriousAttractors,
            };
            string note = name == "attractors" && c.Result.MseNote is { } m ? $" ({m})" : "";
            Assert.Equal((value?.ToString(CultureInfo.InvariantCulture) ?? "NA") + note, table.At(c.Activation, c.Column));
        }
    }

    [Fact]
    public void A_rerun_reuses_every_cell()
    {
        var record = run.Run();
        Assert.Equal(S.Activations.Length * S.Columns.Length, record.Cells.Count);
        Assert.All(record.Cells, c => Assert.True(c.Reused, c.Key));
    }

    [Fact]
    public void The_cells_table_script_lays_out_the_finished_cells_as_the_run_s_own_table_and_marks_a_missing_one()
    {
        // The script reads the cell files; the experiment wrote attractors.md from its results in memory.
        using var copy = new TempDirectory();
        Directory.CreateDirectory(copy.File("cells"));
        File.Copy(Path.Combine(run.Folder, ExperimentRunner.RunFile), copy.File(ExperimentRunner.RunFile));
        var missing = run.Result.Cells[0];
        string missingKey = $"{missing.Activation}-{missing.ColumnKey}";
        foreach (string cell in Directory.GetFiles(Path.Combine(run.Folder, "cells"), "*.json").Where(f => Path.GetFileName(f) != missingKey + ".json"))
            File.Copy(cell, Path.Combine(copy.File("cells"), Path.GetFileName(cell)));
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Programs.OnPath("dotnet") ?? "dotnet";
        var (code, stdout, stderr) = Programs.Run(TimeSpan.FromMinutes(5), dotnet,
            "run", "-c", "Release", Path.Combine(Repository.Root, "scripts", "cells_table.cs"), "--", copy.File("cells"), "--grid");
        Assert.True(code == 0, $"exit {code}: {stderr}");

        var grid = MarkdownTable.Parse(stdout);
        var own = MarkdownTable.Parse(File.ReadAllText(Path.Combine(run.Folder, "attractors.md")));
        Assert.Equal(own.Header, grid.Header);
        Assert.Equal(own.Rows.Select(r => r[0]), grid.Rows.Select(r => r[0]));
        foreach (var c in run.Result.Cells)
        {
            string entry = grid.At(c.Activation, c.Column), expected = own.At(c.Activation, c.Column);
            if (c == missing) Assert.Equal("·", entry);
            else if (expected == "NA") Assert.Equal($"NA (MSE {c.Result.FinalMse.ToString("0.0E+0", CultureInfo.InvariantCulture)})", entry);
            else Assert.Equal(expected, entry);
        }
        Assert.Contains($"{run.Result.Cells.Length - 1} of {run.Result.Cells.Length} cells finished", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_study_columns_use_its_constant_rates_and_init_scales()
    {
        Assert.Equal(["GD", "GD+momentum", "GD+momentum+wd", "RMSprop", "Adam"], AttractorTableSettings.StudyOptimizers.Select(c => c.Label));
        var optimizers = AttractorTableSettings.StudyOptimizers.Select(c => OptimizerSettings.Parse(c.Optimizer))
            .Select(o => (o.Kind, o.LearningRate, o.Momentum, o.WeightDecay));
        Assert.Equal([(OptimizerKind.Sgd, 0.1, 0.0, 0.0), (OptimizerKind.Sgd, 0.1, 0.009, 0.0), (OptimizerKind.Sgd, 0.1, 0.009, 1e-4),
            (OptimizerKind.RmsProp, 1e-4, 0.0, 0.0), (OptimizerKind.Adam, 1e-4, 0.0, 0.0)], optimizers);
        Assert.Equal(["uniform:0.01", "uniform:0.02", "uniform:0.05", "uniform:0.1", "uniform:0.15"], AttractorTableSettings.StudyInits.Select(c => c.Init));
        Assert.All(AttractorTableSettings.StudyInits, c => Assert.StartsWith("adam lr=0.0001 ", c.Optimizer));
        var full = AttractorTableSettings.Full(AttractorTableSettings.StudyOptimizers);
        Assert.Equal((100, 256, 11), (full.Data.Count, full.Width, full.Depth));
        Assert.Equal(["relu", "leaky_relu", "selu", "swish", "cosid", "sinusoid"], full.Activations);
    }
}

public class InitTableTests
{
    [Fact]
    public void An_init_table_has_a_row_per_activation_and_a_column_per_bound()
    {
        using var folder = new TempDirectory();
        var settings = AttractorTableSettings.Quick(AttractorTableSettings.StudyInits) with { Activations = ["selu"], MaxEpochs = 6000, BudgetSeconds = 60, UniformProbes = 4, GaussianProbes = 4, ProbeSteps = 100 };
        using var gemm = new ManagedGemm(1);
        var record = ExperimentRunner.Run(new AttractorTable(AttractorTableKind.Init, settings), new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm));
        Assert.Equal(["selu-a0.01", "selu-a0.15"], record.Cells.Select(c => c.Key));
        var table = MarkdownTable.Parse(File.ReadAllText(folder.File("attractors.md")));
        Assert.Equal(["activation \\ init", "U[-0.01, 0.01]", "U[-0.15, 0.15]"], table.Header);
        string json = File.ReadAllText(folder.File(AttractorTable.ResultFile));
        JsonSchemas.AssertValid("experiment-attractor-table-result", json);
        var result = JsonSerializer.Deserialize<AttractorTableResult>(json, JsonConvention.Compact)!;
        foreach (var c in result.Cells)
            Assert.Equal((c.Result.Stored?.ToString(CultureInfo.InvariantCulture) ?? "NA") + (c.Result.MseNote is { } m ? $" ({m})" : ""), table.At("selu", c.Column));
    }
}
