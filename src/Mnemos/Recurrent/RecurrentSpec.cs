// The shape of a recurrent network made of two fully connected networks: a transition
// [one-hot token ; state] → next state, and a readout state → token logits (the study's text example,
// PNAS 2020; arXiv 1909.12362 v1). The study does not say what its output network reads; the readout
// may also read the step's input token, [one-hot token ; next state] → logits.
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Recurrent;

/// <summary>
/// Tokens from a vocabulary of <see cref="Vocabulary"/> words, a state of <see cref="State"/> values,
/// and two MLPs of <see cref="Depth"/> hidden layers × <see cref="Width"/> units with φ = <see cref="Activation"/>;
/// <see cref="ReadoutReadsToken"/>: the readout reads [one-hot token ; next state] instead of the next state alone.
/// </summary>
internal sealed record RecurrentSpec(int Vocabulary, int State, int Depth, int Width, Activation Activation, bool ReadoutReadsToken = false)
{
    /// <summary>h′ = F([x ; h]): ℝ^(Vocabulary + State) → ℝ^State.</summary>
    public MlpSpec Transition => new(Vocabulary + State, State, Depth, Width, Activation);

    /// <summary>logits = G(h′): ℝ^State → ℝ^Vocabulary, or G([x ; h′]) from ℝ^(Vocabulary + State) when <see cref="ReadoutReadsToken"/>.</summary>
    public MlpSpec Readout => new(ReadoutInputs, Vocabulary, Depth, Width, Activation);

    /// <summary>Inputs of the readout: State, plus Vocabulary when it reads the token.</summary>
    public int ReadoutInputs => ReadoutReadsToken ? Vocabulary + State : State;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field and its value.</summary>
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentException($"vocabulary of {Vocabulary} words: needs at least 2");
        if (State < 1) throw new ArgumentException($"state size {State}: must be at least 1");
        Transition.Validate();
        Readout.Validate();
    }

    public override string ToString() =>
        $"state {State}, two MLPs {Width}×{Depth} {Activation.Name()}, vocabulary {Vocabulary}{(ReadoutReadsToken ? ", readout on [token ; state]" : "")}";
}
