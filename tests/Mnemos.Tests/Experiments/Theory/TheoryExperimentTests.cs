// The theory experiment's quick preset: every case solved, the solver within 1e-4 of RK4 on the
// flow and of the trained network, the corollary interpolating, the cycles' measured ρ at the formula
// max(|Πλᵢ|, |Πcᵢ|), the table and figures written.
using System.Xml.Linq;
using Mnemos.Experiments;
using Mnemos.Experiments.Theory;
using Mnemos.Kernels;

namespace Mnemos.Tests.Experiments.Theory;

public sealed class TheoryExperimentTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), $"mnemos-theory-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Quick_preset_solves_every_case_and_agrees_with_both_checks()
    {
        using var gemm = new ManagedGemm(1);
        var record = ExperimentRunner.Run(new TheoryExperiment(), new ExperimentContext(folder, ExperimentPreset.Quick, 0, 1, gemm));
        var summary = record.Summary!;
        Mnemos.Tests.Cli.JsonSchemas.AssertValid("experiment-theory-result", File.ReadAllText(Path.Combine(folder, "result.json")));
        Assert.Equal(4, summary.Values["cases"]);
        Assert.InRange(summary.Values["flow_gap"], 0, 1e-4);
        Assert.InRange(summary.Values["descent_gap"], 0, 1e-3); // lr 4e-3: gradient descent ends O(lr) from the flow

        var table = File.ReadAllLines(Path.Combine(folder, "theory.md"));
        Assert.Equal(4, table.Count(l => l.StartsWith("| sigmoid | 4 |") || l.StartsWith("| tanh | 4 |")));
        var corollary = table.Single(l => l.StartsWith("| sigmoid | 2."));
        Assert.Contains("0.0e0 |", corollary); // interpolates exactly
        Assert.Contains(table, l => l.StartsWith("| tanh | — |"));
        // Theorem 4, composed one-step networks: one non-zero eigenvalue, Πλᵢ, for every activation;
        // the tanh cycle attracts there (Πλᵢ < 1).
        var composed = table.SkipWhile(l => !l.StartsWith("Theorem 4")).TakeWhile(l => !l.StartsWith("Our extension")).ToArray();
        Assert.Equal(3, summary.Values["composed_cycles"]);
        Assert.InRange(summary.Values["composed_gap"], 0, 2e-2); // lr 4e-3 per step, three steps' product
        Assert.InRange(summary.Values["composed_second"], 0, 1e-9);
        Assert.EndsWith("| yes |", composed.Single(l => l.StartsWith("| tanh | 2 | 2 |")));
        // Our extension, one block network: tanh repels though Πλᵢ < 1; swish attracts; sigmoid (no formula) is measured only.
        var block = table.SkipWhile(l => !l.StartsWith("Our extension")).ToArray();
        Assert.Equal(3, summary.Values["cycles"]);
        Assert.InRange(summary.Values["cycle_gap"], 0, 1e-3); // lr 4e-3, as above
        Assert.Equal(2, summary.Values["cycles_attracting"]);
        Assert.EndsWith("| no |", block.Single(l => l.StartsWith("| tanh | 2 | 2 |")));
        Assert.EndsWith("| yes |", block.Single(l => l.StartsWith("| swish | 2 | 2 |")));
        Assert.Contains("| — (φ(0) ≠ 0) |", block.Single(l => l.StartsWith("| sigmoid | 2 | 2 |")));
        foreach (string svg in new[] { "lambda.svg", "agreement.svg" })
            Assert.Equal("svg", XDocument.Parse(File.ReadAllText(Path.Combine(folder, svg))).Root!.Name.LocalName);

        var again = ExperimentRunner.Run(new TheoryExperiment(), new ExperimentContext(folder, ExperimentPreset.Quick, 0, 1, gemm));
        Assert.Equal(summary.Values["descent_gap"], again.Summary!.Values["descent_gap"]);
    }
}
