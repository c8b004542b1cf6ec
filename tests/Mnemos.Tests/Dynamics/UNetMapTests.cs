// A U-Net as a memory's map: rows are H×W×C images converted to the U-Net's planes and back; batch
// iteration, residuals and certificates agree with the U-Net itself (UNet.Forward, ConvCertifier)
// on the converted images; Newton–GMRES finds points f maps onto themselves; recall end points of
// converged inputs are fixed points; Mlp-only features refuse the memory.
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Dynamics;

public class UNetMapTests
{
    const int Channels = 2, Side = 8, D = Channels * Side * Side;

    static UNetMap Map(ulong seed = 3, int depth = 1)
    {
        var net = new UNet(new UNetSpec(Channels, Side, Side, depth, 4, Activation.Relu));
        net.InitPyTorch(new Rng(seed));
        return new UNetMap(net);
    }

    // Row (y, x, c) at (y·W + x)·C + c; plane c at c·H·W + y·W + x: written out here, not taken from UNetMap.
    static float[] Planes(ReadOnlySpan<float> rows)
    {
        var planes = new float[rows.Length];
        for (int n = 0; n < rows.Length / D; n++)
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                    for (int c = 0; c < Channels; c++)
                        planes[n * D + c * Side * Side + y * Side + x] = rows[n * D + (y * Side + x) * Channels + c];
        return planes;
    }

    static Matrix Rows(int count, ulong seed) => new(count, D, Uniform(count * D, seed));

    [Fact]
    public void Rows_become_planes_channel_by_channel_and_back()
    {
        var map = Map();
        var rows = Uniform(3 * D, 7);
        var planes = new float[rows.Length];
        map.ToPlanes(rows, planes);
        Assert.Equal(Planes(rows), planes);
        var back = new float[rows.Length];
        map.ToRows(planes, back);
        Assert.Equal(rows, back);
        Assert.Equal("8x8x2", map.Image.ToString());
    }

    [Fact]
    public void Batch_gives_the_UNet_forward_of_every_row_across_tiles()
    {
        var map = Map();
        var inputs = Rows(21, 11); // more than one tile of 16 images, and a remainder
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var output = new float[inputs.Data.Length];
        using (var batch = map.Batch(gemm)) batch.Run(inputs.Data, inputs.Rows, output);
        for (int n = 0; n < inputs.Rows; n++)
        {
            var expected = map.Net.Forward(gemm, Planes(inputs.Row(n)), new UNetWorkspace(map.Net, 1)).ToArray();
            var got = Planes(output.AsSpan(n * D, D));
            Tolerance.AllClose(Widen(expected), got, 1e-6, 1e-7, $"row {n}");
        }
    }

    [Fact]
    public void Residual_is_the_distance_from_the_row_to_its_image()
    {
        var map = Map();
        var x = Uniform(D, 5);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        double residual = map.Residual(gemm, x, out var image);
        var expected = map.Net.Forward(gemm, Planes(x), new UNetWorkspace(map.Net, 1)).ToArray();
        Assert.Equal(expected, Planes(image));
        double square = 0;
        for (int i = 0; i < D; i++) square += Math.Pow((double)image[i] - x[i], 2);
        Tolerance.Close(Math.Sqrt(square), residual, 1e-6, 0, "residual"); // VectorOps sums in float
    }

    [Fact]
    public void Certifying_a_conv_memory_gives_ConvCertifier_certificates_at_the_anchors()
    {
        var map = Map();
        var memory = new AssociativeMemory(map, Rows(3, 13));
        var options = new CertifyOptions { TopCount = 3 };
        var certificates = Certifier.All(memory, options, GemmBackend.Managed, threads: 2);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        for (int i = 0; i < memory.Count; i++)
        {
            var expected = ConvCertifier.FixedPoint(map.Net, gemm, Planes(memory.Anchors.Row(i)), options);
            Assert.Equal(expected.SpectralRadius, certificates[i].SpectralRadius);
            Assert.Equal(expected.SpectralRadiusError, certificates[i].SpectralRadiusError);
            Assert.Equal(expected.FixedPointResidual, certificates[i].FixedPointResidual);
            Assert.Equal(expected.Verdict, certificates[i].Verdict);
        }
    }

    [Fact]
    public void Newton_GMRES_locates_a_point_the_network_maps_onto_itself()
    {
        var map = Map();
        var start = Uniform(D, 17);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        double startResidual = map.Residual(gemm, start, out _);
        var located = map.Locate(gemm, start);
        Assert.Equal(located.Residual, map.Residual(gemm, located.Point, out _));
        Assert.True(located.Steps >= 1, "Newton took no step");
        // f(x) − x starts at order 1; float passes pin a fixed point down to about 1e-6 of ‖x‖.
        Assert.True(located.Residual < 1e-4 && located.Residual < startResidual * 1e-3, $"residual {located.Residual} from {startResidual}");
        Assert.Equal(Math.Sqrt(VectorOps.SumSquaredDifference(located.Point, start)), located.Offset, 1e-9);
    }

