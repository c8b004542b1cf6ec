// Backward and Jacobian products of Mlp, checked in two steps: the double reference against
// central finite differences, then the fast float paths against the double reference.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Nn.Reference;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Nn;

public class MlpGradientTests
{
    // Central differences in double with step 1e-5 have truncation error ~1e-10·f‴ and rounding
    // error ~1e-16/1e-5: agreement to 1e-6 relative is what a correct gradient gives.
    const double FiniteDifferenceStep = 1e-5;
    const double FiniteDifferenceRelative = 1e-6;
    // Float32 forward/backward vs the double twin: a few hundred roundings of relative 6e-8 each.
    const double FloatRelative = 2e-5;
    const double FloatAbsolute = 1e-7;

    public static TheoryData<Activation, int, int, bool> Configs()
    {
        var data = new TheoryData<Activation, int, int, bool>();
        foreach (var a in TestNets.AllActivations)
        {
            data.Add(a, 2, 7, true);
            data.Add(a, 1, 5, false);
        }
        data.Add(Activation.Selu, 0, 0, true);
        data.Add(Activation.Cosid, 4, 9, true);
        data.Add(Activation.Swish, 3, 16, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Reference_gradient_matches_central_differences(Activation activation, int depth, int width, bool bias)
    {
        var (mlp, x, t, n) = Problem(activation, depth, width, bias, seed: 11);
        double[] p = ReferenceMlp.Widen(mlp.Parameters);
        double[] grad = ReferenceMlp.LossGradient(mlp, p, x, t, n);
        var rng = new Mnemos.Tensors.Rng(5);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] u = Enumerable.Range(0, p.Length).Select(_ => rng.Gaussian()).ToArray();
            double plus = ReferenceMlp.Loss(mlp, Step(p, u, FiniteDifferenceStep), x, t, n);
            double minus = ReferenceMlp.Loss(mlp, Step(p, u, -FiniteDifferenceStep), x, t, n);
            double numeric = (plus - minus) / (2 * FiniteDifferenceStep);
            double analytic = grad.Zip(u, (g, v) => g * v).Sum();
            Tolerance.Close(numeric, analytic, FiniteDifferenceRelative, 1e-9, $"⟨∇L, u⟩ trial {trial}");
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Backward_matches_reference_gradient(Activation activation, int depth, int width, bool bias)
    {
        var (mlp, x, t, n) = Problem(activation, depth, width, bias, seed: 12);
        double[] expected = ReferenceMlp.LossGradient(mlp, ReferenceMlp.Widen(mlp.Parameters), x, t, n);

        var gemm = ReferenceGemm.Instance;
        var ws = new MlpWorkspace(mlp.Spec, n);
        var y = mlp.Forward(gemm, x, ws);
        var dy = new float[y.Length];
        VectorOps.ScaledDifference(y, t, 2f / y.Length, dy);
        mlp.Gradients.AsSpan().Fill(0.5f); // backward must accumulate, not overwrite
        mlp.Backward(gemm, x, dy, ws);
        var actual = mlp.Gradients.Select(g => g - 0.5f).ToArray();
        Tolerance.AllClose(expected, actual, FloatRelative, FloatAbsolute, "gradient");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Jacobian_products_match_finite_differences(Activation activation, int depth, int width, bool bias)
    {
        var (mlp, x, _, _) = Problem(activation, depth, width, bias, seed: 13);
        int d = mlp.Spec.InputSize;
        double[] point = ReferenceMlp.Widen(x.AsSpan(0, d));
        double[,] jRef = ReferenceMlp.Jacobian(mlp, point);

        // Reference Jacobian column c against central differences of the reference forward.
        for (int c = 0; c < d; c++)
        {
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[c] += FiniteDifferenceStep;
            minus[c] -= FiniteDifferenceStep;
            double[] fp = ReferenceMlp.Forward(mlp, plus), fm = ReferenceMlp.Forward(mlp, minus);
            for (int r = 0; r < d; r++)
                Tolerance.Close((fp[r] - fm[r]) / (2 * FiniteDifferenceStep), jRef[r, c], FiniteDifferenceRelative, 1e-8, $"J[{r},{c}]");
        }

        var lin = mlp.LinearizeAt(ReferenceGemm.Instance, x.AsSpan(0, d));
        var full = lin.Full();
        Tolerance.AllClose(Flatten(jRef), full.Data, FloatRelative, FloatAbsolute, "full Jacobian");

        // ⟨v, J u⟩ == ⟨Jᵀ v, u⟩ for several seeded pairs, and J u equals the reference product.
        const int m = 3;
        float[] us = TestNets.Uniform(m * d, 21), vs = TestNets.Uniform(m * d, 22);
        float[] ju = new float[m * d], jtv = new float[m * d];
        lin.Jvp(us, m, ju);
        lin.Vjp(vs, m, jtv);
        for (int i = 0; i < m; i++)
        {
            var expectedJu = new double[d];
            for (int r = 0; r < d; r++)
                for (int c = 0; c < d; c++) expectedJu[r] += jRef[r, c] * us[i * d + c];
            Tolerance.AllClose(expectedJu, ju.AsSpan(i * d, d), FloatRelative, FloatAbsolute, $"J·u row {i}");
            double left = 0, right = 0;
            for (int k = 0; k < d; k++)
            {
                left += (double)vs[i * d + k] * ju[i * d + k];
                right += (double)jtv[i * d + k] * us[i * d + k];
            }
            Tolerance.Close(left, right, FloatRelative, FloatAbsolute, $"⟨v, Ju⟩ vs ⟨Jᵀv, u⟩ pair {i}");
        }

        // J = A·B from the factored form.
        var (a, b) = lin.Factors();
        var product = new float[d * d];
        ReferenceGemm.Instance.Multiply(Transpose.No, Transpose.No, d, d, a.Cols, 1f, a.Data, a.Cols, b.Data, b.Cols, 0f, product, d);
        Tolerance.AllClose(Flatten(jRef), product, FloatRelative, FloatAbsolute, "A·B");
    }

    [Fact]
    public void Forward_matches_reference_on_a_batch()
    {
        var (mlp, x, _, n) = Problem(Activation.Cosid, 3, 10, true, seed: 14);
        var ws = new MlpWorkspace(mlp.Spec, n);
        var y = mlp.Forward(ReferenceGemm.Instance, x, ws).ToArray();
        int d = mlp.Spec.InputSize;
        for (int s = 0; s < n; s++)
        {
            double[] expected = ReferenceMlp.Forward(mlp, ReferenceMlp.Widen(x.AsSpan(s * d, d)));
            Tolerance.AllClose(expected, y.AsSpan(s * d, d), FloatRelative, FloatAbsolute, $"sample {s}");
        }
    }

    static (Mlp Mlp, float[] X, float[] T, int N) Problem(Activation activation, int depth, int width, bool bias, ulong seed)
    {
        const int d = 6, n = 4;
        var mlp = TestNets.Random(new MlpSpec(d, d, depth, width, activation, bias), seed, scale: 1.5);
        return (mlp, TestNets.Uniform(n * d, seed + 100), TestNets.Uniform(n * d, seed + 200, 0, 1), n);
    }

    static double[] Step(double[] p, double[] u, double h) => p.Zip(u, (a, b) => a + h * b).ToArray();

    static double[] Flatten(double[,] m)
    {
        var result = new double[m.Length];
        int cols = m.GetLength(1);
        for (int r = 0; r < m.GetLength(0); r++)
            for (int c = 0; c < cols; c++) result[r * cols + c] = m[r, c];
        return result;
    }
}
