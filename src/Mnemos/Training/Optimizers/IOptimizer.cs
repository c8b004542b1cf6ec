// The optimizer contract: one update of a flat float parameter buffer from its gradient, plus the
// state needed to resume exactly. Formulas and defaults follow torch.optim (PyTorch 1.13).
namespace Mnemos.Training.Optimizers;

/// <summary>A first-order optimizer over one flat parameter buffer of fixed length.</summary>
internal interface IOptimizer
{
    OptimizerSettings Settings { get; }

    /// <summary>Length of the parameter and gradient buffers this optimizer was created for.</summary>
    int ParameterCount { get; }

    /// <summary>Number of <see cref="Step"/> calls so far (torch's <c>state["step"]</c>).</summary>
    long StepCount { get; }

    /// <summary>
    /// One update in place: parameters -= update(gradients, state). <paramref name="gradients"/> is
    /// only read. Both spans must hold <see cref="ParameterCount"/> values, else
    /// <see cref="ArgumentException"/>. NaN or infinite gradients propagate as in torch; nothing
    /// checks for them.
    /// </summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>A deep copy of the step count and every state buffer, named as in torch's state_dict.</summary>
    OptimizerState ExportState();

    /// <summary>
    /// Replaces the state by a copy of <paramref name="state"/>. Throws <see cref="ArgumentException"/>
    /// when the kind differs, a buffer is missing, unexpected or of the wrong length, or the step count
    /// is negative; the current state is left untouched then.
    /// </summary>
    void ImportState(OptimizerState state);
}

/// <summary>
/// Optimizer state for checkpoints. <paramref name="Kind"/> is the settings' kind name (sgd, rmsprop,
/// adam, adamw); buffers use torch's names (momentum_buffer, square_avg, grad_avg, exp_avg,
/// exp_avg_sq, max_exp_avg_sq), each one value per parameter.
/// </summary>
internal sealed record OptimizerState(string Kind, long StepCount, IReadOnlyDictionary<string, float[]> Buffers);
