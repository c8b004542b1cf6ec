// AssociativeMemory.LocateFixedPoints: locating in parallel gives bitwise the serial answer.
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
}
