// Small seeded networks and data for tests, independent of the library's init schemes.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Tests.Support;

static class TestNets
{
    /// <summary>An Mlp with every weight and bias ~ U[−scale/√fan_in, scale/√fan_in].</summary>
    public static Mlp Random(MlpSpec spec, ulong seed, double scale = 1.0)
    {
        var mlp = new Mlp(spec);
        var rng = new Rng(seed);
        for (int l = 0; l < mlp.LayerCount; l++)
        {
            double bound = scale / Math.Sqrt(spec.LayerInputs(l));
            rng.FillUniform(mlp.Weight(l), -bound, bound);
            rng.FillUniform(mlp.Bias(l), -bound, bound);
        }
        return mlp;
    }

    public static float[] Uniform(int count, ulong seed, double low = -1, double high = 1)
    {
        var values = new float[count];
        new Rng(seed).FillUniform(values, low, high);
        return values;
    }

    public static IEnumerable<Activation> AllActivations => Enum.GetValues<Activation>();
}
