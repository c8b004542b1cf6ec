// The 1-NN and modern Hopfield baselines against naive double twins and closed-form cases:
// ties to the lowest index, near ties float GEMM cannot resolve, β = 0 gives the mean, large β
// on equal-norm rows gives the nearest neighbour.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class BaselinesTests
{
    public static TheoryData<GemmBackend> Backends => new(GemmBackends.Available);

    static Matrix Random(int rows, int cols, ulong seed, double low = 0, double high = 1)
    {
        var m = new Matrix(rows, cols);
        new Rng(seed).FillUniform(m.Data, low, high);
        return m;
    }

    /// <summary>Naive twin: argmin of Σ (aₖ − sₖ)² in double, first index on ties.</summary>
    internal static int NaiveNearest(Matrix stored, ReadOnlySpan<float> a)
    {
        int best = 0;
        double bestSquare = double.PositiveInfinity;
        for (int j = 0; j < stored.Rows; j++)
        {
            double square = 0;
            for (int k = 0; k < a.Length; k++) square += ((double)a[k] - stored[j, k]) * ((double)a[k] - stored[j, k]);
            if (square < bestSquare) (best, bestSquare) = (j, square);
        }
        return best;
    }

    /// <summary>Naive twin of one modern Hopfield retrieval, all in double.</summary>
    internal static double[] NaiveHopfield(Matrix stored, ReadOnlySpan<float> input, double beta, int updates)
    {
        int n = stored.Rows, d = stored.Cols;
        var xi = new double[d];
        for (int k = 0; k < d; k++) xi[k] = input[k];
        for (int u = 0; u < updates; u++)
        {
            var s = new double[n];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) s[i] += beta * stored[i, k] * xi[k];
            double max = s.Max();
            var p = s.Select(v => Math.Exp(v - max)).ToArray();
            double sum = p.Sum();
            var next = new double[d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) next[k] += p[i] / sum * stored[i, k];
            xi = next;
        }
        return xi;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Nearest_neighbour_matches_the_naive_argmin(GemmBackend backend)
    {
        var gemm = GemmBackends.Create(backend, 1);
        var stored = Random(7, 13, 1);
        var inputs = Random(300, 13, 2, -0.5, 1.5);
        var found = NearestNeighbour.Recall(stored, inputs, gemm);
        for (int r = 0; r < inputs.Rows; r++) Assert.Equal(NaiveNearest(stored, inputs.Row(r)), found[r]);
    }

    [Fact]
    public void Ties_go_to_the_lowest_index_and_non_finite_inputs_get_minus_one()
    {
        var stored = new Matrix(3, 2, [0, 0, 2, 0, 0, 0]);
        var inputs = new Matrix(4, 2, [1, 0, 0, 0, 2, 0, float.NaN, 0]);
        Assert.Equal([0, 0, 1, -1], NearestNeighbour.Recall(stored, inputs, ReferenceGemm.Instance));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Near_ties_that_float_dot_products_cannot_separate_are_decided_exactly(GemmBackend backend)
    {
        // Everything sits near 1000·(1, …, 1): ‖s‖² ≈ 6.4e7, whose float spacing (4) dwarfs the
        // differences between true squared distances (≈ 1e-4).
        const int D = 64;
        var stored = Random(5, D, 3, 1000, 1000.01);
        var inputs = Random(200, D, 4, 1000, 1000.01);
        var found = NearestNeighbour.Recall(stored, inputs, GemmBackends.Create(backend, 1));
        int floatFormWrong = 0;
        for (int r = 0; r < inputs.Rows; r++)
        {
            int expected = NaiveNearest(stored, inputs.Row(r));
            Assert.Equal(expected, found[r]);
            var scores = Enumerable.Range(0, stored.Rows).Select(j =>
            {
                float norm = 0, dot = 0;
                for (int k = 0; k < D; k++) { norm += stored[j, k] * stored[j, k]; dot += stored[j, k] * inputs[r, k]; }
                return norm - 2 * dot;
            }).ToList();
            floatFormWrong += scores.IndexOf(scores.Min()) != expected ? 1 : 0;
        }
        Assert.True(floatFormWrong > 20, $"the float form erred on only {floatFormWrong} inputs: the case is not hard");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Hopfield_matches_its_naive_twin(GemmBackend backend)
    {
        var gemm = GemmBackends.Create(backend, 1);
        var stored = Random(6, 20, 5);
        var inputs = Random(40, 20, 6);
        foreach (var (beta, updates) in new[] { (0.5, 1), (2.0, 3), (8.0, 2) })
        {
            var retrieval = ModernHopfield.Retrieve(stored, inputs, beta, updates, gemm);
            for (int r = 0; r < inputs.Rows; r++)
            {
                var expected = NaiveHopfield(stored, inputs.Row(r), beta, updates);
                for (int k = 0; k < 20; k++) Assert.Equal(expected[k], retrieval.Points[r, k], 2e-5);
                Assert.Equal(NaiveNearest(stored, retrieval.Points.Row(r)), retrieval.Nearest[r]);
            }
        }
    }

    [Fact]
    public void Beta_zero_gives_the_mean_of_the_stored_rows_and_zero_updates_the_inputs()
    {
        var stored = Random(5, 9, 7);
        var inputs = Random(3, 9, 8, -2, 2);
        var retrieval = ModernHopfield.Retrieve(stored, inputs, beta: 0, updates: 4, ReferenceGemm.Instance);
        for (int k = 0; k < 9; k++)
        {
            double mean = Enumerable.Range(0, 5).Average(i => (double)stored[i, k]);
            for (int r = 0; r < 3; r++) Assert.Equal(mean, retrieval.Points[r, k], 1e-6);
        }
        Assert.Equal(inputs.Data, ModernHopfield.Retrieve(stored, inputs, beta: 3, updates: 0, ReferenceGemm.Instance).Points.Data);
    }

    [Fact]
    public void Large_beta_on_equal_norm_rows_retrieves_the_nearest_neighbour()
    {
        var stored = Random(6, 16, 9, -1, 1);
        for (int i = 0; i < 6; i++)
        {
            float norm = (float)Math.Sqrt(stored.Row(i).ToArray().Sum(v => (double)v * v));
            for (int k = 0; k < 16; k++) stored[i, k] /= norm;
        }
        var inputs = Random(50, 16, 10, -1, 1);
        const double Beta = 1e5;
        for (int r = 0; r < inputs.Rows; r++)
        {
            // Precondition: the top two scores are far apart on the scale 1/β, so softmax is one-hot.
            var scores = Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, 16).Sum(k => (double)stored[i, k] * inputs[r, k])).OrderDescending().ToArray();
            Assert.True(Beta * (scores[0] - scores[1]) > 100, $"input {r}: gap {scores[0] - scores[1]}");
        }
        var retrieval = ModernHopfield.Retrieve(stored, inputs, Beta, updates: 1, ReferenceGemm.Instance);
        var nearest = NearestNeighbour.Recall(stored, inputs, ReferenceGemm.Instance);
        Assert.Equal(nearest, retrieval.Nearest);
        for (int r = 0; r < inputs.Rows; r++) Assert.Equal(stored.Row(nearest[r]).ToArray(), retrieval.Points.Row(r).ToArray());
    }

    [Fact]
    public void Bad_arguments_name_the_values()
    {
        var stored = Random(2, 3, 1);
        Assert.Equal("inputs have 4 values per row but the stored examples have 3",
            Assert.Throws<ArgumentException>(() => NearestNeighbour.Recall(stored, new Matrix(1, 4), ReferenceGemm.Instance)).Message);
        Assert.Equal("stored examples are empty (0×3); need at least one",
            Assert.Throws<ArgumentException>(() => NearestNeighbour.Recall(new Matrix(0, 3), new Matrix(1, 3), ReferenceGemm.Instance)).Message);
        Assert.Equal("Hopfield beta -1: must be a finite number at least 0",
            Assert.Throws<ArgumentException>(() => ModernHopfield.Retrieve(stored, new Matrix(1, 3), -1, 1, ReferenceGemm.Instance)).Message);
        Assert.Equal("Hopfield updates -2: must be at least 0",
            Assert.Throws<ArgumentException>(() => ModernHopfield.Retrieve(stored, new Matrix(1, 3), 1, -2, ReferenceGemm.Instance)).Message);
    }

    [Fact]
    public void A_missing_gemm_is_refused_rather_than_replaced_by_the_reference()
    {
        var stored = Random(2, 3, 1);
        var inputs = Random(1, 3, 2);
        Assert.Equal("gemm", Assert.Throws<ArgumentNullException>(() => NearestNeighbour.Recall(stored, inputs, null!)).ParamName);
        Assert.Equal("gemm", Assert.Throws<ArgumentNullException>(() => ModernHopfield.Retrieve(stored, inputs, 1, 1, null!)).ParamName);
    }
}
