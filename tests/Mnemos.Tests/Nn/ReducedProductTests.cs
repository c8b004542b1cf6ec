// B·A formed without B equals the product of the two factors formed explicitly.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Nn;

public class ReducedProductTests
{
    [Theory]
    [InlineData(9, 4, 1, Activation.Tanh)]
    [InlineData(12, 5, 3, Activation.Cosid)]
    [InlineData(7, 11, 4, Activation.Selu)]
    public void Reduced_product_equals_B_times_A_from_the_factors(int d, int w, int depth, Activation activation)
    {
        var gemm = ReferenceGemm.Instance;
        var mlp = TestNets.Random(new MlpSpec(d, d, depth, w, activation), seed: 2);
        var lin = mlp.LinearizeAt(gemm, TestNets.Uniform(d, seed: 3));
        var (a, b) = lin.Factors();

        var reduced = lin.ReducedProduct();
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++)
            {
                double expected = 0, scale = 0;
                for (int k = 0; k < d; k++) { expected += (double)b[i, k] * a[k, j]; scale += Math.Abs((double)b[i, k] * a[k, j]); }
                Assert.True(Math.Abs(reduced[i, j] - expected) <= 1e-5 * (scale + 1e-3), $"(B·A)[{i},{j}] = {reduced[i, j]}, expected {expected}");
            }
    }

    [Theory]
    [InlineData(9, 4, 1, Activation.Tanh)]
    [InlineData(12, 5, 3, Activation.Cosid)]
    public void Hidden_tangent_equals_B_times_v_and_A_times_it_is_the_jvp(int d, int w, int depth, Activation activation)
    {
        var gemm = ReferenceGemm.Instance;
        var mlp = TestNets.Random(new MlpSpec(d, d, depth, w, activation), seed: 4);
        var lin = mlp.LinearizeAt(gemm, TestNets.Uniform(d, seed: 5));
        var (a, b) = lin.Factors();
        var v = TestNets.Uniform(d, seed: 6);
        var bv = lin.HiddenTangent(v);
        var jv = new float[d];
        lin.Jvp(v, 1, jv);
        for (int i = 0; i < w; i++)
        {
            double expected = 0;
            for (int k = 0; k < d; k++) expected += (double)b[i, k] * v[k];
            Assert.Equal(expected, bv[i], 1e-5);
        }
        for (int i = 0; i < d; i++)
        {
            double av = 0;
            for (int k = 0; k < w; k++) av += (double)a[i, k] * bv[k];
            Assert.Equal(jv[i], av, 1e-5);
        }
        Assert.Throws<ArgumentException>(() => lin.HiddenTangent(new float[d + 1]));
    }

    [Fact]
    public void Depth_zero_has_no_reduced_product()
    {
        var mlp = TestNets.Random(new MlpSpec(3, 3, 0, 1, Activation.Identity), seed: 1);
        Assert.Throws<InvalidOperationException>(() => mlp.LinearizeAt(ReferenceGemm.Instance, new float[3]).ReducedProduct());
    }
}