    [Fact]
    public void Recall_end_points_of_converged_inputs_are_fixed_points()
    {
        var map = Map();
        var memory = new AssociativeMemory(map, Rows(3, 19));
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var options = new RecallOptions { Tolerance = 1e-5, MaxSteps = 500 };
        var results = Recall.Run(memory, gemm, Rows(5, 23), options);
        Assert.Contains(results, r => r.Outcome is RecallOutcome.SpuriousFixedPoint or RecallOutcome.StoredExample);
        foreach (var r in results.Where(r => r.Outcome is RecallOutcome.SpuriousFixedPoint or RecallOutcome.StoredExample))
        {
            double residual = map.Residual(gemm, r.EndPoint, out _);
            Assert.True(residual < 10 * options.Tolerance, $"end point residual {residual} after {r.Steps} steps");
        }
    }

    [Fact]
    public void Rows_of_another_size_are_refused_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => new AssociativeMemory(Map(), new Matrix(2, D + 1)));
        Assert.Equal($"stored examples have {D + 1} values but the U-Net maps 8x8x2 images ({D} values)", e.Message);
    }

    [Fact]
    public void Mlp_only_features_refuse_a_conv_memory_in_one_line()
    {
        var memory = new AssociativeMemory(Map(), Rows(2, 29));
        var e = Assert.Throws<NotSupportedException>(() => memory.Model);
        Assert.Equal("AssociativeMemory.Model needs a fully connected memory; this one is a unet memory", e.Message);
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var stored = MemoryBuilder.Build(memory, gemm, threads: 1);
        Assert.Throws<NotSupportedException>(() => BasinRadius.All(stored, GemmBackend.Managed, 1));
        Assert.Throws<ArgumentException>(() => memory.Map.Certifier(new CertifyOptions())(gemm, [memory.Anchors.Row(0).ToArray(), memory.Anchors.Row(1).ToArray()]));
    }

    [Fact]
    public void Statuses_of_a_conv_memory_agree_with_its_certificates()
    {
        var memory = new AssociativeMemory(Map(), Rows(3, 31));
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var stored = MemoryBuilder.Build(memory, gemm, threads: 1);
        foreach (var unit in stored.Units)
        {
            if (unit.Failure != StorageFailure.None) Assert.Equal(StorageStatus.NotStored, unit.Status);
            else Assert.Equal(unit.Certificate.Verdict switch
            {
                Verdict.Attractor => StorageStatus.StoredAttractor,
                Verdict.NotAttractor => StorageStatus.StoredNotAttractor,
                _ => StorageStatus.Undecided,
            }, unit.Status);
            double residual = memory.Map.Residual(gemm, stored.Memory.Anchors.Row(unit.Unit), out _);
            Assert.Equal(residual, unit.Residual);
        }
        Assert.Equal(stored.Units.Select(u => u.Certificate.SpectralRadius), stored.Memory.SpectralRadii!);
    }

    [Fact]
    public void Recovery_of_a_conv_memory_scores_the_recall_of_the_same_corrupted_images()
    {
        var memory = new AssociativeMemory(Map(), Rows(3, 37));
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var corruption = new Corruption.Gaussian(0.05);
        var options = new RecoveryOptions { Seed = 4, Recall = new RecallOptions { MaxSteps = 200, Tolerance = 1e-5 } };
        var point = Recovery.Run(memory, gemm, [corruption], memory.Map.Image!.Value, options).Points[0];
        Assert.Equal(3, point.Inputs);
        Assert.Equal(point.Inputs, point.NetworkRecovered + point.OtherExample + point.Spurious + point.Diverged + point.NotConverged);

        var inputs = Corruptions.Apply(corruption, memory.Examples, memory.Map.Image!.Value, Recovery.Stream(corruption, options.Seed));
        var results = Recall.Run(memory, gemm, inputs, options.Recall);
        Assert.Equal(results.Count(r => r.Outcome is RecallOutcome.SpuriousFixedPoint or RecallOutcome.SpuriousCycle), point.Spurious);
        Assert.Equal(results.Count(r => r.Outcome == RecallOutcome.NotConverged), point.NotConverged);
        Assert.Equal(Enumerable.Range(0, 3).Count(i => results[i].Example == i), point.NetworkRecovered);
    }
}
