// One text-rnn cell: train a recurrent network of one state size on the sentence cycle, decode
// greedily from the zero input and from random states, read the streams against the sentence and
// certify the state cycle the zero-input decode settles on.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Recurrent;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments;

/// <summary>What decides a cell's result (its settings hash): the network, training, decoding and seed.</summary>
internal sealed record TextRnnCellSettings(string Sentence, int State, int Depth, string Activation, string Init, int TrainPasses, double LearningRate, long MaxEpochs,
    double TargetLoss, int DecodePasses, int NoiseStarts, ulong Seed)
{
    /// <summary>The readout reads [one-hot word ; next state] (left out of the JSON when false, so existing cells keep their hash).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadoutReadsToken { get; init; }
}

/// <summary>How many random starts ended in one cycle of words.</summary>
public sealed record WordCycleCount(string Words, int Count);

/// <summary>
/// A cell's result. The certificate fields are NaN when the zero-input stream has no period;
/// Settled says whether its states repeat after one period (else ρ describes no cycle). Noise
/// counts: random starts whose stream repeats the sentence, ends in another cycle, or has no period.
/// </summary>
public sealed record TextRnnCell(
    int Depth, int State, int TrainPasses, ulong Seed, string Network, int Vocabulary, string StopReason, long Epochs, double FinalLoss, int TrainCorrect, int TrainSteps, double Seconds,
    long[] LossEpochs, double[] LossValues,
    int DecodedSteps, string FirstWords, int CorrectPrefix, int Period, string PeriodWords, int DistinctWords, bool RepeatsSentence,
    double SpectralRadius, double CycleResidual, bool Settled, double MinMargin, bool Attracting,
    int NoiseStarts, int NoiseRepeating, int NoiseOther, int NoiseNotPeriodic, WordCycleCount[] NoiseCycles)
{
    /// <summary>"depth 31, state 128, 2 passes": which network of the grid this is.</summary>
    public string Label => $"depth {Depth}, state {State}, {TrainPasses} pass{(TrainPasses == 1 ? "" : "es")}";
}

/// <summary>Computes one <see cref="TextRnnCell"/>.</summary>
internal static class TextRnnCellRunner
{
    /// <summary>
    /// The cycle's teacher-forced sequence over <paramref name="passes"/> passes: from no token to the
    /// first word, then each word to the next, the last word back to the first; passes·n + 1 steps.
    /// </summary>
    public static (int[] Inputs, int[] Targets) CycleSequence(IReadOnlyList<int> sentence, int passes = 1)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (passes < 1) throw new ArgumentException($"passes {passes}: must be at least 1");
        int n = sentence.Count, steps = passes * n + 1;
        var inputs = new int[steps];
        var targets = new int[steps];
        inputs[0] = RecurrentNet.NoToken;
        for (int t = 0; t < steps; t++)
        {
            if (t > 0) inputs[t] = sentence[(t - 1) % n];
            targets[t] = sentence[t % n];
        }
        return (inputs, targets);
    }

    public static TextRnnCell Run(TextRnnCellSettings s, IGemm gemm, Action<string>? report = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (vocabulary, sentence) = Vocabulary.FromText(s.Sentence);
        var spec = new RecurrentSpec(vocabulary.Count, s.State, s.Depth, s.State, Activations.Parse(s.Activation), s.ReadoutReadsToken);
        var net = new RecurrentNet(spec);
        var rng = new Rng(s.Seed * 1_000_003 + (ulong)s.State);
        net.Initialize(InitScheme.Parse(s.Init), rng);

        var (inputs, targets) = CycleSequence(sentence, s.TrainPasses);
        var options = new RecurrentTrainerOptions(OptimizerSettings.Adam(s.LearningRate), s.MaxEpochs, s.TargetLoss, RecordEvery: 100);
        var training = RecurrentTrainer.Train(net, gemm, inputs, targets, options, p =>
        {
            if (p.Epoch % 2000 == 0) report?.Invoke($"text-rnn depth {s.Depth}, state {s.State}, {s.TrainPasses} pass(es): epoch {p.Epoch}, cross-entropy {Reports.HtmlReport.FormatNumber(p.Loss)}");
        }, cancellation);
        cancellation.ThrowIfCancellationRequested();

        int steps = s.DecodePasses * sentence.Length;
        var stream = GreedyDecoder.Decode(net, gemm, steps);
        var analysis = StreamAnalysis.Of(stream.Tokens, sentence);
        var certificate = analysis.Period > 0 ? StateCycleCertificate.Of(net, gemm, stream, analysis.Period) : null;

        var noiseRng = new Rng(s.Seed * 1_000_003 + (ulong)s.State + 7_777);
        var start = new float[s.State];
        var cycles = new Dictionary<string, int>(StringComparer.Ordinal);
        int repeating = 0, other = 0, aperiodic = 0;
        for (int i = 0; i < s.NoiseStarts; i++)
        {
            noiseRng.FillGaussian(start, 0, 1);
            var a = StreamAnalysis.Of(GreedyDecoder.Decode(net, gemm, steps, start).Tokens, sentence);
            if (a.RepeatsSentence) repeating++;
            else if (a.Period > 0) other++;
            else aperiodic++;
            string words = a.Period > 0 ? vocabulary.Join(a.PeriodTokens) : "(no period)";
            cycles[words] = cycles.GetValueOrDefault(words) + 1;
        }

        int shown = Math.Min(steps, 3 * sentence.Length);
        return new TextRnnCell(
            s.Depth, s.State, s.TrainPasses, s.Seed, spec.ToString(), vocabulary.Count, training.Reason.Key(), training.Epochs, training.FinalLoss, training.Correct, training.Steps, training.Seconds,
            training.LossHistory.Select(p => p.Epoch).ToArray(), training.LossHistory.Select(p => p.Loss).ToArray(),
            steps, vocabulary.Join(stream.Tokens.Take(shown)), analysis.CorrectPrefix, analysis.Period, vocabulary.Join(analysis.PeriodTokens),
            analysis.DistinctTokens, analysis.RepeatsSentence,
            certificate?.SpectralRadius ?? double.NaN, certificate?.Residual ?? double.NaN, certificate?.Settled ?? false,
            certificate?.MinMargin ?? double.NaN, certificate?.Attracting ?? false,
            s.NoiseStarts, repeating, other, aperiodic,
            cycles.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new WordCycleCount(p.Key, p.Value)).ToArray());
    }
}
