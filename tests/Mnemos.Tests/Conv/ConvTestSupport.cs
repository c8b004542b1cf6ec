// Seeded data and the directional-derivative check shared by the conv tests.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Tests.Conv;

static class ConvTestSupport
{
    // Central differences in double with step 1e-4: the layers are linear or bilinear in their
    // inputs (exact up to rounding, ~1e-12 here), or piecewise linear away from pooling ties.
    public const double Step = 1e-4;
    // Float kernels vs the double twin: sums of up to a few hundred float products, each rounded
    // at 6e-8 relative; 2e-5 of the largest magnitude leaves a margin of ~10× over what is seen.
    public const double FloatRelative = 2e-5;
    public const double FloatAbsolute = 1e-6;

    public static IEnumerable<GemmBackend> Backends => [GemmBackend.Reference, GemmBackend.Managed];

    public static float[] Uniform(int count, ulong seed)
    {
        var values = new float[count];
        new Rng(seed).FillUniform(values, -1, 1);
        return values;
    }

    public static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    public static double[] Gaussian(int count, Rng rng)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = rng.Gaussian();
        return values;
    }

    public static double[] Axpy(ReadOnlySpan<double> x, double h, ReadOnlySpan<double> u)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] + h * u[i];
        return y;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Σ|a_i·b_i|: the scale against which a rounded inner product is judged.</summary>
    public static double AbsDot(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Math.Abs(a[i] * b[i]);
        return sum;
    }
}
