// ManagedGemm beyond agreement with the reference: bit-identical results run to run and across
// thread counts, accuracy against double precision, concurrent callers, disposal, argument errors.
using System.Runtime.InteropServices;
using Mnemos.Kernels;

namespace Mnemos.Tests.Kernels;

public class GemmManagedTests
{
    // Training shapes (forward, weight gradient, input gradient) and one that crosses every cache block.
    public static TheoryData<string, int, int, int> TrainingShapes() => new()
    {
        { "NN", 100, 256, 1024 },
        { "TN", 256, 256, 100 },
        { "NT", 100, 1024, 256 },
        { "TT", 1000, 500, 400 },
    };

    [Theory]
    [MemberData(nameof(TrainingShapes))]
    public void Results_are_bit_identical_run_to_run_and_for_any_thread_count(string trans, int m, int n, int k)
    {
        var problem = GemmProblem.Create(trans, m, n, k, 0.5f, 0.25f, pad: 1, seed: 11);
        float[] first = problem.Run(GemmVariants.Get("managed/2"));
        float[] second = problem.Run(GemmVariants.Get("managed/2"));
        float[] single = problem.Run(GemmVariants.Get("managed/1"));
        float[] three = problem.Run(GemmVariants.Get("managed/3"));
        AssertBitIdentical(first, second, "managed/2 twice");
        AssertBitIdentical(first, single, "managed/2 vs managed/1");
        AssertBitIdentical(first, three, "managed/2 vs managed/3");
    }

    [Fact]
    public void Error_against_double_precision_stays_within_the_float32_bound()
    {
        // Uniform inputs of both signs over a long k: cancellation makes the result small against the bound.
        const int m = 37, n = 45, k = 3000;
        var problem = GemmProblem.Create("NT", m, n, k, 1f, 0f, pad: 0, seed: 3);
        float[] actual = problem.Run(GemmVariants.Get("managed/2"));
        double[] magnitude = problem.Magnitude;
        double worst = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double exact = 0;
                for (int p = 0; p < k; p++) exact += (double)problem.OpA(i, p) * problem.OpB(p, j);
                worst = Math.Max(worst, Math.Abs(actual[i * n + j] - exact) / magnitude[i * n + j]);
            }
        }
        Assert.InRange(worst, 0, GemmAssert.Tolerance(k));
    }

    [Fact]
    public void Concurrent_callers_on_one_instance_get_correct_results()
    {
        var problem = GemmProblem.Create("NN", 96, 80, 120, 1f, 0f, pad: 0, seed: 21);
        float[] expected = problem.Run(GemmVariants.Get("managed/1"));
        var gemm = GemmVariants.Get("managed/2");
        var results = new float[4][];
        Parallel.For(0, results.Length, t =>
        {
            for (int repeat = 0; repeat < 5; repeat++) results[t] = problem.Run(gemm);
        });
        foreach (float[] result in results) AssertBitIdentical(expected, result, "concurrent");
    }

    [Fact]
    public void A_disposed_instance_still_multiplies_on_the_calling_thread()
    {
        var problem = GemmProblem.Create("TN", 70, 90, 50, 1f, 0f, pad: 0, seed: 8);
        var gemm = new ManagedGemm(2);
        gemm.Dispose();
        gemm.Dispose();
        AssertBitIdentical(problem.Run(GemmVariants.Get("managed/1")), problem.Run(gemm), "after Dispose");
    }

    [Fact]
    public void Default_thread_count_is_the_processor_count()
    {
        using var gemm = new ManagedGemm();
        Assert.Equal(Environment.ProcessorCount, gemm.Threads);
        Assert.Equal("managed", gemm.Name);
    }

    [Fact]
    public void The_best_kernel_is_vector512_exactly_when_the_runtime_accelerates_it()
    {
        using var gemm = new ManagedGemm(1);
        string expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "vector512-12x32"
            : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "vector256-6x16" : "scalar-4x4";
        Assert.Equal(expected, gemm.KernelName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(ManagedGemm.MaxThreads + 1)]
    public void Thread_count_out_of_range_is_rejected_with_its_value(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedGemm(threads));
        Assert.Contains($"threads {threads}: must be at least 1 and at most 4096", error.Message);
    }

    public static TheoryData<string> ValidatingVariants()
    {
        var data = new TheoryData<string> { "managed/1", "managed/2" };
        if (OpenBlasGemm.TryCreate(1, out _) is not null) data.Add("openblas/1");
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidatingVariants))]
    public void Inconsistent_arguments_are_rejected_with_the_offending_values(string variant)
    {
        var gemm = GemmVariants.Get(variant);
        float[] a = new float[6], b = new float[6], c = new float[4];
        var negative = Assert.Throws<ArgumentOutOfRangeException>(
            () => gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Contains("m -1: must be non-negative", negative.Message);

        var lda = Assert.Throws<ArgumentException>(
            () => gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Contains("lda 2: must be at least max(1, 3)", lda.Message);

        var ldbT = Assert.Throws<ArgumentException>(
            () => gemm.Multiply(Transpose.No, Transpose.Yes, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Contains("ldb 2: must be at least max(1, 3)", ldbT.Message);

        var shortC = Assert.Throws<ArgumentException>(
            () => gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 3));
        Assert.Contains("C has 4 elements but 2x2 with ldc 3 needs at least 5", shortC.Message);
    }

    static void AssertBitIdentical(float[] expected, float[] actual, string label)
    {
        var e = MemoryMarshal.Cast<float, int>(expected);
        var a = MemoryMarshal.Cast<float, int>(actual);
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
                Assert.Fail($"{label}: element {i} differs: {expected[i]:R} vs {actual[i]:R}");
        }
    }
}
