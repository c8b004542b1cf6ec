// text-rnn (the study's text example, PNAS 2020; arXiv 1909.12362 v1): a sentence stored in a recurrent network as a cycle of words, word i →
// word i + 1 (mod n), with teacher-forced cross-entropy. Greedy decoding from the all-zero input
// should then repeat the whole sentence forever, and a network with half the state should not.
// Each network is one cell (run in parallel, one single-threaded GEMM each); the state cycle the
// decoder settles on is certified by ρ of ∏ ∂h_{t+1}/∂h_t around it.
using System.Text.Json;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Reports;

namespace Mnemos.Experiments;

/// <summary>
/// What the study leaves open about its text network, tried as variants: <see cref="Base"/> (readout on
/// the state, LeCun-normal init), <see cref="TokenReadout"/> (readout on [word ; state]) and
/// <see cref="PyTorchInit"/> (the study's default init, trained longer).
/// </summary>
internal enum TextRnnVariant { Base, TokenReadout, PyTorchInit }

/// <summary>The text-rnn experiment or one of its variants. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class TextRnn(TextRnnSettings? settings = null, TextRnnVariant variant = TextRnnVariant.Base) : IExperiment
{
    public const string ResultFile = "result.json", TableFile = "text-rnn.md", LossFile = "loss.svg";

    public string Name => variant switch
    {
        TextRnnVariant.TokenReadout => "text-rnn-token-readout",
        TextRnnVariant.PyTorchInit => "text-rnn-pytorch-init",
        _ => "text-rnn",
    };

    public bool HasCells => true;

    public string Description => variant switch
    {
        TextRnnVariant.TokenReadout => "text-rnn with the readout on [word ; state] (the study does not say what its output network reads)",
        TextRnnVariant.PyTorchInit => "text-rnn from PyTorch's default initialization, trained longer (the study does not say how it initialized)",
        _ => "A sentence stored as a cycle of words in a recurrent network (two MLPs), decoded greedily from the zero input; half the state as contrast",
    };

    public TextRnnSettings SettingsFor(ExperimentPreset preset) => settings ?? (variant, preset) switch
    {
        (TextRnnVariant.TokenReadout, ExperimentPreset.Study) => TextRnnSettings.StudyTokenReadout,
        (TextRnnVariant.TokenReadout, ExperimentPreset.Full) => TextRnnSettings.FullTokenReadout,
        (TextRnnVariant.PyTorchInit, ExperimentPreset.Full) => TextRnnSettings.FullPyTorchInit,
        (TextRnnVariant.TokenReadout, _) => TextRnnSettings.QuickTokenReadout,
        (TextRnnVariant.PyTorchInit, ExperimentPreset.Study) => TextRnnSettings.Study,
        (TextRnnVariant.PyTorchInit, _) => TextRnnSettings.QuickPyTorchInit,
        _ => TextRnnSettings.For(preset),
    };

    public IReadOnlyList<ExperimentPreset> Presets => variant == TextRnnVariant.Base
        ? [ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full, ExperimentPreset.Study]
        : [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full when variant == TextRnnVariant.PyTorchInit => "; the study's networks only, up to 200,000 epochs each (hours here)",
        ExperimentPreset.Full => "; the study's networks (depth 31, state 128), half the state, and both at depth 4",
        ExperimentPreset.Reduced => "; depth 4 only, over seeds",
        ExperimentPreset.Study => StudyDescription(SettingsFor(preset)),
        _ => "; smaller networks than the study's 31 × 128",
    };

    // Both MLPs per network, one step per word of one pass (+1), backpropagated through time.
    static string StudyDescription(TextRnnSettings s)
    {
        int words = s.Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        double hours = (from state in s.StateSizes from depth in s.Depths from passes in s.TrainPasses
                        let spec = new Recurrent.RecurrentSpec(words, state, depth, state, s.Activation, s.ReadoutReadsToken)
                        select StudyScale.CoreHours(spec.Transition.ParameterCount + spec.Readout.ParameterCount, passes * words + 1, s.MaxEpochs)).Sum() * s.Seeds;
        return StudyScale.Describe(s.StateSizes.Length * s.Depths.Length * s.TrainPasses.Length * s.Seeds, hours, s.MaxEpochs);
    }

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var grid = (from depth in s.Depths from state in s.StateSizes from passes in s.TrainPasses from k in Enumerable.Range(0, s.Seeds)
                    select (depth, state, passes, seed: context.Seed + (ulong)k)).ToArray();
        var cells = new TextRnnCell[grid.Length];
        GemmBackends.ParallelFor(cells.Length, context.Threads, context.Gemm.Backend, (i, gemm) =>
        {
            var (depth, state, passes, seed) = grid[i];
            var cellSettings = new TextRnnCellSettings(s.Sentence, state, depth, s.Activation.Name(), s.Init, passes, s.LearningRate, s.MaxEpochs,
                s.TargetLoss, s.DecodePasses, s.NoiseStarts, seed) { ReadoutReadsToken = s.ReadoutReadsToken };
            string key = $"depth-{depth}-state-{state}-passes-{passes}" + (s.Seeds > 1 ? $"-seed-{seed}" : "");
            cells[i] = context.Cell(key, null, () => context.Cells.GetOrCompute(key, cellSettings,
                () => TextRnnCellRunner.Run(cellSettings, gemm, context.Report, context.Cancellation)));
        }, context.Cancellation);
        context.CellsDone();

        AtomicFile.WriteAllText(context.PathOf(ResultFile), JsonSerializer.Serialize(cells, ExperimentJson.Indented));
        AtomicFile.WriteAllText(context.PathOf(TableFile), TextRnnReport.Markdown(s, cells));
        var plot = new LinePlot { Title = "Training loss (mean cross-entropy per step)", XLabel = "epoch", YLabel = "cross-entropy", LogY = true };
        foreach (var c in cells.Where(c => c.Seed == context.Seed))
            plot.Add(c.Label, c.LossEpochs.Select(e => (double)e).ToArray(), c.LossValues.Select(l => Math.Max(l, 1e-12)).ToArray());
        AtomicFile.WriteAllText(context.PathOf(LossFile), plot.ToSvg());

        var (lines, values) = TextRnnReport.Summary(s, cells);
        return new ExperimentSummary(lines, values, [ResultFile, TableFile, LossFile]);
    }
}
