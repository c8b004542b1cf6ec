// Certified basin radii against maps whose basins are known in closed form (x ↦ 2·tanh x and its
// products and rotations in the plane), and against sampling on a small trained memory: no start
// inside a certified radius may fail to come back.
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Imaging;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;
using Xunit.Abstractions;

namespace Mnemos.Tests.Dynamics;

public class BasinRadiusTests(ITestOutputHelper output)
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Reference, 1);

    /// <summary>
    /// The certified radius may be this many times smaller than the true one on the closed-form maps:
    /// the bounds use sup|tanh″| over the whole ball and a margin on the contraction; measured 1.7–2.5×.
    /// </summary>
    const double KnownMapFactor = 4;

    // x* = a·tanh(x*) > 0 by bisection in double.
    static double Root(double a)
    {
        double lo = 1e-6, hi = a + 1;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (a * Math.Tanh(mid) - mid > 0) lo = mid; else hi = mid;
        }
        return lo;
    }

    [Fact]
    public void Double_tanh_radius_lies_inside_the_true_basin_and_within_the_stated_factor()
    {
        // The basin of x* is (0, ∞): the largest ball around x* inside it has radius x*.
        double root = KnownMaps.DoubleTanhFixedPoint();
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            var c = BasinRadius.Certify(KnownMaps.DoubleTanh(), Gemm, [(float)(sign * root)]);
            output.WriteLine($"x* = {sign * root:F4}: r = {c.Radius:F4} (true {root:F4}), q = {c.Contraction:F4}, ρ_J = {c.ContractionRadius:E3}, ρ = {c.ReducedRadius:E3}");
            Assert.InRange(c.Radius, root / KnownMapFactor, root);
            Assert.InRange(c.ExactRadius, c.Radius, root);
        }
    }

    /// <summary>f(x) = Q·diag(a)·tanh(Qᵀx) in the plane: the diagonal map a·tanh, turned by θ.</summary>
    static Mlp TurnedTanh(double a0, double a1, double theta)
    {
        var mlp = new Mlp(new MlpSpec(2, 2, 1, 2, Activation.Tanh));
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        float[] q = [(float)cos, (float)-sin, (float)sin, (float)cos]; // Q row-major
        var w0 = mlp.Weight(0);
        var w1 = mlp.Weight(1);
        double[] a = [a0, a1];
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < 2; k++)
            {
                w0[r * 2 + k] = q[k * 2 + r];              // Qᵀ
                w1[r * 2 + k] = (float)(q[r * 2 + k] * a[k]); // Q·diag(a)
            }
        return mlp;
    }

    [Theory]
    [InlineData(2.0, 2.0, 0.0)]
    [InlineData(2.0, 1.5, 0.0)]
    [InlineData(2.0, 3.0, 0.7)]
    public void Plane_maps_get_a_radius_inside_the_quadrant_basin(double a0, double a1, double theta)
    {
        // Fixed point Q·(x₀*, x₁*); its basin is the turned open quadrant, so the true radius is min(x₀*, x₁*).
        var map = TurnedTanh(a0, a1, theta);
        double r0 = Root(a0), r1 = Root(a1);
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        float[] point = [(float)(cos * r0 - sin * r1), (float)(sin * r0 + cos * r1)];
        var fixedPoint = FixedPointLocator.Residual(map, Gemm, point, out _);
        Assert.True(fixedPoint < 1e-6, $"residual {fixedPoint}");
        var c = BasinRadius.Certify(map, Gemm, point);
        double truth = Math.Min(r0, r1);
        output.WriteLine($"a = ({a0}, {a1}), θ = {theta}: r = {c.Radius:F4} (true {truth:F4}), q = {c.Contraction:F4}");
        Assert.InRange(c.Radius, truth / KnownMapFactor, truth);
        Assert.InRange(c.ExactRadius, c.Radius, truth);
    }

    [Fact]
    public void A_repelling_fixed_point_gets_no_radius()
    {
        var c = BasinRadius.Certify(KnownMaps.DoubleTanh(), Gemm, [0f]);
        Assert.Equal(0, c.Radius);
        Assert.Equal(0, c.ExactRadius);
        Assert.True(c.Contraction >= 2, $"q = {c.Contraction} below f′(0) = 2");
    }
}

