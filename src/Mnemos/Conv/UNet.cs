// A U-Net's parameters in one flat buffer (PyTorch's names, shapes and order), their gradients, and
// PyTorch's default initialisation. Forward, backward and tangent passes are in UNet.*.cs.
using Mnemos.Tensors;

namespace Mnemos.Conv;

/// <summary>One parameter tensor of a <see cref="UNet"/>: its PyTorch state_dict name, shape and place in the flat buffer.</summary>
internal sealed record UNetParameter(string Name, int[] Shape, int Offset, int Length);

/// <summary>
/// A U-Net autoencoder (see <see cref="UNetSpec"/>) on NCHW float images. Parameters are laid out
/// tensor by tensor in the order of <see cref="ParameterTensors"/>: weight then bias of each layer.
/// </summary>
internal sealed partial class UNet
{
    public UNet(UNetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Graph = new UNetGraph(spec);
        Parameters = new float[Graph.ParameterCount];
        Gradients = new float[Graph.ParameterCount];
        var tensors = new List<UNetParameter>();
        foreach (var layer in Graph.Layers)
        {
            tensors.Add(new UNetParameter(layer.Name + ".weight", layer.WeightShape, layer.WeightOffset, layer.WeightCount));
            tensors.Add(new UNetParameter(layer.Name + ".bias", [layer.OutChannels], layer.BiasOffset, layer.OutChannels));
        }
        ParameterTensors = tensors;
    }

    public UNetSpec Spec { get; }

    internal UNetGraph Graph { get; }

    /// <summary>All weights and biases, flat.</summary>
    public float[] Parameters { get; }

    /// <summary>Gradient of the loss with respect to <see cref="Parameters"/>; backward adds to it.</summary>
    public float[] Gradients { get; }

    public IReadOnlyList<UNetParameter> ParameterTensors { get; }

    public int ParameterCount => Parameters.Length;

    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>
    /// PyTorch's default initialisation of Conv2d and ConvTranspose2d: weights kaiming_uniform with
    /// a = √5, which is U[−1/√fan_in, 1/√fan_in], and biases U[−1/√fan_in, 1/√fan_in]. fan_in is
    /// C·k·k for a convolution and, as torch computes it from weight dimension 1, O·2·2 for an
    /// up-convolution. Tensors are filled in <see cref="ParameterTensors"/> order from
    /// <paramref name="rng"/>, so a seed fixes the result (not PyTorch's random stream).
    /// </summary>
    public void InitPyTorch(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        foreach (var layer in Graph.Layers)
        {
            double bound = 1 / Math.Sqrt(FanIn(layer));
            rng.FillUniform(Parameters.AsSpan(layer.WeightOffset, layer.WeightCount), -bound, bound);
            rng.FillUniform(Parameters.AsSpan(layer.BiasOffset, layer.OutChannels), -bound, bound);
        }
    }

    internal static int FanIn(UNetLayer layer) =>
        layer.IsUp ? layer.OutChannels * 4 : layer.InChannels * layer.Geometry.Kernel * layer.Geometry.Kernel;

    internal ReadOnlySpan<float> Weight(UNetLayer layer) => Parameters.AsSpan(layer.WeightOffset, layer.WeightCount);

    internal ReadOnlySpan<float> Bias(UNetLayer layer) => Parameters.AsSpan(layer.BiasOffset, layer.OutChannels);

    internal Span<float> WeightGradient(UNetLayer layer) => Gradients.AsSpan(layer.WeightOffset, layer.WeightCount);

    internal Span<float> BiasGradient(UNetLayer layer) => Gradients.AsSpan(layer.BiasOffset, layer.OutChannels);
}
