// ActivationKernels against the double reference: values, slopes and backward on dense grids, random
// and special inputs, every lane width and tail length, extremes, NaN, aliasing and bad lengths.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;
using K = Mnemos.Kernels.ActivationKernels;

namespace Mnemos.Tests.Kernels;

public class ActivationKernelTests
{
    /// <summary>Results are rounded once from double, so 0.5 ulp is expected; 1 ulp leaves room for
    /// the reference's own rounding. The absolute floor covers reference formulas that cancel in
    /// double (1 − tanh², σ(1 − σ), eˣ − 1, −sin x − 1 near −1), each good only to ~2e-16.</summary>
    const double UlpLimit = 1.0;
    const double AbsoluteFloor = 1e-15;

    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    [Theory, MemberData(nameof(All))]
    public void Forward_matches_reference_within_one_ulp(Activation a)
    {
        var z = TestInputs();
        var y = new float[z.Length];
        K.Forward(a, z, y);
        UlpCheck.Within($"{a} value", z, y, i => ReferenceActivations.Value(a, z[i]), UlpLimit, AbsoluteFloor);
    }

    [Theory, MemberData(nameof(All))]
    public void Derivative_matches_reference_within_one_ulp(Activation a)
    {
        var z = TestInputs();
        var d = new float[z.Length];
        K.Derivative(a, z, d);
        UlpCheck.Within($"{a} slope", z, d, i => ReferenceActivations.Derivative(a, z[i]), UlpLimit, AbsoluteFloor);
    }

    [Theory, MemberData(nameof(All))]
    public void Backward_is_upstream_times_reference_slope_within_one_ulp(Activation a)
    {
        var z = TestInputs();
        var dy = Random(z.Length, seed: 11, scale: 3);
        var dz = new float[z.Length];
        K.Backward(a, z, dy, dz);
        UlpCheck.Within($"{a} backward", z, dz, i => dy[i] * ReferenceActivations.Derivative(a, z[i]), UlpLimit, AbsoluteFloor);
    }

    [Theory, MemberData(nameof(All))]
    public void Every_lane_width_and_tail_length_gives_bitwise_identical_results(Activation a)
    {
        foreach (int n in new[] { 0, 1, 7, 16, 17, 33, 100 })
        {
            var z = Random(n, seed: (ulong)(100 + n), scale: 20);
            var dy = Random(n, seed: (ulong)(200 + n), scale: 1);
            var expected = Run(a, z, dy, K.Forward, K.Derivative, K.Backward);
            var variants = new (string Name, float[][] Result)[]
            {
                ("512", Run(a, z, dy, K.Forward<K.V512>, K.Derivative<K.V512>, K.Backward<K.V512>)),
                ("256", Run(a, z, dy, K.Forward<K.V256>, K.Derivative<K.V256>, K.Backward<K.V256>)),
                ("128", Run(a, z, dy, K.Forward<K.V128>, K.Derivative<K.V128>, K.Backward<K.V128>)),
                ("scalar", Run(a, z, dy, K.Forward<K.Scalar>, K.Derivative<K.Scalar>, K.Backward<K.Scalar>)),
            };
            foreach (var (name, result) in variants)
                for (int m = 0; m < 3; m++)
                    for (int i = 0; i < n; i++)
                        Assert.True(BitConverter.SingleToInt32Bits(expected[m][i]) == BitConverter.SingleToInt32Bits(result[m][i]),
                            $"{a} {name} lanes, length {n}, output {m}, element {i} (z = {z[i]:R}): {result[m][i]:R} vs {expected[m][i]:R}");
        }
    }

    [Theory, MemberData(nameof(All))]
    public void Kernels_write_exactly_the_length_of_z(Activation a)
    {
        foreach (int n in new[] { 0, 1, 7, 16, 17, 33, 100 })
        {
            var z = Random(n, seed: 5, scale: 4);
            var y = Enumerable.Repeat(-7f, n + 9).ToArray();
            K.Forward(a, z, y);
            UlpCheck.Within($"{a} value, length {n}", z, y.AsSpan(0, n), i => ReferenceActivations.Value(a, z[i]), UlpLimit, AbsoluteFloor);
            Assert.All(y[n..], v => Assert.Equal(-7f, v));
        }
    }

