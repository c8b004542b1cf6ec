// Each experiment's study preset checked against the study's protocol without running it: the
// optimizers' settings (GD family lr 0.1, momentum 0.009, weight decay 1e-4; RMSprop and Adam 1e-4),
// constant rates, the 1,000,000-epoch cap, the 1e-8 target, the 1e-5 "did not converge" threshold
// and no time limit; and --list stating the scale.
using Mnemos.Experiments;
using Mnemos.Experiments.Sweeps;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Experiments;

public class StudyPresetTests
{
    static void AssertStudyCell(MemoryCellSettings cell)
    {
        var o = OptimizerSettings.Parse(cell.Optimizer);
        Assert.Equal(o.Kind == OptimizerKind.Sgd ? 0.1 : 1e-4, o.LearningRate);
        if (o.Kind == OptimizerKind.Sgd)
        {
            Assert.Contains(o.Momentum, new[] { 0.0, 0.009 });
            Assert.Contains(o.WeightDecay, new[] { 0.0, 1e-4 });
            if (o.WeightDecay > 0) Assert.Equal(0.009, o.Momentum);
        }
        else Assert.Equal((0.0, 0.0), (o.Momentum, o.WeightDecay));
        Assert.Null(cell.StageRates);
        Assert.Null(cell.StageEpochs);
        Assert.Equal(0, cell.MinEpochs);
        Assert.Equal(1_000_000, cell.MaxEpochs);
        Assert.Equal(1e-8, cell.TargetMse);
        Assert.Equal(1e-5, cell.NotConvergedMse);
        Assert.True(cell.BudgetSeconds >= 3600.0 * 24 * 365, $"budget {cell.BudgetSeconds} s is a time limit");
        cell.Validate();
    }

    static void AssertStudyNetwork(NetworkSettings network, double targetMse = 1e-8)
    {
        Assert.Equal([1e-4], network.Rates);
        Assert.Null(network.StageEpochs);
        Assert.Equal(1_000_000, network.MaxEpochs);
        Assert.Equal(targetMse, network.TargetMse);
    }

    [Fact]
    public void Every_experiment_but_theory_and_unet_consolidated_has_a_study_preset_whose_listing_states_its_scale()
    {
        // unet-consolidated trains noisy copies, which the study does not: it has no study protocol to follow.
        foreach (var e in ExperimentRegistry.All.Where(e => e.Name is not ("theory" or "unet-consolidated")))
        {
            Assert.Contains(ExperimentPreset.Study, e.Presets);
            string text = e.DescribePreset(ExperimentPreset.Study);
            Assert.Contains("study protocol (constant rates, ≤ 1,000,000 epochs, no time limit)", text);
            Assert.Matches(@"up to ~[0-9.,]+ core-hours", text);
        }
        Assert.Equal(ExperimentPreset.Study, ExperimentPresets.Parse("study"));
    }

    [Fact]
    public void The_optimizer_table_trains_the_studys_five_optimizers_at_its_settings()
    {
        var table = new AttractorTable(AttractorTableKind.Optimizer).SettingsFor(ExperimentPreset.Study);
        var settings = table.Columns.Select(c => OptimizerSettings.Parse(c.Optimizer)).Select(o => (o.Kind, o.LearningRate, o.Momentum, o.WeightDecay));
        Assert.Equal([(OptimizerKind.Sgd, 0.1, 0.0, 0.0), (OptimizerKind.Sgd, 0.1, 0.009, 0.0), (OptimizerKind.Sgd, 0.1, 0.009, 1e-4),
            (OptimizerKind.RmsProp, 1e-4, 0.0, 0.0), (OptimizerKind.Adam, 1e-4, 0.0, 0.0)], settings);
        Assert.Equal((100, 256, 11, 6), (table.Data.Count, table.Width, table.Depth, table.Activations.Length));
        foreach (var a in table.Activations)
            foreach (var c in table.Columns)
                AssertStudyCell(table.Cell(a, c, 0));
    }

