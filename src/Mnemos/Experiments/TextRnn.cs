// text-rnn (SPEC §4 item 7): a sentence stored in a recurrent network as a cycle of words, word i →
// word i + 1 (mod n), with teacher-forced cross-entropy. Greedy decoding from the all-zero input
// should then repeat the whole sentence forever, and a network with half the state should not.
// Each network is one cell (run in parallel, one single-threaded GEMM each); the state cycle the
// decoder settles on is certified by ρ of ∏ ∂h_{t+1}/∂h_t around it.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mnemos.Kernels;
using Mnemos.Reports;
using Mnemos.Storage;

namespace Mnemos.Experiments;

/// <summary>The text-rnn experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
public sealed class TextRnn(TextRnnSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json", TableFile = "text-rnn.md", LossFile = "loss.svg";

    public string Name => "text-rnn";

    public string Description => "A sentence stored as a cycle of words in a recurrent network (two MLPs), decoded greedily from the zero input; half the state as contrast";

    public TextRnnSettings SettingsFor(ExperimentPreset preset) => settings ?? TextRnnSettings.For(preset);

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe()
        + (preset == ExperimentPreset.Full ? "; the study's networks (depth 31, state 128), half the state, and both at depth 4" : "; smaller networks than the study's 31 × 128");

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var grid = (from depth in s.Depths from state in s.StateSizes from passes in s.TrainPasses select (depth, state, passes)).ToArray();
        var cells = new TextRnnCell[grid.Length];
        GemmBackends.ParallelFor(cells.Length, context.Threads, GemmBackends.Parse(context.Gemm.Name), (i, gemm) =>
        {
            var (depth, state, passes) = grid[i];
            var cellSettings = new TextRnnCellSettings(s.Sentence, state, depth, s.Activation.Name(), s.Init, passes, s.LearningRate, s.MaxEpochs,
                s.TargetLoss, s.DecodePasses, s.NoiseStarts, context.Seed);
            cells[i] = context.Cells.GetOrCompute($"depth-{depth}-state-{state}-passes-{passes}", cellSettings,
                () => TextRnnCellRunner.Run(cellSettings, gemm, context.Report, context.Cancellation));
        }, context.Cancellation);

        AtomicFile.WriteAllText(context.PathOf(ResultFile), JsonSerializer.Serialize(cells, ExperimentJson.Indented));
        AtomicFile.WriteAllText(context.PathOf(TableFile), Markdown(s, cells));
        var plot = new LinePlot { Title = "Training loss (mean cross-entropy per step)", XLabel = "epoch", YLabel = "cross-entropy", LogY = true };
        foreach (var c in cells)
            plot.Add(c.Label, c.LossEpochs.Select(e => (double)e).ToArray(), c.LossValues.Select(l => Math.Max(l, 1e-12)).ToArray());
        AtomicFile.WriteAllText(context.PathOf(LossFile), plot.ToSvg());

        var lines = new List<string>();
        var values = new Dictionary<string, double>();
        foreach (var c in cells) Summarize(c, lines, values);
        return new ExperimentSummary(lines, values, [ResultFile, TableFile, LossFile]);
    }

    static string Markdown(TextRnnSettings s, IReadOnlyList<TextRnnCell> cells)
    {
        var b = new StringBuilder();
        b.AppendLine(Invariant($"# text-rnn: \"{s.Sentence}\""));
        b.AppendLine();
        b.AppendLine(Invariant($"Each network: two MLPs ({s.Activation.Name()}, width = state, init {s.Init}), Adam lr {s.LearningRate:G3} to cross-entropy {s.TargetLoss:G2} within {s.MaxEpochs} epochs, trained on 1 or more teacher-forced passes over the sentence; greedy decoding for {s.DecodePasses} passes. ρ certifies the state cycle the zero-input decode ends on (attracting when ρ < 1); residual: how far the state is from repeating after one period."));
        b.AppendLine();
        b.AppendLine("| network | training | cross-entropy | the zero-input decode ends in | correct prefix | period | distinct words | ρ(∏∂h′/∂h) | residual | min margin | random starts repeating the sentence |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cells)
            b.AppendLine(Invariant($"| {c.Label} | {c.StopReason}, {c.Epochs} epochs, {c.Seconds:F0} s | {c.FinalLoss:E2} | {Ending(c)} | {c.CorrectPrefix} of {c.DecodedSteps} | {c.Period} | {c.DistinctWords} of {c.Vocabulary} | {Rho(c)} | {Residual(c)} | {Margin(c)} | {c.NoiseRepeating} of {c.NoiseStarts} |"));
        foreach (var c in cells)
        {
            b.AppendLine();
            b.AppendLine(Invariant($"## {char.ToUpperInvariant(c.Label[0])}{c.Label[1..]}"));
            b.AppendLine();
            b.AppendLine(Invariant($"Decoded from the zero input (first {c.FirstWords.Split(' ').Length} words):"));
            b.AppendLine();
            b.AppendLine("> " + c.FirstWords);
            b.AppendLine();
            b.AppendLine(c.Period > 0 ? Invariant($"It settles into a cycle of {c.Period} words: \"{c.PeriodWords}\".") : "No period within the second half of the stream.");
            if (c.NoiseCycles.Length > 0)
            {
                b.AppendLine();
                b.AppendLine(Invariant($"From {c.NoiseStarts} random states N(0, 1):"));
                b.AppendLine();
                foreach (var n in c.NoiseCycles) b.AppendLine(Invariant($"- {n.Count}× {n.Words}"));
            }
        }
        return b.ToString();
    }

    static string Ending(TextRnnCell c) =>
        c.RepeatsSentence ? "the sentence" : c.Period > 0 ? Invariant($"another cycle of {c.Period}") : "no period";

    static string Rho(TextRnnCell c) => double.IsNaN(c.SpectralRadius) ? "—" : Invariant($"{c.SpectralRadius:G3}");

    static string Residual(TextRnnCell c) => double.IsNaN(c.CycleResidual) ? "—" : Invariant($"{c.CycleResidual:E1}") + (c.Settled ? "" : " (not settled)");

    static string Margin(TextRnnCell c) => double.IsNaN(c.MinMargin) ? "—" : Invariant($"{c.MinMargin:G3}");

    static void Summarize(TextRnnCell c, List<string> lines, Dictionary<string, double> values)
    {
        lines.Add(Invariant($"{c.Label}: {c.Network}; {c.StopReason} after {c.Epochs} epochs ({c.Seconds:F1} s), cross-entropy {c.FinalLoss:E2}, {c.TrainCorrect}/{c.TrainSteps} steps right"));
        lines.Add(Invariant($"{c.Label}: from the zero input, {c.CorrectPrefix} of {c.DecodedSteps} words follow the sentence; period {c.Period}, {c.DistinctWords} of {c.Vocabulary} words ever produced; ") +
            $"ends in {Ending(c)}" +
            (double.IsNaN(c.SpectralRadius) ? "" : Invariant($"; state cycle ρ = {c.SpectralRadius:G3}, residual {c.CycleResidual:E1}{(c.Settled ? "" : " (not settled)")}, min margin {c.MinMargin:G3}, {(c.Attracting ? "attracting" : "not certified")}")));
        lines.Add(Invariant($"{c.Label}: \"{c.FirstWords}\""));
        lines.Add(Invariant($"{c.Label}: {c.NoiseRepeating} of {c.NoiseStarts} random starts repeat the sentence, {c.NoiseOther} settle elsewhere, {c.NoiseNotPeriodic} have no period"));
        string k = Invariant($"depth_{c.Depth}_state_{c.State}_passes_{c.TrainPasses}");
        values[$"{k}.epochs"] = c.Epochs;
        values[$"{k}.final_loss"] = c.FinalLoss;
        values[$"{k}.correct_prefix"] = c.CorrectPrefix;
        values[$"{k}.repeats_sentence"] = c.RepeatsSentence ? 1 : 0;
        values[$"{k}.distinct_words"] = c.DistinctWords;
        values[$"{k}.period"] = c.Period;
        values[$"{k}.spectral_radius"] = c.SpectralRadius;
        values[$"{k}.noise_repeating"] = c.NoiseRepeating;
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
