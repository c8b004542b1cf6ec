// Free-running generation: from a start state and the all-zero input, each step feeds back the
// token the readout ranks highest (greedy decoding), so the network runs as a closed-loop map on
// its state. Records every token, state and logit margin.
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Recurrent;

/// <summary>
/// A decoded stream: Tokens[t] is the token emitted at step t, States[t] the state h_{t+1} it was
/// read from [steps × H], Margins[t] the gap between the top two logits.
/// </summary>
internal sealed record DecodedStream(int[] Tokens, float[] States, float[] Margins, int StateSize)
{
    public int Steps => Tokens.Length;

    public ReadOnlySpan<float> State(int step) => States.AsSpan(step * StateSize, StateSize);
}

/// <summary>Greedy decoding of a <see cref="RecurrentNet"/>.</summary>
internal static class GreedyDecoder
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps from state <paramref name="start"/> (zero when empty) and
    /// the all-zero input; every later step reads the token emitted before it.
    /// </summary>
    public static DecodedStream Decode(RecurrentNet net, IGemm gemm, int steps, ReadOnlySpan<float> start = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(gemm);
        if (steps < 1) throw new ArgumentException($"steps {steps}: must be at least 1");
        int v = net.Spec.Vocabulary, h = net.Spec.State;
        if (!start.IsEmpty && start.Length != h) throw new ArgumentException($"start state has {start.Length} values, expected {h}");
        var transition = new MlpWorkspace(net.Spec.Transition, 1);
        var readout = new MlpWorkspace(net.Spec.Readout, 1);
        var state = new float[h];
        start.CopyTo(state);
        var input = new float[v + h];
        var logits = new float[v];
        var tokens = new int[steps];
        var states = new float[steps * h];
        var margins = new float[steps];
        int token = RecurrentNet.NoToken;
        for (int t = 0; t < steps; t++)
        {
            net.Step(gemm, token, state, input, logits, transition, readout);
            token = RecurrentNet.ArgMax(logits);
            tokens[t] = token;
            state.CopyTo(states.AsSpan(t * h, h));
            margins[t] = Margin(logits, token);
        }
        return new DecodedStream(tokens, states, margins, h);
    }

    /// <summary>logits[top] minus the largest other logit.</summary>
    static float Margin(ReadOnlySpan<float> logits, int top)
    {
        float second = float.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
            if (i != top && logits[i] > second) second = logits[i];
        return logits[top] - second;
    }
}
