// Activation buffers for one batch size: what forward keeps so backward can run. Allocated once
// per (network, batch size) and reused every epoch, so training allocates nothing per step.
namespace Mnemos.Nn;

/// <summary>Per-batch buffers for <see cref="Mlp.Forward"/> and <see cref="Mlp.Backward"/>.</summary>
public sealed class MlpWorkspace
{
    public MlpWorkspace(MlpSpec spec, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        Spec = spec;
        BatchSize = batchSize;
        // B = batch, W = width, D = output size.
        PreActivations = new float[spec.Depth][];
        HiddenOutputs = new float[spec.Depth][];
        for (int l = 0; l < spec.Depth; l++)
        {
            PreActivations[l] = new float[batchSize * spec.Width];  // Z_l [B × W]
            HiddenOutputs[l] = new float[batchSize * spec.Width];   // A_l = φ(Z_l) [B × W]
        }
        Output = new float[batchSize * spec.OutputSize];            // Y [B × D]
        int widest = Math.Max(spec.Width, Math.Max(spec.InputSize, spec.OutputSize));
        GradientA = new float[batchSize * widest];
        GradientB = new float[batchSize * widest];
    }

    public MlpSpec Spec { get; }
    public int BatchSize { get; }

    internal float[][] PreActivations { get; }
    internal float[][] HiddenOutputs { get; }

    /// <summary>Network output of the last forward pass, [BatchSize × OutputSize].</summary>
    public float[] Output { get; }

    internal float[] GradientA { get; }
    internal float[] GradientB { get; }
}