    [Theory]
    [InlineData(Activation.Selu, 1e4, 1.0507009873554805e4, 1.0507009873554805)]
    [InlineData(Activation.Selu, -1e4, -1.7580993408473766, 0)]
    [InlineData(Activation.Selu, -100, -1.7580993408473766, 6.540263121344393e-44)]
    [InlineData(Activation.Sigmoid, 1e4, 1, 0)]
    [InlineData(Activation.Sigmoid, -1e4, 0, 0)]
    [InlineData(Activation.Sigmoid, 100, 1, 3.720075976020836e-44)]
    [InlineData(Activation.Swish, 1e4, 1e4, 1)]
    [InlineData(Activation.Swish, -1e4, 0, 0)]
    [InlineData(Activation.Swish, -100, -3.720075976020836e-42, -3.6828752162606276e-42)]
    [InlineData(Activation.Tanh, 1e4, 1, 0)]
    [InlineData(Activation.Tanh, -1e4, -1, 0)]
    [InlineData(Activation.Tanh, -100, -1, 0)]
    [InlineData(Activation.Sigmoid, 3e38, 1, 0)]
    [InlineData(Activation.Swish, -3e38, 0, 0)]
    [InlineData(Activation.Selu, -3e38, -1.7580993408473766, 0)]
    public void Extreme_inputs_give_the_finite_limits(Activation a, double x, double value, double slope)
    {
        // Expected: the limits in closed form (SELU: −scale·alpha, slope scale·alpha·e⁻¹⁰⁰; σ′(100) = e⁻¹⁰⁰;
        // swish(−100) = −100·e⁻¹⁰⁰, its slope e⁻¹⁰⁰·(1 − 100)), rounded to float, denormals included.
        float[] z = [(float)x], y = new float[1], d = new float[1];
        K.Forward(a, z, y);
        K.Derivative(a, z, d);
        Assert.Equal((float)value, y[0]);
        Assert.Equal((float)slope, d[0]);
    }

    [Fact]
    public void Tails_that_cancel_in_the_textbook_formulas_keep_full_relative_accuracy()
    {
        // Independent closed forms: SELU near 0⁻ is scale·alpha·x (eˣ − 1 ≈ x to 1e-30); for large x,
        // σ′(x) = e⁻ˣ and tanh′(x) = 4e⁻²ˣ to double precision.
        const double scaleAlpha = Activations.SeluScale * Activations.SeluAlpha;
        float[] tiny = [-1e-30f, -3e-20f, -1e-12f];
        UlpCheck.Within("selu near 0", tiny, Values(Activation.Selu, tiny), i => scaleAlpha * tiny[i] * (1 + tiny[i] / 2), UlpLimit, 0);
        float[] large = [40, 55.5f, 70, 87];
        UlpCheck.Within("sigmoid slope", large, Slopes(Activation.Sigmoid, large), i => Math.Exp(-large[i]), UlpLimit, 0);
        float[] half = [20, 27.75f, 35, 43.5f];
        UlpCheck.Within("tanh slope", half, Slopes(Activation.Tanh, half), i => 4 * Math.Exp(-2.0 * half[i]), UlpLimit, 0);
    }

    [Theory]
    [InlineData(Activation.Cosid)]
    [InlineData(Activation.Sinusoid)]
    public void Trig_activations_reduce_large_arguments_exactly(Activation a)
    {
        // 1e4 … 1e7 use the Cody–Waite path; 1e13 and beyond take the exact per-lane path.
        float[] z = [1e4f, -9999.5f, 12345.678f, 1e5f, 3.14159e6f, -1e7f, 8388607.5f, 1e13f, -3e38f, 16, 17, 18, 19, 20, 21, 22];
        UlpCheck.Within($"{a} value", z, Values(a, z), i => ReferenceActivations.Value(a, z[i]), UlpLimit, AbsoluteFloor);
        UlpCheck.Within($"{a} slope", z, Slopes(a, z), i => ReferenceActivations.Derivative(a, z[i]), UlpLimit, AbsoluteFloor);
    }

