// The contracting norm of the basin radius: P solves the Stein equation MᵀPM − P = −I, and the
// bound on ‖M‖_P lies above the norm found by power iteration and within the trace bound's factor.
using Mnemos.Linalg;
using Mnemos.Tensors;

namespace Mnemos.Tests.Linalg;

public class LyapunovNormTests
{
    const int N = 7;

    // A random non-normal matrix scaled to spectral radius about 0.8: upper triangular, diagonal in ±0.8.
    static double[] Contraction(ulong seed)
    {
        var rng = new Rng(seed);
        var m = new double[N * N];
        for (int r = 0; r < N; r++)
            for (int c = r; c < N; c++) m[r * N + c] = r == c ? rng.Uniform(-0.8, 0.8) : rng.Uniform(-1, 1);
        return m;
    }

    [Fact]
    public void P_solves_the_Stein_equation()
    {
        var m = Contraction(1);
        var norm = LyapunovNorm.For(m, N)!;
        var mt = new double[N * N];
        for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) mt[c * N + r] = m[r * N + c];
        var residual = SquareMatrices.Multiply(SquareMatrices.Multiply(mt, norm.P, N), m, N);
        for (int i = 0; i < residual.Length; i++) residual[i] += (i % (N + 1) == 0 ? 1 : 0) - norm.P[i];
        Assert.True(residual.Max(Math.Abs) < 1e-10 * norm.P.Max(Math.Abs), $"Stein residual {residual.Max(Math.Abs)}");
        var llt = SquareMatrices.Multiply(norm.Lower, Transpose(norm.Lower), N);
        for (int i = 0; i < llt.Length; i++) Assert.Equal(norm.P[i], llt[i], 1e-9 * Math.Abs(norm.P[i]) + 1e-12);
    }

    [Theory]
    [InlineData(2ul, 1.0)]
    [InlineData(3ul, 0.9)]
    public void Operator_norm_bound_is_above_power_iteration_and_within_the_trace_factor(ulong seed, double scale)
    {
        var m = Contraction(seed);
        var norm = LyapunovNorm.For(m, N, scale)!;
        double bound = norm.OperatorNormBound(m);
        // X = Lᵀ M L⁻ᵀ; power iteration on XᵀX gives ‖X‖₂ from below.
        var x = SquareMatrices.Multiply(SquareMatrices.Multiply(Transpose(norm.Lower), m, N), Transpose(norm.LowerInverse), N);
        var v = Enumerable.Repeat(1.0, N).ToArray();
        double estimate = 0;
        for (int it = 0; it < 500; it++)
        {
            var xv = Apply(x, v);
            var w = Apply(Transpose(x), xv);
            double length = Math.Sqrt(w.Sum(t => t * t));
            estimate = Math.Sqrt(xv.Sum(t => t * t) / v.Sum(t => t * t));
            v = w.Select(t => t / length).ToArray();
        }
        Assert.True(bound >= estimate * (1 - 1e-12), $"bound {bound} below power iteration {estimate}");
        Assert.True(bound <= estimate * Math.Pow(N, 1.0 / 128) * (1 + 1e-9), $"bound {bound} beyond {N}^(1/128)·{estimate}");
        Assert.True(bound < scale, $"‖M‖_P bound {bound} not below γ = {scale}");
    }

    static double[] Transpose(double[] a)
    {
        var t = new double[N * N];
        for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) t[c * N + r] = a[r * N + c];
        return t;
    }

    static double[] Apply(double[] a, double[] v) =>
        Enumerable.Range(0, N).Select(r => Enumerable.Range(0, N).Sum(c => a[r * N + c] * v[c])).ToArray();
}
