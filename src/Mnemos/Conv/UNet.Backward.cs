// The U-Net backward pass: gradients of a loss with respect to the parameters (accumulated into
// Gradients) and to the input (the vector-Jacobian product). Walks the graph in reverse; a node read
// twice (an encoder output feeding the pool and the skip) gets its second gradient added.
using Mnemos.Kernels;

namespace Mnemos.Conv;

internal sealed partial class UNet
{
    /// <summary>
    /// Given dL/dy for the outputs of the last <see cref="Forward"/> on this workspace: adds dL/dθ to
    /// <see cref="Gradients"/> when <paramref name="parameterGradients"/>, and writes dL/dx = Jᵀ·dy
    /// into <paramref name="dInput"/> unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">dOutput or a non-empty dInput is not Batch images long.</exception>
    public void Backward(IGemm gemm, ReadOnlySpan<float> dOutput, UNetWorkspace workspace, bool parameterGradients, Span<float> dInput)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        CheckWorkspace(workspace);
        CheckImages("dOutput", dOutput.Length, workspace.Batch);
        if (!dInput.IsEmpty) CheckImages("dInput", dInput.Length, workspace.Batch);
        var nodes = Graph.Nodes;
        int n = workspace.Batch;
        var written = new bool[nodes.Count];
        dOutput.CopyTo(workspace.Gradients[^1]);
        written[^1] = true;
        for (int i = nodes.Count - 1; i >= 1; i--)
        {
            var node = nodes[i];
            float[] dy = workspace.Gradients[i], x = workspace.Values[node.Source];
            // The input's gradient is only computed when asked for.
            bool wantSource = node.Source != 0 || !dInput.IsEmpty;
            Span<float> dx = wantSource ? Target(node.Source) : [];
            switch (node.Kind)
            {
                case NodeKind.Conv:
                    {
                        var layer = Graph.Layers[node.Layer];
                        if (layer.HasActivation) ActivationKernels.Backward(Spec.Activation, workspace.PreActivations[i], dy, dy);
                        Conv2d.Backward(gemm, layer.Geometry, n, x, dy, Weight(layer), workspace.Cols,
                            parameterGradients ? WeightGradient(layer) : [], parameterGradients ? BiasGradient(layer) : [], dx);
                        break;
                    }
                case NodeKind.Pool:
                    MaxPool2x2.Backward(dy, workspace.Winners[i], dx);
                    break;
                case NodeKind.Up:
                    {
                        var layer = Graph.Layers[node.Layer];
                        var s = nodes[node.Source];
                        UpConv2x2.Backward(gemm, n, s.Channels, s.Height, s.Width, node.Channels, x, dy, Weight(layer), workspace.UpScratch,
                            parameterGradients ? WeightGradient(layer) : [], parameterGradients ? BiasGradient(layer) : [], dx);
                        break;
                    }
                case NodeKind.Concat:
                    {
                        // The skip (first source) is read again by the pool, which comes earlier: at
                        // this point its gradient is unwritten, so both targets are plain buffers.
                        if (written[node.Source2]) throw new InvalidOperationException("up-convolution output read twice");
                        var second = workspace.Gradients[node.Source2].AsSpan();
                        ChannelConcat.Backward(n, nodes[node.Source].Size, nodes[node.Source2].Size, dy, dx, second);
                        written[node.Source2] = true;
                        break;
                    }
            }
            if (wantSource) Commit(node.Source);
        }
        if (!dInput.IsEmpty) workspace.Gradients[0].CopyTo(dInput);

        // The first gradient a node receives is written in place; a later one goes to scratch and is added.
        Span<float> Target(int source) =>
            written[source] ? workspace.Accumulate.AsSpan(0, workspace.Gradients[source].Length) : workspace.Gradients[source];

        void Commit(int source)
        {
            float[] g = workspace.Gradients[source];
            if (written[source]) VectorOps.Add(g, workspace.Accumulate.AsSpan(0, g.Length), g);
            written[source] = true;
        }
    }
}