    [Theory, MemberData(nameof(All))]
    public void Nan_in_gives_nan_out_for_values_and_slopes(Activation a)
    {
        var z = Enumerable.Range(0, 19).Select(i => i % 3 == 0 ? float.NaN : i - 9f).ToArray();
        var y = Values(a, z);
        var d = Slopes(a, z);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.True(float.IsNaN(z[i]) == float.IsNaN(y[i]), $"{a} value at {i}: φ({z[i]}) = {y[i]}");
            Assert.True(float.IsNaN(z[i]) == float.IsNaN(d[i]), $"{a} slope at {i}: φ′({z[i]}) = {d[i]}");
        }
    }

    [Theory, MemberData(nameof(All))]
    public void In_place_calls_match_separate_buffers(Activation a)
    {
        var z = Random(37, seed: 9, scale: 5);
        var dy = Random(37, seed: 10, scale: 2);
        var expected = Run(a, z, dy, K.Forward, K.Derivative, K.Backward);
        var y = (float[])z.Clone();
        K.Forward(a, y, y);
        var d = (float[])z.Clone();
        K.Derivative(a, d, d);
        var g = (float[])dy.Clone();
        K.Backward(a, z, g, g);
        Assert.Equal(expected[0], y);
        Assert.Equal(expected[1], d);
        Assert.Equal(expected[2], g);
    }

    [Fact]
    public void Double_lane_exp_expm1_sin_cos_match_System_Math_to_a_few_double_ulps()
    {
        // Checked in double, where a dropped reduction term or series term shows (float hides it).
        const double relative = 2e-15;
        var rng = new Rng(77);
        for (int i = 0; i < 20000; i++)
        {
            double x = rng.Uniform(-700, 700);
            Close("exp", x, Math.Exp(x), K.Exp(new K.Scalar(x)).Value, relative);
            // eˣ − 1 in double carries the subtraction's rounding, up to 1.1e-16·max(1, eˣ).
            Close("expm1", x, Math.Exp(x) - 1, K.ExpM1(new K.Scalar(x)).Value, relative, 1.2e-16 * Math.Max(1, Math.Exp(x)));
            double t = Math.Pow(10, rng.Uniform(-12, -5)) * (i % 2 == 0 ? 1 : -1);
            Close("expm1 near 0", t, t + t * t / 2 + t * t * t / 6, K.ExpM1(new K.Scalar(t)).Value, relative);
            // Wide arguments, and arguments next to multiples of π/2 where sin or cos nearly vanish.
            double w = rng.Uniform(-1e6, 1e6) * (i % 5 == 0 ? 1e5 : 1);
            double k = Math.Round(rng.Uniform(-2e5, 2e5)) * Math.PI / 2;
            foreach (double y in new[] { w, k, Math.BitIncrement(k) })
            {
                Close("sin", y, Math.Sin(y), K.Sin(new K.Scalar(y)).Value, relative);
                Close("cos", y, Math.Cos(y), K.Cos(new K.Scalar(y)).Value, relative);
            }
        }
    }

    static void Close(string what, double x, double expected, double actual, double relative, double absolute = 0)
    {
        if (!(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + absolute))
            Assert.Fail($"{what}({x:R}) = {actual:R}, expected {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3} > {relative:G3})");
    }

    [Fact]
    public void Mismatched_lengths_throw_with_the_lengths_in_the_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => K.Forward(Activation.Tanh, new float[5], new float[4]));
        Assert.Contains("y has 4 elements, expected 5", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => K.Backward(Activation.Tanh, new float[5], new float[6], new float[5]));
        Assert.Contains("dy has 6 elements, expected 5", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => K.Derivative(Activation.Tanh, new float[5], new float[2]));
        Assert.Contains("d has 2 elements, expected 5", ex.Message);
    }

    /// <summary>A dense grid over [−100, 100] (step 1/64), random points of magnitude 1e-6 … 1e4,
    /// and special values: ±0, ±tiny, denormals, the ±88 / ±100 / ±1e4 exp and float edges.</summary>
    static float[] TestInputs()
    {
        var points = new List<float>();
        for (int i = -6400; i <= 6400; i++) points.Add(i / 64f);
        var rng = new Rng(2024);
        for (int i = 0; i < 4000; i++)
            points.Add((float)((rng.NextDouble() < 0.5 ? -1 : 1) * Math.Pow(10, rng.Uniform(-6, 4))));
        points.AddRange([0f, -0f, 1e-30f, -1e-30f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 87.5f, -87.5f,
            88.8f, -88.8f, 103.9f, -103.9f, 1e4f, -1e4f, 1e6f, -1e6f, 3e38f, -3e38f, 0.7390851f, 4.712389f, 0.2094395f]);
        return points.ToArray();
    }

    static float[] Random(int n, ulong seed, double scale)
    {
        var rng = new Rng(seed);
        var x = new float[n];
        rng.FillUniform(x, -scale, scale);
        return x;
    }

    static float[] Values(Activation a, float[] z)
    {
        var y = new float[z.Length];
        K.Forward(a, z, y);
        return y;
    }

    static float[] Slopes(Activation a, float[] z)
    {
        var d = new float[z.Length];
        K.Derivative(a, z, d);
        return d;
    }

    delegate void Unary(Activation a, ReadOnlySpan<float> z, Span<float> result);
    delegate void Binary(Activation a, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> result);

    static float[][] Run(Activation a, float[] z, float[] dy, Unary forward, Unary derivative, Binary backward)
    {
        float[] y = new float[z.Length], d = new float[z.Length], g = new float[z.Length];
        forward(a, z, y);
        derivative(a, z, d);
        backward(a, z, dy, g);
        return [y, d, g];
    }
}
