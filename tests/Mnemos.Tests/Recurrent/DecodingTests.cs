// Greedy decoding against the double reference, the reading of token streams against a sentence,
// and the state-cycle certificate against a finite-difference Jacobian product.
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Nn.Reference;
using Mnemos.Recurrent;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Recurrent;

public class DecodingTests
{
    [Fact]
    public void With_the_readout_on_token_and_state_decoding_agrees_with_the_reference_loss_of_its_own_stream()
    {
        // Teacher forcing on the decoded stream (input = the token emitted before) must rank every
        // emitted token first, and its loss must be the double reference's: both read [x_t ; h_{t+1}].
        var net = TeacherForcingTests.Net(Activation.Selu, vocabulary: 5, state: 4, seed: 33, readoutReadsToken: true);
        using var gemm = new ManagedGemm(1);
        var stream = GreedyDecoder.Decode(net, gemm, 10);
        int[] inputs = [RecurrentNet.NoToken, .. stream.Tokens[..^1]];
        var loss = new TeacherForcing(net, inputs, stream.Tokens).Forward(gemm);
        Assert.Equal(stream.Steps, loss.Correct);
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters), g = ReferenceMlp.Widen(net.Readout.Parameters);
        Tolerance.Close(ReferenceRnn.Loss(net, f, g, inputs, stream.Tokens), loss.CrossEntropy, 1e-5, 1e-7, "cross-entropy");
        Assert.Equal(9, net.Spec.Readout.InputSize);
    }

    [Fact]
    public void Greedy_decoding_follows_the_reference_step_by_step()
    {
        var net = TeacherForcingTests.Net(Activation.Selu, vocabulary: 5, state: 4, seed: 31);
        using var gemm = new ManagedGemm(1);
        var stream = GreedyDecoder.Decode(net, gemm, 12);
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters), g = ReferenceMlp.Widen(net.Readout.Parameters);
        var state = new double[4];
        int token = RecurrentNet.NoToken;
        for (int t = 0; t < 12; t++)
        {
            state = ReferenceRnn.States(net, f, [token], state)[0];
            double[] z = ReferenceMlp.Forward(net.Readout, g, state);
            token = TeacherForcingTests.ArgMax(z);
            Assert.Equal(token, stream.Tokens[t]);
            Tolerance.AllClose(state, stream.State(t), 1e-5, 1e-6, $"state at step {t}");
            double second = z.Where((_, i) => i != token).Max();
            Tolerance.Close(z[token] - second, stream.Margins[t], 1e-4, 1e-5, $"margin at step {t}");
        }
    }

    [Fact]
    public void A_stream_that_repeats_the_sentence_is_read_as_such()
    {
        int[] sentence = [3, 0, 4, 1, 2];
        var stream = Enumerable.Range(0, 40).Select(t => sentence[t % 5]).ToArray();
        var a = StreamAnalysis.Of(stream, sentence);
        Assert.Equal(40, a.CorrectPrefix);
        Assert.Equal(5, a.Period);
        Assert.Equal(sentence, a.PeriodTokens);
        Assert.Equal(5, a.DistinctTokens);
        Assert.True(a.RepeatsSentence);
    }

    [Fact]
    public void A_stream_that_skips_words_after_one_pass_is_not_the_sentence()
    {
        // The first pass, then a cycle that jumps from the last word to the third (as a network
        // that learned the wrap-around step but not the state after it might).
        int[] sentence = [0, 1, 2, 3, 4, 5];
        var stream = sentence.Concat(Enumerable.Range(0, 40).Select(t => 2 + t % 4)).Take(40).ToArray();
        var a = StreamAnalysis.Of(stream, sentence);
        Assert.Equal(6, a.CorrectPrefix);
        Assert.Equal(4, a.Period);
        Assert.Equal([2, 3, 4, 5], a.PeriodTokens);
        Assert.False(a.RepeatsSentence);
    }

    [Fact]
    public void A_rotated_sentence_still_repeats_it_and_no_period_reads_as_zero()
    {
        int[] sentence = [0, 1, 2];
        var late = new[] { 1, 1, 1 }.Concat(Enumerable.Range(0, 30).Select(t => sentence[(t + 1) % 3])).ToArray();
        var a = StreamAnalysis.Of(late, sentence);
        Assert.Equal(0, a.CorrectPrefix);
        Assert.True(a.RepeatsSentence);
        Assert.Equal(sentence, a.PeriodTokens);

        var counting = Enumerable.Range(0, 32).Select(t => t % 7 == 0 ? 1 : t % 2).ToArray();
        Assert.Equal(0, StreamAnalysis.Of(counting, sentence).Period);
    }

    [Fact]
    public void State_cycle_radius_matches_a_finite_difference_product_around_the_cycle()
    {
        var net = TeacherForcingTests.Net(Activation.Tanh, vocabulary: 3, state: 4, seed: 5);
        using var gemm = new ManagedGemm(1);
        var stream = GreedyDecoder.Decode(net, gemm, 60);
        int period = StreamAnalysis.PeriodOfTail(stream.Tokens);
        Assert.True(period > 0, "this small net's stream should settle");
        var certificate = StateCycleCertificate.Of(net, gemm, stream, period);

        // ∂h_{t+1}/∂h_t by central differences of the double reference, tokens held fixed.
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters);
        int h = 4, n = stream.Steps;
        var product = new double[h * h];
        for (int i = 0; i < h; i++) product[i * h + i] = 1;
        for (int t = n - period; t < n; t++)
        {
            double[] at = stream.State(t - 1).ToArray().Select(x => (double)x).ToArray();
            var jacobian = new double[h * h];
            for (int k = 0; k < h; k++)
            {
                double[] up = (double[])at.Clone(), down = (double[])at.Clone();
                up[k] += 1e-6;
                down[k] -= 1e-6;
                double[] a = ReferenceRnn.States(net, f, [stream.Tokens[t - 1]], up)[0], b = ReferenceRnn.States(net, f, [stream.Tokens[t - 1]], down)[0];
                for (int i = 0; i < h; i++) jacobian[i * h + k] = (a[i] - b[i]) / 2e-6;
            }
            var next = new double[h * h];
            for (int i = 0; i < h; i++)
                for (int k = 0; k < h; k++)
                    for (int j = 0; j < h; j++) next[i * h + j] += jacobian[i * h + k] * product[k * h + j];
            product = next;
        }
        Tolerance.Close(DenseEigen.SpectralRadius(product, h), certificate.SpectralRadius, 1e-3, 1e-6, "ρ of the cycle");
        Assert.Equal(stream.Margins.Skip(n - period).Min(), certificate.MinMargin, 6);
        Assert.True(certificate.Settled, $"residual {certificate.Residual}");
        Assert.Equal(Enumerable.Range(n - period, period).SelectMany(t => stream.State(t).ToArray()).Max(x => Math.Abs(x)), certificate.StateMax, 6);
        Assert.Contains("period 0", Assert.Throws<ArgumentException>(() => StateCycleCertificate.Of(net, gemm, stream, 0)).Message);
    }

    [Fact]
    public void A_cycle_whose_states_still_drift_is_not_certified_whatever_its_radius()
    {
        var drifting = new StateCycleCertificate(Period: 13, SpectralRadius: 0.5, Residual: 0.2, StateMax: 10, MinMargin: 3);
        Assert.False(drifting.Settled);
        Assert.False(drifting.Attracting);
        var settled = drifting with { Residual = 0.009 };
        Assert.True(settled.Settled);
        Assert.True(settled.Attracting);
        Assert.False((settled with { MinMargin = 0 }).Attracting);
        Assert.False((settled with { SpectralRadius = 1 }).Attracting);
    }

    [Fact]
    public void Vocabulary_numbers_words_by_first_appearance()
    {
        var (vocabulary, tokens) = Vocabulary.FromText("  the cat saw the  dog ");
        Assert.Equal(["the", "cat", "saw", "dog"], vocabulary.Words);
        Assert.Equal([0, 1, 2, 0, 3], tokens);
        Assert.Equal("dog the cat", vocabulary.Join([3, 0, 1]));
        Assert.Contains("1 distinct word", Assert.Throws<ArgumentException>(() => Vocabulary.FromText("echo echo")).Message);
    }
}
