// Every GEMM backend against ReferenceGemm over awkward shapes, all transposes, alpha/beta cases and
// padded leading dimensions; plus a closed-form product that checks the reference itself.
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;

namespace Mnemos.Tests.Kernels;

public class GemmTests
{
    // Tile edges of every micro-kernel (4, 16, 32 wide; 4, 6, 12 tall), zero, and primes.
    static readonly int[] Sizes = [0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 67, 97, 131];

    // Shapes that cross the cache blocks: m > MC (960), n > NC (480), k > KC (384) and 2–3 k blocks.
    static readonly (int M, int N, int K)[] BlockShapes = [(1000, 37, 5), (13, 500, 400), (50, 70, 800), (200, 300, 100)];

    static readonly string[] Transposes = ["NN", "TN", "NT", "TT"];

    static IEnumerable<(string Trans, int M, int N, int K)> Shapes()
    {
        foreach (string trans in Transposes)
        {
            for (int i = 0; i < Sizes.Length; i++)
            {
                yield return (trans, Sizes[i], Sizes[i], Sizes[i]);
                yield return (trans, Sizes[i], Sizes[(i + 5) % Sizes.Length], Sizes[(i + 11) % Sizes.Length]);
            }
            foreach (var (m, n, k) in BlockShapes)
                yield return (trans, m, n, k);
        }
    }

    public static TheoryData<string, string, int, int, int> ManagedShapes() => Cross(GemmVariants.Managed());

    public static TheoryData<string, string, int, int, int> OpenBlasShapes() => Cross(GemmVariants.OpenBlas());

    static TheoryData<string, string, int, int, int> Cross(IEnumerable<string> variants)
    {
        var data = new TheoryData<string, string, int, int, int>();
        foreach (string variant in variants)
            foreach (var (trans, m, n, k) in Shapes())
                data.Add(variant, trans, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(ManagedShapes))]
    public void Managed_matches_reference_on_awkward_shapes(string variant, string trans, int m, int n, int k) =>
        CheckShape(variant, trans, m, n, k);

    [OpenBlasTheory]
    [MemberData(nameof(OpenBlasShapes))]
    public void OpenBlas_matches_reference_on_awkward_shapes(string variant, string trans, int m, int n, int k) =>
        CheckShape(variant, trans, m, n, k);

    static void CheckShape(string variant, string trans, int m, int n, int k)
    {
        // Padding 0, 3 or 6 by shape; alpha 1 and beta 0 with C full of NaN, the training forward case.
        int pad = (m + n + k) % 3 * 3;
        var problem = GemmProblem.Create(trans, m, n, k, 1f, 0f, pad, seed: (ulong)(m * 1_000_003 + n * 1009 + k));
        GemmAssert.Close(problem, problem.Run(GemmVariants.Get(variant)), variant);
    }

    // (alpha, beta): accumulate, scale, negate, alpha 0 (A and B unread, C scaled or zeroed), beta 0 over NaN.
    static readonly (float Alpha, float Beta)[] Scalars = [(1, 1), (-0.75f, 0.5f), (2, -1), (0, 0.5f), (0, 0), (1.5f, 0)];

    static readonly (int M, int N, int K)[] ScalarShapes = [(1, 1, 1), (17, 33, 65), (64, 40, 400), (35, 70, 0)];

    public static TheoryData<string, string, int, int, int, float, float> ManagedScalars() => CrossScalars(GemmVariants.Managed());

    public static TheoryData<string, string, int, int, int, float, float> OpenBlasScalars() => CrossScalars(GemmVariants.OpenBlas());

    static TheoryData<string, string, int, int, int, float, float> CrossScalars(IEnumerable<string> variants)
    {
        var data = new TheoryData<string, string, int, int, int, float, float>();
        foreach (string variant in variants)
            foreach (var (m, n, k) in ScalarShapes)
                foreach (var (alpha, beta) in Scalars)
                    data.Add(variant, Transposes[(m + k) % 4], m, n, k, alpha, beta);
        return data;
    }

    [Theory]
    [MemberData(nameof(ManagedScalars))]
    public void Managed_applies_alpha_and_beta_like_blas(string variant, string trans, int m, int n, int k, float alpha, float beta) =>
        CheckScalars(variant, trans, m, n, k, alpha, beta);

    [OpenBlasTheory]
    [MemberData(nameof(OpenBlasScalars))]
    public void OpenBlas_applies_alpha_and_beta_like_blas(string variant, string trans, int m, int n, int k, float alpha, float beta) =>
        CheckScalars(variant, trans, m, n, k, alpha, beta);

    static void CheckScalars(string variant, string trans, int m, int n, int k, float alpha, float beta)
    {
        var problem = GemmProblem.Create(trans, m, n, k, alpha, beta, pad: 2, seed: 77);
        float[] actual = problem.Run(GemmVariants.Get(variant));
        GemmAssert.Close(problem, actual, variant);
        if (beta == 0)
            Assert.DoesNotContain(actual, float.IsNaN);
    }

    public static TheoryData<string> AllVariants()
    {
        var data = new TheoryData<string>();
        foreach (string variant in GemmVariants.Managed()) data.Add(variant);
        if (OpenBlasGemm.TryCreate(1, out _) is not null)
            foreach (string variant in GemmVariants.OpenBlas()) data.Add(variant);
        data.Add("reference/1");
        return data;
    }

    // [[1 2 3] [4 5 6]] · [[7 8] [9 10] [11 12]] = [[58 64] [139 154]]: small integers, so every
    // backend must be exact; each operand is also stored transposed to cover all four forms.
    [Theory]
    [MemberData(nameof(AllVariants))]
    public void Every_backend_gets_a_hand_computed_product_exactly(string variant)
    {
        float[] a = [1, 2, 3, 4, 5, 6], aT = [1, 4, 2, 5, 3, 6];
        float[] b = [7, 8, 9, 10, 11, 12], bT = [7, 9, 11, 8, 10, 12];
        float[] expected = [58, 64, 139, 154];
        var gemm = GemmVariants.Get(variant);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
                gemm.Multiply(ta ? Transpose.Yes : Transpose.No, tb ? Transpose.Yes : Transpose.No, 2, 2, 3,
                    1f, ta ? aT : a, ta ? 2 : 3, tb ? bT : b, tb ? 3 : 2, 0f, c, 2);
                Assert.Equal(expected, c);

                // C = 2·A·B − 1·C doubles nothing but exercises both scalars: 2·58 − 58 = 58.
                gemm.Multiply(ta ? Transpose.Yes : Transpose.No, tb ? Transpose.Yes : Transpose.No, 2, 2, 3,
                    2f, ta ? aT : a, ta ? 2 : 3, tb ? bT : b, tb ? 3 : 2, -1f, c, 2);
                Assert.Equal(expected, c);
            }
        }
    }

    [Fact]
    public void Reference_matches_a_separate_double_loop_on_a_random_problem()
    {
        var problem = GemmProblem.Create("TN", 9, 11, 13, -1.25f, 0.5f, pad: 1, seed: 5);
        float[] actual = problem.Run(ReferenceGemm.Instance);
        for (int i = 0; i < problem.M; i++)
        {
            for (int j = 0; j < problem.N; j++)
            {
                double sum = 0;
                for (int p = 0; p < problem.K; p++) sum += (double)problem.OpA(i, p) * problem.OpB(p, j);
                double expected = problem.Alpha * sum + problem.Beta * (double)problem.C[i * problem.Ldc + j];
                Assert.Equal(expected, actual[i * problem.Ldc + j], 1e-5);
            }
        }
    }
}
