// The U-Net against PyTorch's own layers: scripts/torch_unet_golden.py builds the same architecture
// from torch.nn.Conv2d / ConvTranspose2d / MaxPool2d with seed 2, evaluates it in float64 and stores
// parameters, outputs, gradients, a Jacobian-vector product and Adam losses in golden/tiny_unet.npz.
using Mnemos.Conv;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Conv;

public class UNetGoldenTests
{
    // Our float32 passes against torch's float64 answers: a few hundred float roundings in a row.
    const double FloatRelative = 1e-5;
    const double FloatAbsolute = 1e-6;
    // Six Adam steps in float32 vs float64: Adam divides by √v̂, which amplifies gradient rounding
    // in the first steps; 1e-5 relative on the loss is still far below one step's change (~1e-3).
    const double AdamRelative = 1e-5;

    static readonly string Path = Golden.File("Conv", "tiny_unet.npz");

    static float[] Array(string name) => Npz.Read(Path, name).Data.ToArray();

    static double[] Wide(string name) => Array(name).Select(v => (double)v).ToArray();

    static (UNet Net, float[] X) Load()
    {
        var net = new UNet(new UNetSpec(3, 8, 8, 2, 2, Activation.Relu));
        Assert.Equal(net.ParameterTensors.Select(t => t.Name).Order(), Npz.List(Path)
            .Where(n => n.Contains(".weight") || n.Contains(".bias")).Where(n => !n.StartsWith("grad.")).Order());
        foreach (var t in net.ParameterTensors)
        {
            float[] values = Array(t.Name);
            Assert.Equal(t.Length, values.Length);
            values.CopyTo(net.Parameters, t.Offset);
        }
        return (net, Array("input"));
    }

    [Fact]
    public void Forward_matches_PyTorch()
    {
        var (net, x) = Load();
        var y = net.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance, x, new UNetWorkspace(net, 2));
        Tolerance.AllClose(Wide("output"), y, FloatRelative, FloatAbsolute, "output");
    }

    [Fact]
    public void Gradients_and_Jacobian_product_match_PyTorch_autograd()
    {
        var (net, x) = Load();
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var ws = new UNetWorkspace(net, 2);
        net.Forward(gemm, x, ws);
        var dInput = new float[x.Length];
        net.Backward(gemm, Array("probe"), ws, parameterGradients: true, dInput);
        Tolerance.AllClose(Wide("input_grad"), dInput, FloatRelative, FloatAbsolute, "input gradient");
        foreach (var t in net.ParameterTensors)
            Tolerance.AllClose(Wide("grad." + t.Name), net.Gradients.AsSpan(t.Offset, t.Length), FloatRelative, FloatAbsolute, "grad." + t.Name);
        var ju = net.Tangent(gemm, Array("tangent"), ws);
        Tolerance.AllClose(Wide("jvp"), ju, FloatRelative, FloatAbsolute, "J·u");
    }

    [Fact]
    public void Adam_autoencoding_losses_match_PyTorch()
    {
        var (net, x) = Load();
        double[] expected = Wide("adam_losses");
        int steps = expected.Length - 1;
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var trainer = new ConvTrainer(net, OptimizerSettings.Adam(1e-3).Create(net.ParameterCount),
            TrainingTask.Autoencode(new Matrix(2, x.Length / 2, x)), gemm);
        var result = trainer.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = steps });
        Assert.Equal(steps + 1, result.LossHistory.Count);
        for (int e = 0; e <= steps; e++)
            Tolerance.Close(expected[e], result.LossHistory[e].Loss, AdamRelative, 0, $"loss at epoch {e}");
    }
}
