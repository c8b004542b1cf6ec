// The double refinement of a float fixed point (the centre of a certified basin ball): its residual
// reaches double rounding, and centring the proof there never gives a smaller radius than the float point.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Xunit.Abstractions;

namespace Mnemos.Tests.Dynamics;

public class DoubleFixedPointTests(ITestOutputHelper output)
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Reference, 1);

    /// <summary>‖f(x*) − x*‖₂ after refinement: double rounding of a small net's forward pass is ~1e−16 per unit.</summary>
    const double ResidualBound = 1e-12;

    /// <summary>A contracting random net (weights N(0, gain²/fan-in)) and its float fixed point by float iteration.</summary>
    static (Mlp Map, float[] Point) ContractingNet(int d, int width, int depth, Activation activation, int seed)
    {
        var mlp = new Mlp(new MlpSpec(d, d, depth, width, activation));
        var rng = new Rng((ulong)seed);
        for (int l = 0; l < mlp.Spec.LayerCount; l++)
        {
            var w = mlp.Weight(l);
            double scale = 0.6 / Math.Sqrt(mlp.Spec.LayerInputs(l));
            for (int i = 0; i < w.Length; i++) w[i] = (float)(scale * rng.Gaussian());
            var b = mlp.Bias(l);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(0.5 * rng.Gaussian());
        }
        var x = new float[d];
        var workspace = new MlpWorkspace(mlp.Spec, 1);
        for (int k = 0; k < 2000; k++) x = mlp.Forward(Gemm, x, workspace).ToArray();
        return (mlp, x);
    }

    public static TheoryData<int, int, int, Activation, int> Nets => new()
    {
        { 6, 8, 2, Activation.Tanh, 1 },
        { 5, 3, 3, Activation.Tanh, 2 },
        { 7, 12, 1, Activation.LeakyRelu, 3 },
        { 4, 16, 4, Activation.Swish, 4 },
    };

    [Theory]
    [MemberData(nameof(Nets))]
    public void Refined_centre_is_a_double_fixed_point(int d, int width, int depth, Activation activation, int seed)
    {
        var (map, point) = ContractingNet(d, width, depth, activation, seed);
        var net = new DoubleMlp(map);
        var before = DoubleFixedPoint.AsIs(net, point);
        var refined = DoubleFixedPoint.Refine(net, point);
        output.WriteLine($"residual {before.Residual:E2} → {refined.Residual:E2} in {refined.Steps} steps, shift {refined.Shift:E2}");
        Assert.True(refined.Residual <= ResidualBound, $"residual {refined.Residual:E2} after {refined.Steps} steps (float point {before.Residual:E2})");
        Assert.True(refined.Shift <= 10 * before.Residual + 1e-6, $"moved {refined.Shift:E2} from a float fixed point with residual {before.Residual:E2}");
    }

    [Fact]
    public void Refined_centre_of_double_tanh_is_its_root()
    {
        double root = KnownMaps.DoubleTanhFixedPoint();
        var refined = DoubleFixedPoint.Refine(new DoubleMlp(KnownMaps.DoubleTanh()), [(float)root]);
        Assert.InRange(refined.Point[0], root - 1e-14, root + 1e-14);
        Assert.True(refined.Residual <= 1e-15, $"residual {refined.Residual:E2}");
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Radius_never_shrinks_when_the_centre_is_exact(int d, int width, int depth, Activation activation, int seed)
    {
        var (map, point) = ContractingNet(d, width, depth, activation, seed);
        var exact = BasinRadius.Certify(map, Gemm, point);
        var asIs = BasinRadius.Certify(map, Gemm, point, new BasinOptions { RefineCentre = false });
        output.WriteLine($"float centre: r = {asIs.Radius:E3} (exact map {asIs.ExactRadius:E3}, residual {asIs.Offset:E2}); " +
            $"double centre: r = {exact.Radius:E3} (exact map {exact.ExactRadius:E3}, residual {exact.Offset:E2}, shift {exact.CentreShift:E2}, settle {exact.Settle:E2})");
        Assert.True(exact.Radius > 0, "no radius at a contracting fixed point");
        // Radii are stated around the float point, so the refined ball loses the shift x* − x̂ and nothing more.
        Assert.True(exact.Radius + exact.CentreShift >= asIs.Radius, $"radius {exact.Radius:E3} + shift {exact.CentreShift:E2} below {asIs.Radius:E3} of the float centre");
        Assert.True(exact.ExactRadius + exact.CentreShift >= asIs.ExactRadius, $"exact-map radius {exact.ExactRadius:E3} + shift {exact.CentreShift:E2} below {asIs.ExactRadius:E3} of the float centre");
        Assert.True(exact.Radius <= exact.ExactRadius, $"float radius {exact.Radius:E3} beyond the exact-map radius {exact.ExactRadius:E3}");
        Assert.True(exact.Offset <= ResidualBound, $"centre residual {exact.Offset:E2}");
    }
}
