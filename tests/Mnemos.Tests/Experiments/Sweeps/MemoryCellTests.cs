// The study's "did not converge" rule on one tiny cell: a run stopped at its epoch cap short of the
// target is counted when its loss is at or below the threshold (with its MSE noted) and NA above it.
using Mnemos.Experiments;
using Mnemos.Experiments.Sweeps;
using Mnemos.Kernels;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Experiments.Sweeps;

public class MemoryCellTests
{
    // 4 images at 7×7 in a 1 × 16 network for 300 epochs: far from the 1e-12 target, well below MSE 1.
    static readonly MemoryCellSettings Short = new()
    {
        Data = new SweepData(SweepData.FashionMnist, 4, 7), Width = 16, Depth = 1, Optimizer = "adam lr=0.001",
        TargetMse = 1e-12, MaxEpochs = 300, BudgetSeconds = 60,
    };

    static MemoryCellResult Compute(MemoryCellSettings settings)
    {
        using var folder = new TempDirectory();
        using var gemm = new ManagedGemm(1);
        var context = new ExperimentContext(folder.Path, ExperimentPreset.Quick, seed: 0, threads: 1, gemm);
        return MemoryCell.Compute(context, settings, settings.Data.Load(), "cell");
    }

    [Fact]
    public void A_run_stopped_below_the_threshold_is_counted_with_its_mse()
    {
        var r = Compute(Short with { NotConvergedMse = 1 });
        Assert.Equal(("max_epochs", 300L), (r.StopReason, r.Epochs));
        Assert.InRange(r.FinalMse, 1e-12, 1);
        Assert.NotNull(r.Stored);
        Assert.False(r.DidNotConverge);
        Assert.Equal(r.Units, r.SpectralRadii.Length);
        Assert.Equal(FormattableString.Invariant($"MSE {r.FinalMse:0.0E+0}"), r.MseNote);
    }

    [Fact]
    public void A_run_stopped_above_the_threshold_did_not_converge()
    {
        var r = Compute(Short with { NotConvergedMse = 1e-12 });
        Assert.Equal("max_epochs", r.StopReason);
        Assert.Null(r.Stored);
        Assert.True(r.DidNotConverge);
        Assert.Null(r.MseNote);
        Assert.Empty(r.SpectralRadii);
    }

    [Fact]
    public void The_default_threshold_is_the_studys_and_may_not_be_below_the_target()
    {
        Assert.Equal(1e-5, new MemoryCellSettings { Data = Short.Data, Width = 4, Depth = 1 }.NotConvergedMse);
        var e = Assert.Throws<ArgumentException>(() => (Short with { NotConvergedMse = 1e-13 }).Validate());
        Assert.Contains("1E-13", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(StudyProtocol.DidNotConverge(double.NaN));
        Assert.False(StudyProtocol.DidNotConverge(1e-5));
    }

    [Fact]
    public void A_cell_is_estimated_at_its_budget_or_without_one_at_its_epoch_caps_compute()
    {
        Assert.Equal(60, Short.EstimatedSeconds());
        // Fig. 5's 128 × 31 autoencoder on 100 images of 784: 784·128 + 128 + 30·(128² + 128) + 128·784 + 784
        // = 696,976 parameters; 6 FLOPs per parameter, row and epoch for 1,000,000 epochs at 5e10 FLOP/s.
        var study = new MemoryCellSettings
        {
            Data = new SweepData(SweepData.FashionMnist, 100, 28), Width = 128, Depth = 31, MaxEpochs = 1_000_000,
            BudgetSeconds = StudyScale.NoTimeLimitSeconds,
        };
        Assert.Equal(6.0 * 696_976 * 100 * 1_000_000 / 5e10, study.EstimatedSeconds(), 1e-9);
    }
}
