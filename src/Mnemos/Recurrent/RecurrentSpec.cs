// The shape of a recurrent network made of two fully connected networks: a transition
// [one-hot token ; state] → next state, and a readout state → token logits (SPEC §4 item 7).
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Recurrent;

/// <summary>
/// Tokens from a vocabulary of <see cref="Vocabulary"/> words, a state of <see cref="State"/> values,
/// and two MLPs of <see cref="Depth"/> hidden layers × <see cref="Width"/> units with φ = <see cref="Activation"/>.
/// </summary>
internal sealed record RecurrentSpec(int Vocabulary, int State, int Depth, int Width, Activation Activation)
{
    /// <summary>h′ = F([x ; h]): ℝ^(Vocabulary + State) → ℝ^State.</summary>
    public MlpSpec Transition => new(Vocabulary + State, State, Depth, Width, Activation);

    /// <summary>logits = G(h′): ℝ^State → ℝ^Vocabulary.</summary>
    public MlpSpec Readout => new(State, Vocabulary, Depth, Width, Activation);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field and its value.</summary>
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentException($"vocabulary of {Vocabulary} words: needs at least 2");
        if (State < 1) throw new ArgumentException($"state size {State}: must be at least 1");
        Transition.Validate();
        Readout.Validate();
    }

    public override string ToString() =>
        $"state {State}, two MLPs {Width}×{Depth} {Activation.Name()}, vocabulary {Vocabulary}";
}
