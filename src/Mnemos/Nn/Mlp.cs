// A fully connected network whose parameters live in one flat buffer (layer 0 weight, layer 0
// bias, layer 1 weight, …), so optimizers, checkpoints and model files see a single span.
// Forward/backward live in Mlp.Forward.cs; Jacobian products in Mlp.Jacobian.cs.
namespace Mnemos.Nn;

/// <summary>Parameters and structure of an <see cref="MlpSpec"/> network.</summary>
public sealed partial class Mlp
{
    readonly int[] weightOffsets;
    readonly int[] biasOffsets;

    public Mlp(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        weightOffsets = new int[spec.LayerCount];
        biasOffsets = new int[spec.LayerCount];
        int offset = 0;
        var infos = new List<ParameterInfo>();
        for (int l = 0; l < spec.LayerCount; l++)
        {
            int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
            weightOffsets[l] = offset;
            infos.Add(new ParameterInfo($"layers.{l}.weight", offset, [fanOut, fanIn]));
            offset += fanOut * fanIn;
            biasOffsets[l] = offset;
            if (spec.Bias)
            {
                infos.Add(new ParameterInfo($"layers.{l}.bias", offset, [fanOut]));
                offset += fanOut;
            }
        }
        Parameters = new float[offset];
        Gradients = new float[offset];
        ParameterInfos = infos;
    }

    public MlpSpec Spec { get; }

    /// <summary>All trainable scalars, layer by layer: weight [out, in] row-major, then bias [out].</summary>
    public float[] Parameters { get; }

    /// <summary>Gradient buffer laid out like <see cref="Parameters"/>; backward accumulates into it.</summary>
    public float[] Gradients { get; }

    /// <summary>Name, offset and shape of each tensor in <see cref="Parameters"/> (PyTorch naming).</summary>
    public IReadOnlyList<ParameterInfo> ParameterInfos { get; }

    public int LayerCount => Spec.LayerCount;

    /// <summary>Weight of layer l, [out, in] row-major as in torch.nn.Linear.</summary>
    public Span<float> Weight(int layer) => Parameters.AsSpan(weightOffsets[layer], Spec.LayerOutputs(layer) * Spec.LayerInputs(layer));

    /// <summary>Bias of layer l, [out]; empty when the network has no biases.</summary>
    public Span<float> Bias(int layer) => Spec.Bias ? Parameters.AsSpan(biasOffsets[layer], Spec.LayerOutputs(layer)) : Span<float>.Empty;

    public Span<float> WeightGradient(int layer) => Gradients.AsSpan(weightOffsets[layer], Spec.LayerOutputs(layer) * Spec.LayerInputs(layer));

    public Span<float> BiasGradient(int layer) => Spec.Bias ? Gradients.AsSpan(biasOffsets[layer], Spec.LayerOutputs(layer)) : Span<float>.Empty;

    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>The Jacobian of the network at <paramref name="point"/> [InputSize], held implicitly.</summary>
    public MlpLinearization LinearizeAt(Kernels.IGemm gemm, ReadOnlySpan<float> point)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        if (point.Length != Spec.InputSize)
            throw new ArgumentException($"point has {point.Length} values, expected {Spec.InputSize}", nameof(point));
        return new MlpLinearization(this, gemm, point);
    }

    /// <summary>A deep copy (parameters and gradients).</summary>
    public Mlp Clone()
    {
        var copy = new Mlp(Spec);
        Parameters.CopyTo(copy.Parameters, 0);
        Gradients.CopyTo(copy.Gradients, 0);
        return copy;
    }
}

/// <summary>One named tensor inside the flat parameter buffer.</summary>
public sealed record ParameterInfo(string Name, int Offset, int[] Shape)
{
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}
