// text-rnn (SPEC §4 item 7): a sentence stored in a recurrent network as a cycle of words, word i →
// word i + 1 (mod n), with teacher-forced cross-entropy. Greedy decoding from the all-zero input
// should then repeat the whole sentence forever, and a network with half the state should not.
// Each network is one cell (run in parallel, one single-threaded GEMM each); the state cycle the
// decoder settles on is certified by ρ of ∏ ∂h_{t+1}/∂h_t around it.
using System.Text.Json;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Reports;

namespace Mnemos.Experiments;

/// <summary>The text-rnn experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
public sealed class TextRnn(TextRnnSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json", TableFile = "text-rnn.md", LossFile = "loss.svg";

    public string Name => "text-rnn";

    public bool HasCells => true;

    public string Description => "A sentence stored as a cycle of words in a recurrent network (two MLPs), decoded greedily from the zero input; half the state as contrast";

    public TextRnnSettings SettingsFor(ExperimentPreset preset) => settings ?? TextRnnSettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Reduced, ExperimentPreset.Full];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => "; the study's networks (depth 31, state 128), half the state, and both at depth 4",
        ExperimentPreset.Reduced => "; depth 4 only, over seeds",
        _ => "; smaller networks than the study's 31 × 128",
    };

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
                s.TargetLoss, s.DecodePasses, s.NoiseStarts, seed);
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
