// The U-Net forward pass over a batch and its tangent (Jacobian-vector product) at the same point.
// Both walk the graph in evaluation order; the tangent reuses the forward's pre-activations and
// pooling winners, so it is the exact derivative of the float forward pass at that point.
using Mnemos.Kernels;

namespace Mnemos.Conv;

internal sealed partial class UNet
{
    /// <summary>
    /// f(x) for the [Batch × C × H × W] images in <paramref name="input"/>; the result lives in
    /// <paramref name="workspace"/> until its next use.
    /// </summary>
    /// <exception cref="ArgumentException">The input length is not Batch·C·H·W, or the workspace is for another network.</exception>
    public ReadOnlySpan<float> Forward(IGemm gemm, ReadOnlySpan<float> input, UNetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        CheckWorkspace(workspace);
        CheckImages("input", input.Length, workspace.Batch);
        var nodes = Graph.Nodes;
        int n = workspace.Batch;
        input.CopyTo(workspace.Values[0]);
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            float[] src = workspace.Values[node.Source], y = workspace.Values[i];
            switch (node.Kind)
            {
                case NodeKind.Conv:
                    {
                        var layer = Graph.Layers[node.Layer];
                        float[] z = workspace.PreActivations[i];
                        Conv2d.Forward(gemm, layer.Geometry, n, src, Weight(layer), Bias(layer), workspace.Cols, z);
                        if (layer.HasActivation) ActivationKernels.Forward(Spec.Activation, z, y);
                        break;
                    }
                case NodeKind.Pool:
                    {
                        var s = nodes[node.Source];
                        MaxPool2x2.Forward(n, s.Channels, s.Height, s.Width, src, y, workspace.Winners[i]);
                        break;
                    }
                case NodeKind.Up:
                    {
                        var layer = Graph.Layers[node.Layer];
                        var s = nodes[node.Source];
                        UpConv2x2.Forward(gemm, n, s.Channels, s.Height, s.Width, node.Channels, src, Weight(layer), Bias(layer), workspace.UpScratch, y);
                        break;
                    }
                case NodeKind.Concat:
                    ChannelConcat.Forward(n, nodes[node.Source].Size, nodes[node.Source2].Size, src, workspace.Values[node.Source2], y);
                    break;
            }
        }
        return workspace.Values[^1];
    }

    /// <summary>
    /// J·v, the derivative of f at the point of the last <see cref="Forward"/> on this workspace in
    /// direction <paramref name="tangent"/> (one direction per image of the batch). Max-pooling
    /// follows the winners of that forward pass; ReLU's slope at 0 is 0.
    /// </summary>
    public ReadOnlySpan<float> Tangent(IGemm gemm, ReadOnlySpan<float> tangent, UNetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        CheckWorkspace(workspace);
        CheckImages("tangent", tangent.Length, workspace.Batch);
        var nodes = Graph.Nodes;
        int n = workspace.Batch;
        tangent.CopyTo(workspace.Tangents[0]);
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            float[] src = workspace.Tangents[node.Source], t = workspace.Tangents[i];
            switch (node.Kind)
            {
                case NodeKind.Conv:
                    {
                        var layer = Graph.Layers[node.Layer];
                        Conv2d.Forward(gemm, layer.Geometry, n, src, Weight(layer), [], workspace.Cols, t);
                        if (layer.HasActivation) ActivationKernels.Backward(Spec.Activation, workspace.PreActivations[i], t, t);
                        break;
                    }
                case NodeKind.Pool:
                    MaxPool2x2.Tangent(src, workspace.Winners[i], t);
                    break;
                case NodeKind.Up:
                    {
                        var layer = Graph.Layers[node.Layer];
                        var s = nodes[node.Source];
                        UpConv2x2.Forward(gemm, n, s.Channels, s.Height, s.Width, node.Channels, src, Weight(layer), [], workspace.UpScratch, t);
                        break;
                    }
                case NodeKind.Concat:
                    ChannelConcat.Forward(n, nodes[node.Source].Size, nodes[node.Source2].Size, src, workspace.Tangents[node.Source2], t);
                    break;
            }
        }
        return workspace.Tangents[^1];
    }

    void CheckWorkspace(UNetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Values.Length != Graph.Nodes.Count || workspace.Values[0].Length != workspace.Batch * Spec.ImageSize)
            throw new ArgumentException("workspace was made for a different network");
    }

    void CheckImages(string name, int length, int batch)
    {
        if (length != batch * Spec.ImageSize)
            throw new ArgumentException(
                $"{name} has {length} values, expected {batch} images of {Spec.ImageChannels}×{Spec.Height}×{Spec.Width} = {batch * Spec.ImageSize}");
    }
}
