// Strict matching widens its float-rounding allowance by 1/(1 − ρ) at certified attractors: an end
// point that is that far from x̂ but no farther matches once ρ is attached, and not before.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class ContractionAllowanceTests
{
    [Fact]
    public void An_end_point_between_the_plain_and_the_widened_threshold_matches_only_with_radii()
    {
        // f(x) = x/2 + (0.5, 1): fixed point p = (1, 2), ρ = 0.5. The anchor sits 6e-6 off p; the plain
        // strict distance is 1e-7 + 16·2⁻²³·‖anchor‖ ≈ 4.4e-6, widened by 1/(1 − 0.5) ≈ 8.6e-6.
        var map = KnownMaps.Affine([0.5f, 0, 0, 0.5f], [0.5f, 1f]);
        var anchor = new Matrix(1, 2, [1f + 6e-6f, 2f]);
        var plain = new AssociativeMemory(map, anchor.Clone(), anchors: anchor);
        var options = new RecallOptions();
        double narrow = Recall.StrictThreshold(anchor.Row(0), options), wide = Recall.StrictThreshold(anchor.Row(0), options, 0.5);
        Assert.InRange(6e-6, narrow, wide);
        Assert.Equal(2 * (narrow - 1e-7), wide - 1e-7, 1e-15);

        var inputs = new Matrix(1, 2, [1.3f, 1.8f]);
        var before = Recall.Run(plain, ReferenceGemm.Instance, inputs, options)[0];
        Assert.Equal(RecallOutcome.SpuriousFixedPoint, before.Outcome);
        var after = Recall.Run(plain.WithSpectralRadii([0.5]), ReferenceGemm.Instance, inputs, options)[0];
        Assert.Equal((RecallOutcome.StoredExample, 0), (after.Outcome, after.Example));
    }

    [Fact]
    public void Repellers_get_no_widening_and_the_widening_is_capped()
    {
        var anchor = new float[] { 3f, 4f };
        var options = new RecallOptions();
        double plain = Recall.StrictThreshold(anchor, options);
        Assert.Equal(plain, Recall.StrictThreshold(anchor, options, 1.7));
        Assert.Equal(plain, Recall.StrictThreshold(anchor, options, 1.0));
        double capped = Recall.StrictThreshold(anchor, options, 0.999999);
        Assert.Equal(1e-7 + (plain - 1e-7) * Recall.MaxContractionWidening, capped, 1e-15);
    }

    [Fact]
    public void Radii_must_match_the_stored_count()
    {
        var memory = new AssociativeMemory(KnownMaps.Affine([0.5f, 0, 0, 0.5f], [0, 0]), new Matrix(2, 2));
        Assert.Contains("1 spectral radii for 2 stored examples", Assert.Throws<ArgumentException>(() => memory.WithSpectralRadii([0.5])).Message);
    }
}
