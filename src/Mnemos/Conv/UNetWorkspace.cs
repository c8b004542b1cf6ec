// Buffers of one U-Net pass over a batch: each node's values, pre-activations, pooling winners,
// gradients and tangents, plus the GEMM scratch. Reused across steps; sized once per batch.
namespace Mnemos.Conv;

/// <summary>Activations and scratch for a <see cref="UNet"/> on batches of <see cref="Batch"/> images.</summary>
internal sealed class UNetWorkspace
{
    public UNetWorkspace(UNet net, int batch)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (batch < 1) throw new ArgumentException($"batch {batch}: must be at least 1");
        Batch = batch;
        var nodes = net.Graph.Nodes;
        Values = new float[nodes.Count][];
        PreActivations = new float[nodes.Count][];
        Winners = new int[nodes.Count][];
        Gradients = new float[nodes.Count][];
        Tangents = new float[nodes.Count][];
        int cols = 0, up = 0, largest = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            int size = batch * node.Size;
            largest = Math.Max(largest, size);
            Values[i] = new float[size];
            Gradients[i] = new float[size];
            Tangents[i] = new float[size];
            PreActivations[i] = Values[i];
            if (node.Kind == NodeKind.Conv)
            {
                var layer = net.Graph.Layers[node.Layer];
                if (layer.HasActivation) PreActivations[i] = new float[size];
                cols = Math.Max(cols, Conv2d.WorkspaceSize(layer.Geometry, batch));
            }
            else if (node.Kind == NodeKind.Pool)
            {
                Winners[i] = new int[size];
            }
            else if (node.Kind == NodeKind.Up)
            {
                var source = nodes[node.Source];
                up = Math.Max(up, UpConv2x2.WorkspaceSize(source.Channels, node.Channels, source.Height, source.Width, batch));
            }
        }
        Cols = new float[cols];
        UpScratch = new float[up];
        Accumulate = new float[largest];
    }

    public int Batch { get; }

    internal float[][] Values { get; }

    /// <summary>z before φ for conv nodes with an activation; the node's values otherwise.</summary>
    internal float[][] PreActivations { get; }

    internal int[][] Winners { get; }
    internal float[][] Gradients { get; }
    internal float[][] Tangents { get; }
    internal float[] Cols { get; }
    internal float[] UpScratch { get; }

    /// <summary>Holds a gradient that must be added to one already written (a skip read twice).</summary>
    internal float[] Accumulate { get; }
}
