// TiledForward: cutting a batch into row tiles on several workers changes no bit of any row.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Nn;

public class TiledForwardTests
{
    [Theory]
    [InlineData(1, 1, 128)]
    [InlineData(37, 2, 8)]
    [InlineData(300, 2, 128)]
    [InlineData(301, 3, 50)]
    [InlineData(1000, 2, 7)]
    public void Every_row_is_bitwise_the_whole_batch_forward(int rows, int threads, int tileRows)
    {
        var mlp = TestNets.Random(new MlpSpec(20, 20, 3, 48, Activation.Selu), seed: 5, scale: 1.0);
        var input = new float[rows * 20];
        new Rng(9).FillGaussian(input, 0, 1);
        using var gemm = new ManagedGemm(threads);
        var whole = mlp.Forward(gemm, input, new MlpWorkspace(mlp.Spec, rows)).ToArray();

        using var tiled = new TiledForward(mlp, gemm, tileRows);
        Assert.Equal(threads, tiled.Workers);
        var output = new float[rows * 20];
        tiled.Run(input, rows, output);
        Assert.Equal(whole, output);
        tiled.Run(input, rows, output); // reused workspaces give the same again
        Assert.Equal(whole, output);
    }

    [Fact]
    public void Other_backends_run_tiles_on_the_given_gemm_and_agree_with_it()
    {
        var mlp = TestNets.Random(new MlpSpec(6, 6, 2, 16, Activation.Cosid), seed: 2, scale: 1.0);
        var input = new float[50 * 6];
        new Rng(1).FillUniform(input, -1, 1);
        var whole = mlp.Forward(ReferenceGemm.Instance, input, new MlpWorkspace(mlp.Spec, 50)).ToArray();
        using var tiled = new TiledForward(mlp, ReferenceGemm.Instance, tileRows: 16);
        Assert.Equal(1, tiled.Workers);
        var output = new float[50 * 6];
        tiled.Run(input, 50, output);
        Assert.Equal(whole, output);
    }

    [Fact]
    public void Mismatched_buffers_are_rejected_with_the_sizes()
    {
        var mlp = TestNets.Random(new MlpSpec(4, 4, 1, 8, Activation.Relu), seed: 1, scale: 1.0);
        using var tiled = new TiledForward(mlp, ReferenceGemm.Instance);
        var error = Assert.Throws<ArgumentException>(() => tiled.Run(new float[7], 2, new float[8]));
        Assert.Contains("input has 7 values, expected 2×4", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TiledForward(mlp, ReferenceGemm.Instance, 0));
    }
}
