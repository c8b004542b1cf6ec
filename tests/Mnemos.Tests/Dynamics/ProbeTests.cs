// Probing finds the known spurious attractor of 2·tanh and splits inputs by the sign that decides
// their basin; memory files round-trip what recall and certification need.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class ProbeTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    [Fact]
    public void Probe_finds_the_mirror_attractor_and_counts_basins_by_sign()
    {
        float star = (float)KnownMaps.DoubleTanhFixedPoint();
        var memory = new AssociativeMemory(KnownMaps.DoubleTanh(), new Matrix(1, 1, [star])).LocateFixedPoints(Gemm).Memory;
        var inputs = Probe.Gaussian(1, 200, variance: 4, new Rng(3));
        var report = Probe.Run(memory, Gemm, inputs);

        // x > 0 flows to +x*, x < 0 to −x* (0 itself is the repelling fixed point, drawn with probability 0).
        int positive = inputs.Data.Count(v => v > 0);
        Assert.Equal(positive, report.PerExample[0]);
        Assert.Equal(positive, report.ReachedStored);
        var spurious = Assert.Single(report.Spurious);
        Assert.Equal(200 - positive, spurious.Count);
        Assert.Equal(-star, spurious.Point[0], 1e-5);
        Assert.Equal(1, spurious.Period);
        Assert.Equal(0, report.Diverged + report.NotConverged);
    }

    [Fact]
    public void Uniform_inputs_cover_the_data_range()
    {
        var memory = new AssociativeMemory(KnownMaps.Affine([0.5f, 0, 0, 0.5f], [0, 0]), new Matrix(2, 2, [0.2f, 0.4f, 0.9f, 0.5f]));
        var inputs = Probe.Uniform(memory, 500, new Rng(1));
        Assert.All(inputs.Data, v => Assert.InRange(v, 0.2f, 0.9f));
        Assert.True(inputs.Data.Min() < 0.25f && inputs.Data.Max() > 0.85f);
    }

    [Fact]
    public void Memory_file_round_trips_examples_anchors_and_cycles()
    {
        using var dir = new TempDirectory();
        var points = new Matrix(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var memory = new AssociativeMemory(KnownMaps.ShiftedSigmoid(20), points, cycles: [[0, 1, 2]]);
        string path = dir.File("m.safetensors");
        MemoryFile.Save(path, memory);

        var (loaded, _) = MemoryFile.Load(path);
        Assert.Equal(memory.Examples.Data, loaded.Examples.Data);
        Assert.Equal(memory.Anchors.Data, loaded.Anchors.Data);
        Assert.Equal([0, 1, 2], Assert.Single(loaded.Cycles));
        Assert.Equal(memory.Model.Parameters, loaded.Model.Parameters);
    }

    [Fact]
    public void Located_cycle_points_map_onto_each_other_and_stay_near_the_stored_ones()
    {
        var memory = new AssociativeMemory(KnownMaps.ShiftedSigmoid(20), new Matrix(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]), cycles: [[0, 1, 2]]);
        var (located, ok) = CycleLocator.Locate(memory, Gemm);

        Assert.True(Assert.Single(ok));
        for (int j = 0; j < 3; j++)
        {
            var point = located.Anchors.Row(j);
            double offset = Math.Sqrt(Mnemos.Kernels.VectorOps.SumSquaredDifference(point, memory.Examples.Row(j)));
            Assert.InRange(offset, 1e-6, 1e-3); // σ(±10) is 4.5e-5 away from 0 and 1
            Mnemos.Dynamics.FixedPointLocator.Residual(located.Model, Gemm, point, out var image);
            double step = Math.Sqrt(Mnemos.Kernels.VectorOps.SumSquaredDifference(image, located.Anchors.Row((j + 1) % 3)));
            Assert.True(step < 1e-7, $"f(point {j}) is {step} from point {j + 1}");
        }
    }

    [Fact]
    public void A_plain_model_file_is_not_a_memory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plain.safetensors");
        Mnemos.Storage.ModelFile.Save(path, KnownMaps.DoubleTanh());
        var error = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Contains("no stored examples", error.Message);
    }
}
