// The store pipeline's statuses on maps whose answers are known in closed form: f(x) = 2·tanh(x)
// (attracting fixed points ±1.9150, a repelling one at 0), a map with no fixed point, and a
// contraction; each status and each reason for "not stored" is pinned, and the bounds are checked
// against their formulas.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class MemoryBuilderTests
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Reference, 1);

    static StoredMemory Build(Mnemos.Nn.Mlp map, params float[][] examples)
    {
        var data = new Matrix(examples.Length, examples[0].Length, examples.SelectMany(x => x).ToArray());
        return MemoryBuilder.Build(new AssociativeMemory(map, data), Gemm, threads: 1);
    }

    [Fact]
    public void An_example_next_to_an_attracting_fixed_point_is_stored_as_an_attractor()
    {
        // x = 1.9 is 0.015 from x* = 1.91501; the training residual |2 tanh(1.9) − 1.9| = 0.0125.
        var stored = Build(KnownMaps.DoubleTanh(), [1.9f]);
        var unit = Assert.Single(stored.Units);
        Assert.Equal(StorageStatus.StoredAttractor, unit.Status);
        Assert.Equal(KnownMaps.DoubleTanhFixedPoint(), stored.Memory.Anchors[0, 0], 1e-6);
        Assert.Equal(Math.Abs(2 * Math.Tanh(1.9) - 1.9), unit.TrainingResidual, 1e-6);
        Assert.Equal(KnownMaps.DoubleTanhFixedPoint() - 1.9, unit.Offset, 1e-6);
        double slope = 2 * (1 - Math.Pow(KnownMaps.DoubleTanhFixedPoint() / 2, 2));
        Assert.Equal(slope, unit.Certificate.SpectralRadius, 1e-6);
        Assert.Equal("1 of 1 example stored: 1 attractor, 0 not an attractor, 0 undecided", stored.Summary());
        Assert.Equal([true], stored.Memory.StoredRows!);
    }

    [Fact]
    public void An_example_at_a_repelling_fixed_point_is_stored_but_not_an_attractor()
    {
        var stored = Build(KnownMaps.DoubleTanh(), [0.001f]);
        var unit = Assert.Single(stored.Units);
        Assert.Equal(StorageStatus.StoredNotAttractor, unit.Status);
        Assert.Equal(2, unit.Certificate.SpectralRadius, 1e-6); // f′(0) = 2
        Assert.True(unit.Offset < 2e-3, $"offset {unit.Offset}");
    }

    [Fact]
    public void A_fixed_point_beyond_the_offset_bound_leaves_its_example_not_stored()
    {
        // From 1.5 Newton reaches x* = 1.915, 0.415 away; the bound is min(1000·0.31, √(1·1e-2)) = 0.1.
        var stored = Build(KnownMaps.DoubleTanh(), [1.5f]);
        var unit = Assert.Single(stored.Units);
        Assert.Equal(StorageStatus.NotStored, unit.Status);
        Assert.Equal(StorageFailure.TooFar, unit.Failure);
        Assert.Equal(0.1, unit.OffsetBound, 1e-9);
        Assert.Equal(KnownMaps.DoubleTanhFixedPoint() - 1.5, unit.Offset, 1e-6);
        Assert.Contains("from the example, beyond 0.1", unit.Reason);
        // The certificate is still there, and says what the linearization at x̂ does.
        Assert.Equal(StorageStatus.NotStored, unit.Status);
        Assert.True(unit.Certificate.SpectralRadius < 1);
        Assert.Equal([false], stored.Memory.StoredRows!);
    }

    [Fact]
    public void Two_examples_that_share_one_fixed_point_are_both_not_stored()
    {
        // Both converge to x* = 1.915: 1.85 is nearer to the other example, 1.95 finds its x̂ taken.
        var stored = Build(KnownMaps.DoubleTanh(), [1.85f], [1.95f]);
        Assert.All(stored.Units, u => Assert.Equal(StorageStatus.NotStored, u.Status));
        Assert.Equal(StorageFailure.NearerOther, stored.Units[0].Failure);
        Assert.Equal(1, stored.Units[0].Other);
        Assert.Equal(StorageFailure.Shared, stored.Units[1].Failure);
        Assert.Equal(0, stored.Units[1].Other);
        Assert.Equal("0 of 2 examples stored: 0 attractors, 0 not an attractor, 0 undecided", stored.Summary());
    }

    [Fact]
    public void Where_Newton_finds_no_fixed_point_the_example_is_not_stored()
    {
        // f(x) = x + 1 has no fixed point: I − J is singular, the residual stays 1.
        var stored = Build(KnownMaps.Affine([1], [1]), [0.5f]);
        var unit = Assert.Single(stored.Units);
        Assert.Equal(StorageFailure.NoFixedPoint, unit.Failure);
        Assert.Equal(1, unit.Residual, 1e-7);
        Assert.Equal(1e-5, unit.ResidualBound, 1e-12);
        Assert.StartsWith("no fixed point located: ‖f(x̂) − x̂‖ = 1 > 1E-05", unit.Reason);
    }

    [Fact]
    public void Saved_anchors_that_are_not_fixed_points_are_named_and_keep_their_certificate()
    {
        // Anchors given as they are (a memory file's x̂): 1.9 is not a fixed point of 2·tanh.
        var data = new Matrix(2, 1, [1.9f, 0.001f]);
        var anchors = new Matrix(2, 1, [1.9f, 0f]);
        var stored = MemoryBuilder.Assess(new AssociativeMemory(KnownMaps.DoubleTanh(), data, anchors: anchors), Gemm, threads: 1);
        Assert.Equal(StorageFailure.NoFixedPoint, stored.Units[0].Failure);
        Assert.Equal(Math.Abs(2 * Math.Tanh(1.9) - 1.9), stored.Units[0].Residual, 1e-6);
        Assert.Equal(2 * (1 - Math.Tanh(1.9) * Math.Tanh(1.9)), stored.Units[0].Certificate.SpectralRadius, 1e-6);
        Assert.Equal(StorageStatus.StoredNotAttractor, stored.Units[1].Status);
    }

    [Fact]
    public void A_stored_cycle_is_one_unit_and_a_point_off_every_cycle_is_not()
    {
        // ShiftedSigmoid(20) carries e₁ → e₂ → e₃ → e₁ (approximately) and attracts.
        var data = new Matrix(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var stored = MemoryBuilder.Build(new AssociativeMemory(KnownMaps.ShiftedSigmoid(20), data, [[0, 1, 2]]), Gemm, threads: 1);
        var unit = Assert.Single(stored.Units);
        Assert.True(unit.IsCycle);
        Assert.Equal(StorageStatus.StoredAttractor, unit.Status);
        Assert.Equal([0, 1, 2], unit.Rows);

        // Stored as the wrong cycle (e₁ → e₃ → e₂) the points are not where f goes: no cycle located.
        var wrong = MemoryBuilder.Build(new AssociativeMemory(KnownMaps.ShiftedSigmoid(20), data, [[0, 2, 1]]), Gemm, threads: 1);
        Assert.Equal(StorageFailure.NoFixedPoint, Assert.Single(wrong.Units).Failure);
        Assert.StartsWith("no cycle located", wrong.Units[0].Reason);
    }

    [Theory]
    [InlineData(1e-6, 3)]
    [InlineData(0.5, 3)]
    [InlineData(0.002, 400)]
    public void The_offset_bound_is_the_smaller_of_the_amplified_residual_and_the_loose_radius(double residual, int d)
    {
        var x = new float[d];
        new Rng(5).FillUniform(x, 0, 1);
        double norm = Math.Sqrt(x.Sum(v => (double)v * v));
        double expected = Math.Min(1000 * residual + 16 * Math.Pow(2, -23) * norm, Math.Sqrt(d * 1e-2));
        Assert.Equal(expected, StorageCriteria.OffsetBound(residual, x), 1e-15);
    }
}
