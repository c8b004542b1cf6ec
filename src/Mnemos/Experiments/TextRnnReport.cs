// text-rnn's tables and summary lines. One seed: a row per network, then each network's decoded
// words and the cycles its random starts end in. Several seeds: a row per network counting the
// seeds whose decode follows the sentence throughout, ends in it, and ends in a certified cycle of
// it, then a row per network and seed.
using System.Globalization;
using System.Text;
using Mnemos.Kernels;

namespace Mnemos.Experiments;

/// <summary>Over the seeds of one network: how many decoded all words right, ended in the sentence, ended in a certified sentence cycle.</summary>
internal sealed record TextRnnSeeds(string Label, int Seeds, int WholeStream, int EndsInSentence, int CertifiedSentence, double MedianPrefix, int NoiseRepeating, int NoiseStarts)
{
    public static IEnumerable<TextRnnSeeds> Of(IEnumerable<TextRnnCell> cells) =>
        cells.GroupBy(c => c.Label).Select(g => new TextRnnSeeds(g.Key, g.Count(),
            g.Count(c => c.CorrectPrefix == c.DecodedSteps), g.Count(c => c.RepeatsSentence), g.Count(c => c.RepeatsSentence && c.Attracting),
            Median(g.Select(c => (double)c.CorrectPrefix)), g.Sum(c => c.NoiseRepeating), g.Sum(c => c.NoiseStarts)));

    static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}

static class TextRnnReport
{
    public static string Markdown(TextRnnSettings s, IReadOnlyList<TextRnnCell> cells)
    {
        var b = new StringBuilder();
        b.AppendLine(Invariant($"# text-rnn: \"{s.Sentence}\""));
        b.AppendLine();
        b.AppendLine(Invariant($"Each network: two MLPs ({s.Activation.Name()}, width = state, init {s.Init}), Adam lr {s.LearningRate:G3} to cross-entropy {s.TargetLoss:G2} within {s.MaxEpochs} epochs, trained on 1 or more teacher-forced passes over the sentence; greedy decoding for {s.DecodePasses} passes. ρ certifies the state cycle the zero-input decode ends on (attracting when ρ < 1); residual: how far the state is from repeating after one period."));
        b.AppendLine();
        if (s.Seeds > 1)
        {
            b.AppendLine(Invariant($"| network | seeds | all {cells[0].DecodedSteps} decoded words follow the sentence | decode ends in the sentence | ends in a certified sentence cycle | median correct prefix | random starts repeating the sentence |"));
            b.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var g in TextRnnSeeds.Of(cells))
                b.AppendLine(Invariant($"| {g.Label} | {g.Seeds} | {g.WholeStream} | {g.EndsInSentence} | {g.CertifiedSentence} | {g.MedianPrefix:G6} | {g.NoiseRepeating} of {g.NoiseStarts} |"));
            b.AppendLine();
        }
        b.AppendLine("| network | training | cross-entropy | the zero-input decode ends in | correct prefix | period | distinct words | ρ(∏∂h′/∂h) | residual | min margin | random starts repeating the sentence |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cells)
            b.AppendLine(Invariant($"| {RowLabel(s, c)} | {c.StopReason}, {c.Epochs} epochs, {c.Seconds:F0} s | {Reports.HtmlReport.FormatNumber(c.FinalLoss)} | {Ending(c)} | {c.CorrectPrefix} of {c.DecodedSteps} | {c.Period} | {c.DistinctWords} of {c.Vocabulary} | {Rho(c)} | {Residual(c)} | {Margin(c)} | {c.NoiseRepeating} of {c.NoiseStarts} |"));
        // Decoded words and random-start cycles: for one seed only (several would repeat them per seed).
        foreach (var c in s.Seeds == 1 ? cells : [])
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

    static string RowLabel(TextRnnSettings s, TextRnnCell c) => s.Seeds > 1 ? Invariant($"{c.Label}, seed {c.Seed}") : c.Label;

    static string Ending(TextRnnCell c) =>
        c.RepeatsSentence ? "the sentence" : c.Period > 0 ? Invariant($"another cycle of {c.Period}") : "no period";

    static string Rho(TextRnnCell c) => double.IsNaN(c.SpectralRadius) ? "—" : Invariant($"{c.SpectralRadius:G3}");

    static string Residual(TextRnnCell c) => double.IsNaN(c.CycleResidual) ? "—" : Reports.HtmlReport.FormatNumber(c.CycleResidual) + (c.Settled ? "" : " (not settled)");

    static string Margin(TextRnnCell c) => double.IsNaN(c.MinMargin) ? "—" : Invariant($"{c.MinMargin:G3}");

    /// <summary>Summary lines and named values: per network for one seed, per network over the seeds otherwise.</summary>
    public static (List<string> Lines, Dictionary<string, double> Values) Summary(TextRnnSettings s, IReadOnlyList<TextRnnCell> cells)
    {
        var lines = new List<string>();
        var values = new Dictionary<string, double>();
        if (s.Seeds == 1)
        {
            foreach (var c in cells) Summarize(c, lines, values);
            return (lines, values);
        }
        foreach (var g in TextRnnSeeds.Of(cells))
        {
            lines.Add(Invariant($"{g.Label}, {g.Seeds} seeds: all words follow the sentence in {g.WholeStream}, the decode ends in it in {g.EndsInSentence}, in a certified cycle of it in {g.CertifiedSentence}; median correct prefix {g.MedianPrefix:G6}; random starts repeating it {g.NoiseRepeating} of {g.NoiseStarts}"));
            string k = g.Label.Replace(", ", "_").Replace(' ', '_');
            values[$"{k}.whole_stream"] = g.WholeStream;
            values[$"{k}.ends_in_sentence"] = g.EndsInSentence;
            values[$"{k}.certified_sentence"] = g.CertifiedSentence;
            values[$"{k}.median_prefix"] = g.MedianPrefix;
        }
        return (lines, values);
    }

    static void Summarize(TextRnnCell c, List<string> lines, Dictionary<string, double> values)
    {
        lines.Add(Invariant($"{c.Label}: {c.Network}; {c.StopReason} after {c.Epochs} epochs ({c.Seconds:F1} s), cross-entropy {Reports.HtmlReport.FormatNumber(c.FinalLoss)}, {c.TrainCorrect}/{c.TrainSteps} steps right"));
        lines.Add(Invariant($"{c.Label}: from the zero input, {c.CorrectPrefix} of {c.DecodedSteps} words follow the sentence; period {c.Period}, {c.DistinctWords} of {c.Vocabulary} words ever produced; ") +
            $"ends in {Ending(c)}" +
            (double.IsNaN(c.SpectralRadius) ? "" : Invariant($"; state cycle ρ = {c.SpectralRadius:G3}, residual {Reports.HtmlReport.FormatNumber(c.CycleResidual)}{(c.Settled ? "" : " (not settled)")}, min margin {c.MinMargin:G3}, {(c.Attracting ? "attracting" : "not certified")}")));
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
