// Batched forward and backward passes. Rows are samples; layer l computes
// Z = H·Wᵀ + b (torch.nn.Linear) and hidden layers apply φ. Backward accumulates into Gradients.
using System.Diagnostics;
using Mnemos.Kernels;

namespace Mnemos.Nn;

public sealed partial class Mlp
{
    /// <summary>
    /// Runs the network on <paramref name="input"/> [batch × InputSize] and leaves every
    /// intermediate in <paramref name="workspace"/>; the result is <c>workspace.Output</c>.
    /// </summary>
    public ReadOnlySpan<float> Forward(IGemm gemm, ReadOnlySpan<float> input, MlpWorkspace workspace)
    {
        CheckWorkspace(workspace);
        int batch = workspace.BatchSize;
        if (input.Length != batch * Spec.InputSize)
            throw new ArgumentException($"input has {input.Length} values, expected {batch}×{Spec.InputSize}", nameof(input));

        ReadOnlySpan<float> h = input;
        for (int l = 0; l < LayerCount; l++)
        {
            bool hidden = l < Spec.Depth;
            Span<float> z = hidden ? workspace.PreActivations[l] : workspace.Output;
            Linear(gemm, l, h, batch, z);
            if (hidden)
            {
                ActivationKernels.Forward(Spec.Activation, z, workspace.HiddenOutputs[l]);
                h = workspace.HiddenOutputs[l];
            }
        }
        return workspace.Output;
    }

    /// <summary>
    /// Accumulates ∂loss/∂parameters into <see cref="Gradients"/>, given ∂loss/∂output
    /// <paramref name="outputGradient"/> [batch × OutputSize] for the <paramref name="input"/> of the
    /// last <see cref="Forward"/> on <paramref name="workspace"/>. The caller zeroes gradients.
    /// When <paramref name="inputGradient"/> is non-empty it receives ∂loss/∂input [batch × InputSize].
    /// </summary>
    public void Backward(
        IGemm gemm, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, MlpWorkspace workspace,
        Span<float> inputGradient = default)
    {
        CheckWorkspace(workspace);
        int batch = workspace.BatchSize;
        Debug.Assert(input.Length == batch * Spec.InputSize && outputGradient.Length == batch * Spec.OutputSize);
        bool wantInput = !inputGradient.IsEmpty;

        // g holds ∂loss/∂Z_l for the current layer, [batch × out_l]; ping-pong between two buffers.
        ReadOnlySpan<float> g = outputGradient;
        float[] next = workspace.GradientA, spare = workspace.GradientB;
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int fanIn = Spec.LayerInputs(l), fanOut = Spec.LayerOutputs(l);
            ReadOnlySpan<float> h = l == 0 ? input : workspace.HiddenOutputs[l - 1];
            // dW [out × in] += gᵀ [out × batch] · h [batch × in]
            gemm.Multiply(Transpose.Yes, Transpose.No, fanOut, fanIn, batch, 1f, g, fanOut, h, fanIn, 1f, WeightGradient(l), fanIn);
            if (Spec.Bias) VectorOps.AddColumnSums(g, batch, BiasGradient(l));
            if (l == 0 && !wantInput) break;

            // dH [batch × in] = g [batch × out] · W [out × in]
            Span<float> dh = l == 0 ? inputGradient : next.AsSpan(0, batch * fanIn);
            gemm.Multiply(Transpose.No, Transpose.No, batch, fanIn, fanOut, 1f, g, fanOut, Weight(l), fanIn, 0f, dh, fanIn);
            if (l == 0) break;
            ActivationKernels.Backward(Spec.Activation, workspace.PreActivations[l - 1], dh, dh);
            g = dh;
            (next, spare) = (spare, next);
        }
    }

    /// <summary>z [batch × out] = h [batch × in] · W_lᵀ + b_l.</summary>
    internal void Linear(IGemm gemm, int layer, ReadOnlySpan<float> h, int batch, Span<float> z)
    {
        int fanIn = Spec.LayerInputs(layer), fanOut = Spec.LayerOutputs(layer);
        float beta = 0f;
        if (Spec.Bias)
        {
            VectorOps.BroadcastRows(Bias(layer), batch, z);
            beta = 1f;
        }
        gemm.Multiply(Transpose.No, Transpose.Yes, batch, fanOut, fanIn, 1f, h, fanIn, Weight(layer), fanIn, beta, z, fanOut);
    }

    void CheckWorkspace(MlpWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Spec != Spec)
            throw new ArgumentException($"workspace was made for {workspace.Spec}, not {Spec}", nameof(workspace));
    }
}
