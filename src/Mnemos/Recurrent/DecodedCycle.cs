// What a decoded token stream settled into, and whether the state cycle behind it attracts.
// The closed-loop decoder is the map h_t → h_{t+1} = F([onehot(w_t) ; h_t]) with w_t the argmax
// of G(h_t); where every argmax along a cycle wins by a positive margin the token choices are
// locally constant, so the cycle attracts nearby states iff ρ(Π ∂F/∂h) < 1 around it.
using Mnemos.Kernels;
using Mnemos.Linalg;

namespace Mnemos.Recurrent;

/// <summary>
/// A stream read against a reference sentence: how many leading tokens follow the sentence
/// repeated, the period the stream's second half repeats with (0 when none up to a quarter of the
/// stream), the tokens of one period, the distinct tokens of the whole stream, and whether the
/// period is the sentence itself (any rotation).
/// </summary>
internal sealed record StreamAnalysis(int CorrectPrefix, int Period, int[] PeriodTokens, int DistinctTokens, bool RepeatsSentence)
{
    /// <summary>Reads <paramref name="tokens"/> against <paramref name="sentence"/> (the cycle to repeat).</summary>
    public static StreamAnalysis Of(IReadOnlyList<int> tokens, IReadOnlyList<int> sentence)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(sentence);
        if (tokens.Count == 0 || sentence.Count == 0) throw new ArgumentException("the stream and the sentence must not be empty");
        int prefix = 0;
        while (prefix < tokens.Count && tokens[prefix] == sentence[prefix % sentence.Count]) prefix++;
        int period = PeriodOfTail(tokens);
        int[] periodTokens = period == 0 ? [] : StartAtSentenceStart(tokens.Skip(tokens.Count - period).ToArray(), sentence);
        bool repeats = period == sentence.Count && periodTokens.SequenceEqual(RotatedToStart(sentence, periodTokens[0]));
        return new StreamAnalysis(prefix, period, periodTokens, tokens.Distinct().Count(), repeats);
    }

    /// <summary>Smallest p ≤ n/4 with tokens[t] = tokens[t − p] over the second half; 0 when none.</summary>
    internal static int PeriodOfTail(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, from = n / 2;
        for (int p = 1; p <= n / 4; p++)
        {
            bool periodic = true;
            for (int t = from; t < n && periodic; t++) periodic = tokens[t] == tokens[t - p];
            if (periodic) return p;
        }
        return 0;
    }

    // One period rotated to start where the sentence starts, if it contains the sentence's first
    // token; else at its smallest token, so equal cycles print equally.
    static int[] StartAtSentenceStart(int[] period, IReadOnlyList<int> sentence)
    {
        int start = Array.IndexOf(period, sentence[0]);
        if (start < 0) start = Array.IndexOf(period, period.Min());
        return [.. period.Skip(start), .. period.Take(start)];
    }

    // The sentence read from the first place it has token `first` (from its start when it has none).
    static IEnumerable<int> RotatedToStart(IReadOnlyList<int> sentence, int first)
    {
        int start = Math.Max(0, sentence.ToList().IndexOf(first));
        for (int i = 0; i < sentence.Count; i++) yield return sentence[(start + i) % sentence.Count];
    }
}

/// <summary>
/// The certificate of the state cycle of the last <see cref="Period"/> decoding steps: ρ of the
/// product of ∂h_{t+1}/∂h_t around it, how far the state is from repeating after one period
/// (max |Δ|), the largest |h| on the cycle, and the smallest logit margin on it.
/// </summary>
internal sealed record StateCycleCertificate(int Period, double SpectralRadius, double Residual, double StateMax, double MinMargin)
{
    /// <summary>Relative residual below which the decode counts as having reached its state cycle.</summary>
    public const double SettledTolerance = 1e-3;

    /// <summary>The state repeats after one period to within <see cref="SettledTolerance"/>·max(1, max |h|).</summary>
    public bool Settled => Residual <= SettledTolerance * Math.Max(1, StateMax);

    /// <summary>
    /// Attracting: the decode settled on a state cycle, ρ &lt; 1 there and every token choice on it
    /// strict. A token stream can repeat while its states still drift; that cycle is not certified.
    /// </summary>
    public bool Attracting => Settled && SpectralRadius < 1 && MinMargin > 0;

    /// <summary>Certifies the last <paramref name="period"/> steps of <paramref name="stream"/> (which must be longer than one period).</summary>
    public static StateCycleCertificate Of(RecurrentNet net, IGemm gemm, DecodedStream stream, int period)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(stream);
        if (period < 1 || period >= stream.Steps)
            throw new ArgumentException($"period {period}: must be in [1, {stream.Steps}) for a stream of {stream.Steps} steps");
        int v = net.Spec.Vocabulary, h = net.Spec.State, n = stream.Steps;
        // product [h × h] of ∂h_{t+1}/∂h_t for t = n − period … n − 1 (the latest on the left).
        var product = SquareMatrices.Identity(h);
        var step = new double[h * h];
        var input = new float[v + h];
        double minMargin = double.PositiveInfinity;
        for (int t = n - period; t < n; t++)
        {
            net.PackInput(stream.Tokens[t - 1], stream.State(t - 1), input);
            var jacobian = net.Transition.LinearizeAt(gemm, input).Full(); // [h × (v + h)]
            for (int i = 0; i < h; i++)
                for (int k = 0; k < h; k++) step[i * h + k] = jacobian[i, v + k];
            product = SquareMatrices.Multiply(step, product, h);
            minMargin = Math.Min(minMargin, stream.Margins[t]);
        }
        double residual = 0, stateMax = 0;
        var last = stream.State(n - 1);
        var before = stream.State(n - 1 - period);
        for (int i = 0; i < h; i++) residual = Math.Max(residual, Math.Abs(last[i] - before[i]));
        for (int t = n - period; t < n; t++)
            foreach (float x in stream.State(t)) stateMax = Math.Max(stateMax, Math.Abs(x));
        return new StateCycleCertificate(period, DenseEigen.SpectralRadius(product, h), residual, stateMax, minMargin);
    }
}
