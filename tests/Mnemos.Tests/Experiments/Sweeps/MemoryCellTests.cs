// The study's "did not converge" rule on one tiny cell: a run stopped at its epoch cap short of the
// target is counted when its loss is at or below the threshold (with its MSE noted) and NA above it.
// A cell without a time limit stopped mid-training resumes from its checkpoint to the result of an
// uninterrupted run.
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

    // Short without a time limit, long enough (60,000 epochs of a tiny network, seconds) to be cut off.
    static readonly MemoryCellSettings Study = Short with { BudgetSeconds = StudyScale.NoTimeLimitSeconds, MaxEpochs = 60_000, NotConvergedMse = 1 };

    [Fact]
    public void Only_a_constant_rate_cell_without_a_time_limit_is_resumable()
    {
        Assert.True(Study.Resumable);
        Assert.False(Short.Resumable);
        Assert.False((Study with { StageRates = [1e-3, 1e-4] }).Resumable);
        // About five minutes at the estimate's rate: 300 s · epochs / estimated seconds, at least 100.
        Assert.Equal((int)(300 / (Study.EstimatedSeconds() / Study.MaxEpochs)), Study.CheckpointEpochs);
    }

    [Fact]
    public void A_cell_stopped_mid_training_resumes_from_its_checkpoint_to_the_uninterrupted_result()
    {
        using var folder = new TempDirectory();
        using var gemm = new ManagedGemm(1);
        var data = Study.Data.Load();
        var whole = MemoryCell.Compute(new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm), Study, data, "cell");

        string checkpoint = Path.Combine(folder.Path, "cell.checkpoint.safetensors");
        using (var stop = new CancellationTokenSource())
        {
            // Stop the run as soon as its first periodic checkpoint (epoch 1,000) is on disk.
            var watcher = new Thread(() => { while (!File.Exists(checkpoint)) Thread.Sleep(1); stop.Cancel(); });
            watcher.Start();
            var cut = new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm, cancellation: stop.Token);
            Assert.ThrowsAny<OperationCanceledException>(() => MemoryCell.Compute(cut, Study, data, "cell", checkpoint, checkpointEvery: 1000));
            watcher.Join();
        }
        long stoppedAt = CheckpointFile.Load(checkpoint).State.Epoch;
        Assert.InRange(stoppedAt, 1000, whole.Epochs - 1);

        var messages = new List<string>();
        var resumed = MemoryCell.Compute(new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm, new SyncProgress(messages)),
            Study, data, "cell", checkpoint, checkpointEvery: 1000);
        Assert.Contains(messages, m => m == $"cell: resumed from its checkpoint at epoch {stoppedAt}");
        Assert.Equal(whole with { TrainingSeconds = 0 }, resumed with { TrainingSeconds = 0 }, ResultComparer.Instance);
    }

    [Fact]
    public void A_checkpoint_of_another_network_or_a_damaged_one_is_refused_saying_what_to_do()
    {
        using var folder = new TempDirectory();
        using var gemm = new ManagedGemm(1);
        var context = new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm);
        string checkpoint = Path.Combine(folder.Path, "cell.checkpoint.safetensors");
        var wider = Study with { Width = 8, MaxEpochs = 200 };
        using (var stop = new CancellationTokenSource())
        {
            stop.Cancel();
            var cut = new ExperimentContext(folder.Path, ExperimentPreset.Quick, 0, 1, gemm, cancellation: stop.Token);
            Assert.ThrowsAny<OperationCanceledException>(() => MemoryCell.Compute(cut, wider, wider.Data.Load(), "cell", checkpoint));
        }
        var e = Assert.Throws<InvalidDataException>(() => MemoryCell.Compute(context, Study, Study.Data.Load(), "cell", checkpoint));
        Assert.Contains("Width = 8", e.Message, StringComparison.Ordinal);
        Assert.Contains("Width = 16", e.Message, StringComparison.Ordinal);
        Assert.Contains("delete it to start the cell over", e.Message, StringComparison.Ordinal);

        File.WriteAllText(checkpoint, "not a checkpoint");
        var damaged = Assert.Throws<InvalidDataException>(() => MemoryCell.Compute(context, Study, Study.Data.Load(), "cell", checkpoint));
        Assert.Contains("checkpoint of cell cell; delete it", damaged.Message, StringComparison.Ordinal);
    }

    sealed class SyncProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }

    // Records compare arrays by reference; compare the fields, arrays by content.
    sealed class ResultComparer : IEqualityComparer<MemoryCellResult>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(MemoryCellResult? a, MemoryCellResult? b) =>
            a is not null && b is not null
            && System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

        public int GetHashCode(MemoryCellResult r) => 0;
    }
}
