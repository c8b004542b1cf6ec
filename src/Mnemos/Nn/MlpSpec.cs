// The architecture of a fully connected network: sizes, depth, width, activation, biases.
using Mnemos.Kernels;

namespace Mnemos.Nn;

/// <summary>
/// A fully connected network ℝ^InputSize → ℝ^OutputSize with <see cref="Depth"/> hidden layers of
/// <see cref="Width"/> units, φ after each hidden layer and a linear output layer. Depth 0 is one
/// linear layer.
/// </summary>
public sealed record MlpSpec(int InputSize, int OutputSize, int Depth, int Width, Activation Activation, bool Bias = true)
{
    /// <summary>Number of linear layers (Depth + 1).</summary>
    public int LayerCount => Depth + 1;

    public int LayerInputs(int layer) => layer == 0 ? InputSize : Width;

    public int LayerOutputs(int layer) => layer == Depth ? OutputSize : Width;

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            for (int l = 0; l < LayerCount; l++)
                total += (long)LayerInputs(l) * LayerOutputs(l) + (Bias ? LayerOutputs(l) : 0);
            return total;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field and its value.</summary>
    public void Validate()
    {
        if (InputSize < 1) throw new ArgumentException($"input size {InputSize}: must be at least 1");
        if (OutputSize < 1) throw new ArgumentException($"output size {OutputSize}: must be at least 1");
        if (Depth < 0) throw new ArgumentException($"depth {Depth}: must be at least 0");
        if (Depth > 0 && Width < 1) throw new ArgumentException($"width {Width}: must be at least 1");
        if (ParameterCount > Array.MaxLength)
            throw new ArgumentException($"network has {ParameterCount} parameters: more than one buffer holds ({Array.MaxLength})");
    }
}
