using Mnemos.Tensors;

namespace Mnemos.Tests.Tensors;

public class RngGaussianPairsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(784)]
    public void Pairs_are_box_muller_of_the_streams_floats_computed_in_double(int length)
    {
        var values = new float[length];
        new Rng(42).FillGaussianPairs(values, 0.5f, 0.2f);
        var uniforms = new Rng(42);
        for (int k = 0; k < (length + 1) / 2; k++)
        {
            double u1 = 1.0 - uniforms.NextFloat(), u2 = uniforms.NextFloat();
            double r = 0.2 * Math.Sqrt(-2 * Math.Log(u1)), theta = 2 * Math.PI * u2;
            Assert.Equal(0.5 + r * Math.Cos(theta), values[2 * k], 1e-5);
            if (2 * k + 1 < length) Assert.Equal(0.5 + r * Math.Sin(theta), values[2 * k + 1], 1e-5);
        }
        // The stream goes on after exactly two draws per pair.
        var after = new Rng(42);
        after.FillGaussianPairs(values, 0.5f, 0.2f);
        Assert.Equal(uniforms.NextUInt64(), after.NextUInt64());
    }

    [Fact]
    public void A_million_values_have_the_normal_distributions_moments_and_mass()
    {
        var values = new float[1 << 20];
        new Rng(7).FillGaussianPairs(values, 0, 1);
        double n = values.Length, mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / n;
        double kurtosis = values.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        Assert.InRange(mean, -5e-3, 5e-3);            // σ/√n ≈ 1e-3
        Assert.InRange(variance, 0.995, 1.005);        // √(2/n) ≈ 1.4e-3
        Assert.InRange(kurtosis, 2.97, 3.03);
        Assert.InRange(values.Count(v => Math.Abs(v) < 1) / n, 0.6827 - 0.003, 0.6827 + 0.003);
        Assert.InRange(values.Count(v => Math.Abs(v) < 2) / n, 0.9545 - 0.002, 0.9545 + 0.002);
        // Even and odd positions (cosine and sine halves) are uncorrelated.
        double cross = 0;
        for (int i = 0; i < values.Length; i += 2) cross += values[i] * values[i + 1];
        Assert.InRange(cross / (n / 2), -5e-3, 5e-3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_values()
    {
        float[] a = new float[1001], b = new float[1001];
        new Rng(3).FillGaussianPairs(a, 0, 0.1f);
        new Rng(3).FillGaussianPairs(b, 0, 0.1f);
        Assert.Equal(a, b);
    }
}
