// The vectorized activations against their double twin: every activation, value, derivative and
// in-place backward, over lengths that hit every vector tail and over wide and special inputs.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Kernels;

public class ActivationKernelTests
{
    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    static float[] Inputs(int length, ulong seed, double range)
    {
        var x = new float[length];
        new Rng(seed).FillUniform(x, -range, range);
        return x;
    }

    // Special points: zero, signed tiny values, the ReLU kink, large magnitudes where exp over/underflows.
    static readonly float[] Special = [0f, -0f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 1f, -1f, 20f, -20f, 88f, -88f, 100f, -100f, 1e4f, -1e4f, float.Epsilon];

    static void AssertClose(double expected, float actual, double relative, string what)
    {
        double tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:E2})");
    }

    // Range of inputs where the float result is meaningful: sin/cos-based ones lose relative accuracy
    // in the argument itself beyond a few hundred (float spacing of 10x), so they are swept on ±100.
    static double Range(Activation a) => a is Activation.Sinusoid ? 20 : 100;

    [Theory]
    [MemberData(nameof(All))]
    public void Values_match_the_double_reference(Activation a)
    {
        foreach (int length in new[] { 0, 1, 7, 15, 16, 17, 33, 100, 513, 1500 })
        {
            var z = Inputs(length, (ulong)length + 1, Range(a));
            var y = new float[length];
            ActivationKernels.Forward(a, z, y);
            for (int i = 0; i < length; i++) AssertClose(ReferenceActivations.Value(a, z[i]), y[i], 4e-7, $"{a}({z[i]:R}) at length {length}");
        }
        var special = new float[Special.Length];
        ActivationKernels.Forward(a, Special, special);
        for (int i = 0; i < Special.Length; i++)
        {
            if (a is Activation.Sinusoid && Math.Abs(Special[i]) > 100) continue; // sin(1e5): argument already rounded in float
            AssertClose(ReferenceActivations.Value(a, Special[i]), special[i], 4e-7, $"{a}({Special[i]:R})");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Derivatives_match_the_double_reference(Activation a)
    {
        foreach (int length in new[] { 0, 1, 16, 17, 100, 1500 })
        {
            var z = Inputs(length, (ulong)length + 7, Range(a));
            var d = new float[length];
            ActivationKernels.Derivative(a, z, d);
            for (int i = 0; i < length; i++)
            {
                if (a is Activation.Relu or Activation.LeakyRelu && z[i] == 0) continue; // kink: either side is fine
                // sinusoid′ = 1 + 2cos(10x): 10x is rounded to float first, which moves the cosine by up to 2·ulp(10x).
                double slack = a is Activation.Sinusoid ? 2 * float.BitIncrement(Math.Abs(10 * z[i])) - 2 * Math.Abs(10 * z[i]) : 0;
                AssertClose(ReferenceActivations.Derivative(a, z[i]), d[i], 2e-6 + slack, $"{a}'({z[i]:R})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_in_place_multiplies_the_incoming_gradient_by_the_slope(Activation a)
    {
        var z = Inputs(1037, 11, 6);
        var dy = Inputs(1037, 12, 3);
        var expected = new float[z.Length];
        ActivationKernels.Derivative(a, z, expected);
        for (int i = 0; i < z.Length; i++) expected[i] *= dy[i];

        var inPlace = (float[])dy.Clone();
        ActivationKernels.Backward(a, z, inPlace, inPlace);
        Assert.Equal(expected, inPlace);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_in_place_equals_forward_out_of_place(Activation a)
    {
        var z = Inputs(1100, 5, 10);
        var y = new float[z.Length];
        ActivationKernels.Forward(a, z, y);
        ActivationKernels.Forward(a, z, z);
        Assert.Equal(y, z);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ActivationKernels.Forward(Activation.Tanh, new float[3], new float[4]));
        Assert.Contains("3 and 4", error.Message);
    }
}
