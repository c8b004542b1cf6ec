// The unet experiments at a tiny scale: they train, run the store pipeline and recall, and what they
// write agrees with itself: statuses with certificates, the saved memory with the recorded ρ, the
// report and the figure with the outcome; noisy copies change training.
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Experiments;
using Mnemos.Imaging;
using Mnemos.Kernels;
using Mnemos.Reports;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public class UNetExperimentTests
{
    static readonly UNetSettings Tiny = new(1, 1, 4, Activation.Relu, 1e-3, 40, 1e-8, 0, 0.05, 5);

    // One image, 300 epochs with one noisy copy of σ 0.1: the consolidated variant at a size a test affords.
    static readonly UNetSettings TinyConsolidated = Tiny with { MaxEpochs = 300, RecallSteps = 50, NoisyCopies = 1, NoisySigma = 0.1 };

    sealed record Run(string Folder, ExperimentSummary Summary, UNetOutcome Outcome);

    static Run Execute(TempDirectory folder, UNetSettings settings, bool consolidated)
    {
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var context = new ExperimentContext(folder.Path, ExperimentPreset.Quick, seed: 2, threads: 1, gemm);
        var summary = new UNetExperiment(settings, consolidated).Run(context);
        string json = File.ReadAllText(Path.Combine(folder.Path, UNetExperiment.ResultFile));
        JsonSchemas.AssertValid("experiment-unet-result", json);
        return new Run(folder.Path, summary, JsonSerializer.Deserialize<UNetOutcome>(json, ExperimentJson.Indented)!);
    }

    [Fact]
    public void Tiny_run_trains_stores_and_reports_consistently()
    {
        using var folder = new TempDirectory();
        var (path, summary, outcome) = Execute(folder, Tiny, consolidated: false);

        Assert.Equal(40, outcome.Epochs);
        Assert.Equal(outcome.FinalMse, summary.Values["final_mse"]);
        Assert.StartsWith("trained 40 epochs (max_epochs) to MSE", summary.Lines[0]);
        AssertConsistent(outcome, summary);
        Assert.StartsWith("arnoldi on J (3072×3072)", outcome.Method[0]);

        // The saved memory is the trained one at the located x̂: certifying it again gives the recorded ρ.
        var (memory, _) = MemoryFile.Load(Path.Combine(path, UNetExperiment.ModelFile));
        Assert.Equal(BundledData.LoadImages("patches:32", 1).Images.Data, memory.Examples.Data);
        Assert.Equal(outcome.Offset[0], Math.Sqrt(VectorOps.SumSquaredDifference(memory.Anchors.Row(0), memory.Examples.Row(0))), 1e-6);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var again = memory.Map.Certifier(new CertifyOptions { TopCount = 3 })(gemm, [memory.Anchors.Row(0).ToArray()]);
        Assert.Equal(outcome.SpectralRadius[0], again.SpectralRadius, 1e-9);
        Assert.Equal(outcome.FixedPointResidual[0], again.FixedPointResidual, 1e-9);

        AssertReportAndFigure(path, outcome, 1);
    }

    [Fact]
    public void Tiny_consolidated_run_trains_the_noisy_copies_and_reports_consistently()
    {
        using var plainFolder = new TempDirectory();
        using var folder = new TempDirectory();
        var plain = Execute(plainFolder, TinyConsolidated with { NoisyCopies = 0 }, consolidated: false);
        var (path, summary, outcome) = Execute(folder, TinyConsolidated, consolidated: true);

        Assert.Equal(300, outcome.Epochs);
        // Same seed, epochs and images: only the copies differ, and they change what is learnt.
        Assert.NotEqual(plain.Outcome.FinalMse, outcome.FinalMse);
        Assert.Contains("1 noisy copy of σ 0.1 per image", new UNetExperiment(TinyConsolidated, consolidated: true).DescribePreset(ExperimentPreset.Quick));
        AssertConsistent(outcome, summary);
        AssertReportAndFigure(path, outcome, 1);
    }

    [Fact]
    public void The_consolidated_variant_has_quick_only_with_one_copy_of_sigma_0_1()
    {
        var experiment = new UNetExperiment(consolidated: true);
        Assert.Equal("unet-consolidated", experiment.Name);
        Assert.Equal([ExperimentPreset.Quick], experiment.Presets);
        var s = experiment.SettingsFor(ExperimentPreset.Quick);
        Assert.Equal((1, 0.1), (s.NoisyCopies, s.NoisySigma));
        Assert.Equal(UNetSettings.For(ExperimentPreset.Quick) with { NoisyCopies = 1, MaxEpochs = s.MaxEpochs, TimeBudgetSeconds = 0 }, s);
        Assert.Equal(0, new UNetExperiment().SettingsFor(ExperimentPreset.Quick).NoisyCopies);
    }

    // Each status follows from its certificate unless the image is not stored; recall ends on x̂ᵢ only
    // when the image is stored; the summary counts what the outcome says.
    static void AssertConsistent(UNetOutcome o, ExperimentSummary summary)
    {
        for (int i = 0; i < o.Status.Length; i++)
        {
            if (o.Status[i] == "not_stored") Assert.NotEqual("", o.StatusReason[i]);
            else Assert.Equal(o.Verdict[i] switch { "attractor" => "stored_attractor", "not_attractor" => "stored_not_attractor", _ => "undecided" }, o.Status[i]);
            Assert.Equal(o.Recalled[i], o.RecallOutcome[i] == "stored_example" && o.Status[i] != "not_stored");
            Assert.InRange(o.RecallSteps[i], 1, 5000);
        }
        Assert.Equal(o.Status.Count(k => k == "stored_attractor"), (int)summary.Values["attractors"]);
        Assert.Equal(o.Recalled.Count(r => r), (int)summary.Values["recalled"]);
    }

    static void AssertReportAndFigure(string path, UNetOutcome o, int images)
    {
        string report = File.ReadAllText(Path.Combine(path, UNetExperiment.ReportFile));
        Assert.Contains($"![stored | noisy input | recall end]({UNetExperiment.FigureFile})", report);
        for (int i = 0; i < images; i++)
            Assert.Contains(FormattableString.Invariant($"| {i} | {o.SpectralRadius[i]:F4} ± "), report);

        // 3 cells of 32×32 at 3× with 2 px gaps, a header band, a row-label band and a mark band.
        var png = Png.Read(Path.Combine(path, UNetExperiment.FigureFile));
        int gridWidth = 2 + 3 * (96 + 2), gridHeight = 2 + images * (96 + 2);
        Assert.Equal(GridLabels.HeaderHeight + gridHeight, png.Height);
        int left = png.Width - gridWidth - GridLabels.MarkWidth;
        Assert.True(left >= 0, $"figure {png.Width} px wide, grid alone {gridWidth}");
        // The stored cell of row 0 shows image 0: its first pixel, quantized.
        var image = BundledData.LoadImages("patches:32", 1).Images.Row(0);
        for (int k = 0; k < 3; k++)
            Assert.Equal(Image.ToByte(image[k]), Image.ToByte(png[left + 2, GridLabels.HeaderHeight + 2, k]));
    }
}