    [Fact]
    public void The_init_table_trains_adam_at_1e_4_from_each_bound()
    {
        var table = new AttractorTable(AttractorTableKind.Init).SettingsFor(ExperimentPreset.Study);
        Assert.Equal(["uniform:0.01", "uniform:0.02", "uniform:0.05", "uniform:0.1", "uniform:0.15"], table.Columns.Select(c => c.Init));
        foreach (var a in table.Activations)
            foreach (var c in table.Columns)
            {
                Assert.Equal(OptimizerKind.Adam, OptimizerSettings.Parse(c.Optimizer).Kind);
                AssertStudyCell(table.Cell(a, c, 0));
            }
    }

    [Fact]
    public void The_capacity_sweep_is_fig_5s_grid_at_the_protocol()
    {
        var s = CapacitySweepSettings.For(ExperimentPreset.Study);
        Assert.Equal([128, 256, 512], s.Widths);
        Assert.Equal([1, 6, 11, 16, 21, 26, 31], s.Depths);
        Assert.Equal([0, 5, 100], s.CycleLengths);
        Assert.Equal(100, s.Data.Count);
        foreach (int w in s.Widths)
            foreach (int d in s.Depths)
                foreach (int l in s.CycleLengths)
                    AssertStudyCell(s.Cell(w, d, l, 0));
    }

    [Fact]
    public void Spectra_train_each_network_at_the_protocol()
    {
        var s = SpectraSettings.For(ExperimentPreset.Study);
        Assert.Null(s.FirstStageEpochs);
        foreach (var n in s.Networks) AssertStudyCell(s.Cell(n, 0));
    }

    [Fact]
    public void The_networks_of_recovery_sequences_basins_and_text_follow_the_protocol()
    {
        var recovery = RecoverySettings.For(ExperimentPreset.Study);
        Assert.Equal((500, 1024, 11, "cosid"), (recovery.Examples, recovery.Network.Width, recovery.Network.Depth, recovery.Network.Activation));
        AssertStudyNetwork(recovery.Network);

        var sequences = SequencesSettings.For(ExperimentPreset.Study);
        Assert.Equal((256, 31), (sequences.FashionNetwork.Width, sequences.FashionNetwork.Depth));
        AssertStudyNetwork(sequences.FashionNetwork);
        AssertStudyNetwork(sequences.VideoNetwork, 1e-7);   // the study's video loss
        AssertStudyNetwork(sequences.SpeechNetwork, 1e-12); // the study's speech loss
        Assert.Equal((15, 36, 22_050), (sequences.SpeechNetwork.Width, sequences.SpeechNetwork.Depth, sequences.AudioRate));

        var basins = Basins2dSettings.For(ExperimentPreset.Study);
        Assert.Equal((1e-4, 1e-8, 1_000_000L, 100), (basins.LearningRate, basins.TargetMse, basins.MaxEpochs, basins.GridSize));

        var text = TextRnnSettings.For(ExperimentPreset.Study);
        Assert.Equal((1e-4, 1_000_000L, "pytorch"), (text.LearningRate, text.MaxEpochs, text.Init));
        Assert.Equal([128, 64], text.StateSizes);
        Assert.Equal([31], text.Depths);
    }

    [Fact]
    public void The_existing_presets_keep_their_settings()
    {
        // The tables' full preset: an epoch cap of 40,000 and no time limit (deterministic, resumable).
        var table = AttractorTableSettings.Full(AttractorTableSettings.StudyOptimizers);
        Assert.Equal((40_000L, StudyScale.NoTimeLimitSeconds), (table.MaxEpochs, table.BudgetSeconds));
        Assert.True(table.Cell("cosid", AttractorTableSettings.StudyOptimizers[^1], 0).Resumable);
        Assert.Equal([1e-5, 1e-6], CapacitySweepSettings.Full.LaterRates!);
        Assert.Equal(30_000, SpectraSettings.Full.FirstStageEpochs);
        Assert.Equal(300, RecoverySettings.Full.Examples);
    }
}
