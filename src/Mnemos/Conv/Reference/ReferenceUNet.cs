// The U-Net forward pass in double from the naive layer twins: the yardstick for the fast forward,
// backward and tangent passes (by central differences) in the tests.
using Mnemos.Kernels.Reference;

namespace Mnemos.Conv.Reference;

/// <summary>f(θ, x) of a <see cref="UNet"/>'s architecture in double, with parameters given explicitly.</summary>
internal static class ReferenceUNet
{
    /// <summary>The outputs for <paramref name="batch"/> images, with <paramref name="parameters"/> laid out as <see cref="UNet.Parameters"/>.</summary>
    public static double[] Forward(UNet net, ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int batch)
    {
        ArgumentNullException.ThrowIfNull(net);
        var nodes = net.Graph.Nodes;
        var values = new double[nodes.Count][];
        values[0] = input.ToArray();
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var s = nodes[node.Source];
            double[] x = values[node.Source];
            switch (node.Kind)
            {
                case NodeKind.Conv:
                    {
                        var layer = net.Graph.Layers[node.Layer];
                        double[] z = ReferenceConv.Conv2d(layer.Geometry, batch, x,
                            parameters.Slice(layer.WeightOffset, layer.WeightCount), parameters.Slice(layer.BiasOffset, layer.OutChannels));
                        if (layer.HasActivation)
                            for (int j = 0; j < z.Length; j++) z[j] = ReferenceActivations.Value(net.Spec.Activation, z[j]);
                        values[i] = z;
                        break;
                    }
                case NodeKind.Pool:
                    values[i] = ReferenceConv.MaxPool2x2(batch, s.Channels, s.Height, s.Width, x);
                    break;
                case NodeKind.Up:
                    {
                        var layer = net.Graph.Layers[node.Layer];
                        values[i] = ReferenceConv.ConvTranspose(batch, s.Channels, s.Height, s.Width, node.Channels, 2, 2, x,
                            parameters.Slice(layer.WeightOffset, layer.WeightCount), parameters.Slice(layer.BiasOffset, layer.OutChannels));
                        break;
                    }
                case NodeKind.Concat:
                    values[i] = ReferenceConv.Concat(batch, s.Size, nodes[node.Source2].Size, x, values[node.Source2]);
                    break;
            }
        }
        return values[^1];
    }
}
