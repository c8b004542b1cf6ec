// AssociativeMemory.LocateFixedPoints: locating in parallel gives bitwise the serial answer.
// FixedPointLocator's two Newton systems (d×d when w ≥ d, w×w Woodbury when w < d) find a
// repelling fixed point planted by construction, which plain iteration leaves.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class LocateFixedPointsTests
{
    [Fact]
    public void Parallel_workers_locate_the_same_points_as_one_thread()
    {
        var mlp = TestNets.Random(new MlpSpec(12, 12, 3, 24, Activation.Tanh), seed: 4, scale: 0.5);
        var examples = new Matrix(9, 12);
        new Rng(3).FillUniform(examples.Data, -1, 1);
        var memory = new AssociativeMemory(mlp, examples);
        using var gemm = new ManagedGemm(2);
        var (serial, one) = memory.LocateFixedPoints(gemm);
        var (parallel, many) = memory.LocateFixedPoints(gemm, threads: 3);
        Assert.Equal(serial.Anchors.Data, parallel.Anchors.Data);
        Assert.Equal(one.Select(p => (p.Residual, p.Offset, p.Steps)), many.Select(p => (p.Residual, p.Offset, p.Steps)));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.LocateFixedPoints(gemm, threads: 0));
    }

    [Theory]
    [InlineData(32)] // w ≥ d: the d×d system from one float GEMM
    [InlineData(8)] // w < d: the w×w Woodbury system
    public void Newton_finds_a_repelling_fixed_point_planted_in_the_output_bias(int width)
    {
        // Large weights make the map expanding; the output bias is set so that x* is a fixed point.
        var mlp = TestNets.Random(new MlpSpec(16, 16, 2, width, Activation.Tanh), seed: 7, scale: 4);
        using var gemm = new ManagedGemm(1);
        var planted = new float[16];
        new Rng(8).FillUniform(planted, -1, 1);
        FixedPointLocator.Residual(mlp, gemm, planted, out var image);
        for (int i = 0; i < 16; i++) mlp.Bias(2)[i] += planted[i] - image[i];
        Assert.True(FixedPointLocator.Residual(mlp, gemm, planted, out _) < 1e-5);

        var start = new float[16];
        new Rng(9).FillUniform(start, -0.01f, 0.01f);
        for (int i = 0; i < 16; i++) start[i] += planted[i];
        var iterated = start;
        for (int k = 0; k < 40; k++) FixedPointLocator.Residual(mlp, gemm, iterated, out iterated);
        Assert.True(Math.Sqrt(VectorOps.SumSquaredDifference(iterated, planted)) > 0.05, "iteration alone should leave x*: the map is not expanding there");

        var located = FixedPointLocator.Locate(mlp, gemm, start);
        Assert.True(located.Residual < 1e-5, $"residual {located.Residual}");
        Assert.True(Math.Sqrt(VectorOps.SumSquaredDifference(located.Point, planted)) < 1e-4);
        Assert.Equal(Math.Sqrt(VectorOps.SumSquaredDifference(located.Point, start)), located.Offset, 1e-12);
    }
}