public class BasinRadiusSamplingTests(ITestOutputHelper output)
{
    const int Count = 5, Side = 14, Dimension = Side * Side, SamplesPerBall = 64;

    [Fact]
    public void No_start_inside_a_certified_radius_fails_to_come_back_on_a_trained_memory()
    {
        // Five Fashion-MNIST pictures at 14×14 stored by a 3×256 leaky-relu network (Adam 1e-3, pytorch
        // init, seed 0) to MSE 1e-8: all five are attractors (ρ 0.76–0.96), three get a radius > 0.
        var images = BundledData.LoadImages("fashion-mnist:train", Count);
        var data = new Matrix(Count, Dimension);
        for (int i = 0; i < Count; i++)
            Image.FromVector(images.Images.Row(i), images.Width, images.Height, 1).Resize(Side, Side).ToVector().CopyTo(data.Row(i));
        var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var mlp = new Mlp(new MlpSpec(Dimension, Dimension, 3, 256, Activation.LeakyRelu));
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
        var trainer = new Trainer(mlp, OptimizerSettings.Adam(1e-3).Create(mlp.Parameters.Length), TrainingTask.Autoencode(data), gemm);
        var training = trainer.Run(new TrainerOptions { MaxEpochs = 5000 });
        Assert.True(training.Converged, $"{training.Reason} at MSE {training.FinalLoss}");
        var stored = MemoryBuilder.Build(new AssociativeMemory(mlp, data), gemm, threads: 1);
        var basins = BasinRadius.All(stored, GemmBackend.Managed, threads: 1);
        var certified = Enumerable.Range(0, Count).Where(u => basins[u] is { Radius: > 0 }).ToArray();
        Assert.True(certified.Length >= 2, $"only {certified.Length} radii: {stored.Summary()}");

        // Starts uniform in each ball and on its sphere (half each), seeded; every one must recall its own example.
        var rng = new Rng(5);
        var starts = new Matrix(certified.Length * SamplesPerBall, Dimension);
        for (int i = 0; i < certified.Length; i++)
        {
            int u = certified[i];
            double r = basins[u]!.Radius;
            output.WriteLine($"example {u}: r = {r:E3}, q = {basins[u]!.Contraction:F3}, ρ = {stored.Units[u].Certificate.SpectralRadius:F3}");
            for (int s = 0; s < SamplesPerBall; s++)
            {
                var direction = Enumerable.Range(0, Dimension).Select(_ => rng.Gaussian()).ToArray();
                double norm = Math.Sqrt(direction.Sum(v => v * v));
                double t = s % 2 == 0 ? r : r * Math.Pow(rng.NextDouble(), 1.0 / Dimension);
                var row = starts.Row(i * SamplesPerBall + s);
                var anchor = stored.Memory.Anchors.Row(u);
                for (int c = 0; c < Dimension; c++) row[c] = (float)(anchor[c] + t * direction[c] / norm * (1 - 1e-6));
            }
        }
        var results = Recall.Run(stored.Memory, gemm, starts);
        for (int k = 0; k < results.Length; k++)
        {
            int u = certified[k / SamplesPerBall];
            Assert.True(results[k].Outcome == RecallOutcome.StoredExample && results[k].Example == u,
                $"start {k} within r = {basins[u]!.Radius:E3} of example {u} ended {results[k].Outcome} at example {results[k].Example}, {results[k].NearestDistance:E2} from its nearest");
        }

        // The empirical radius along seeded directions lies beyond the certified one.
        var empirical = EmpiricalRadius.All(stored, gemm, basins, new EmpiricalRadiusOptions { Directions = 4 });
        foreach (int u in certified)
        {
            output.WriteLine($"example {u}: empirical {empirical[u]!.Radius:E3}");
            Assert.True(basins[u]!.Radius <= empirical[u]!.Radius, $"example {u}: certified {basins[u]!.Radius:E3} beyond empirical {empirical[u]!.Radius:E3}");
        }
    }
}
