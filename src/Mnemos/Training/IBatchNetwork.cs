// What the Trainer needs of a network: its flat parameters and gradients, and one full-batch forward
// and backward pass with its own workspace. An Mlp (Trainer's constructor) and a U-Net
// (Conv.ConvTrainer) both train through the one loop in Trainer.
using Mnemos.Kernels;

namespace Mnemos.Training;

/// <summary>A network fitted by <see cref="Trainer"/>, set up for a batch of a fixed number of rows.</summary>
internal interface IBatchNetwork
{
    float[] Parameters { get; }
    float[] Gradients { get; }

    /// <summary>The outputs for all rows of <paramref name="inputs"/>, row after row.</summary>
    ReadOnlySpan<float> Forward(IGemm gemm, ReadOnlySpan<float> inputs);

    /// <summary>
    /// Sets <see cref="Gradients"/> to the gradient of the loss whose gradient with respect to the
    /// outputs of the last <see cref="Forward"/> (on <paramref name="inputs"/>) is <paramref name="outputGradient"/>.
    /// </summary>
    void Backward(IGemm gemm, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGradient);
}
