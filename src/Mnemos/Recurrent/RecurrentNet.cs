// A recurrent network built from two MLPs. One step reads a token x (one-hot, or all zero) and
// the state h, and gives h′ = F([x ; h]) and logits G(h′) (or G([x ; h′])) for the next token. The network is the
// pair of parameter buffers; stepping needs workspaces, which the callers own.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Recurrent;

/// <summary>The transition F and readout G of a <see cref="RecurrentSpec"/>.</summary>
internal sealed class RecurrentNet
{
    /// <summary>Token index meaning "no token": the all-zero input that starts a decode.</summary>
    public const int NoToken = -1;

    public RecurrentNet(RecurrentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        Transition = new Mlp(spec.Transition);
        Readout = new Mlp(spec.Readout);
    }

    public RecurrentSpec Spec { get; }

    /// <summary>F: [one-hot token ; state] → next state.</summary>
    public Mlp Transition { get; }

    /// <summary>G: state → token logits.</summary>
    public Mlp Readout { get; }

    /// <summary>Initializes both networks from one stream: F first, then G.</summary>
    public void Initialize(InitScheme scheme, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        scheme.Apply(Transition, rng);
        scheme.Apply(Readout, rng);
    }

    public void ZeroGradients()
    {
        Transition.ZeroGradients();
        Readout.ZeroGradients();
    }

    /// <summary>Writes [one-hot(<paramref name="token"/>) ; <paramref name="state"/>] into <paramref name="input"/>.</summary>
    public void PackInput(int token, ReadOnlySpan<float> state, Span<float> input)
    {
        int v = Spec.Vocabulary;
        if (token < NoToken || token >= v) throw new ArgumentOutOfRangeException(nameof(token), token, $"token index must be in [-1, {v})");
        input[..v].Clear();
        if (token != NoToken) input[token] = 1f;
        state.CopyTo(input[v..]);
    }

    /// <summary>
    /// One step for one sequence: <paramref name="state"/> ← F([x ; state]) and
    /// <paramref name="logits"/> ← G(state), or G([x ; state]) when the readout reads the token.
    /// <paramref name="input"/> receives [x ; old state], then [x ; new state] when the readout reads the token.
    /// </summary>
    public void Step(IGemm gemm, int token, Span<float> state, Span<float> input, Span<float> logits,
        MlpWorkspace transition, MlpWorkspace readout)
    {
        PackInput(token, state, input);
        Transition.Forward(gemm, input, transition).CopyTo(state);
        if (Spec.ReadoutReadsToken)
        {
            state.CopyTo(input[Spec.Vocabulary..]);
            Readout.Forward(gemm, input, readout).CopyTo(logits);
        }
        else Readout.Forward(gemm, state, readout).CopyTo(logits);
    }

    /// <summary>Index of the largest value (the lowest index among ties; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best] || float.IsNaN(logits[best])) best = i;
        return best;
    }
}
