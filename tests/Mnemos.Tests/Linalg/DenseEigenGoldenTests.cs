// DenseEigen against numpy.linalg.eigvals (LAPACK dgeev) on seeded matrices stored with their
// eigenvalues in golden/eig_golden.json (made by golden/make_eig_golden.py), and against the
// trace and determinant identities on larger random matrices.
using System.Numerics;
using System.Text.Json;
using Mnemos.Linalg;
using static Mnemos.Tests.Linalg.EigenTestMatrices;

namespace Mnemos.Tests.Linalg;

public class DenseEigenGoldenTests
{
    // Both solvers are backward stable; random Gaussian matrices this small have eigenvalue
    // condition numbers below ~100, so 1e-11·‖A‖_F leaves two orders of margin.
    const double GoldenTolerance = 1e-11;

    public static TheoryData<string> GoldenCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load().RootElement.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Eigenvalues_match_numpy_golden_values(string name)
    {
        var c = Load().RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        int n = c.GetProperty("n").GetInt32();
        var a = c.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var re = c.GetProperty("re").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var im = c.GetProperty("im").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var expected = re.Zip(im, (x, y) => new Complex(x, y)).ToArray();
        var values = DenseEigen.Eigenvalues(a, n);
        double error = MatchError(expected, values);
        // The graded case is D·G·D⁻¹ with ‖A‖ ≈ 1e12; its eigenvalues are those of G (‖G‖ ≈ 1):
        // balancing must bring the error down to the scale of G, not of A.
        double scale = name.StartsWith("graded") ? Math.Sqrt(n) : FrobeniusNorm(a);
        Assert.True(error <= GoldenTolerance * scale, $"{name}: worst eigenvalue error {error:E2} (limit {GoldenTolerance * scale:E2})");
        Assert.Equal(expected.Max(Complex.Abs), DenseEigen.SpectralRadius(a, n), 11);
    }

    [Fact]
    public void Eigenvalue_sum_and_product_match_trace_and_lu_determinant_for_n_200()
    {
        const int n = 200;
        var a = Gaussian(n, seed: 200);
        var values = DenseEigen.Eigenvalues(a, n);
        Complex sum = 0;
        foreach (var v in values) sum += v;
        double trace = 0;
        for (int i = 0; i < n; i++) trace += a[i * n + i];
        Assert.True(Complex.Abs(sum - trace) <= 1e-12 * FrobeniusNorm(a), $"Σλ = {sum}, trace = {trace}");

        // Π λ as sign and log-modulus (the product itself under/overflows easily).
        double logProduct = values.Sum(v => Math.Log(Complex.Abs(v)));
        int negativeReals = values.Count(v => v.Imaginary == 0 && v.Real < 0);
        Assert.All(values.Where(v => v.Imaginary > 0), v => Assert.Contains(Complex.Conjugate(v), values));
        var (logDet, sign) = LogDeterminant(a, n);
        Assert.True(Math.Abs(logProduct - logDet) <= 1e-10 * n, $"Σ log|λ| = {logProduct:R}, log|det| = {logDet:R}");
        Assert.Equal(sign, negativeReals % 2 == 0 ? 1 : -1);
    }

    // log|det A| and sign(det A) by Gaussian elimination with partial pivoting.
    static (double LogAbs, int Sign) LogDeterminant(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        double logAbs = 0;
        int sign = 1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i * n + k]) > Math.Abs(a[p * n + k])) p = i;
            if (p != k)
            {
                sign = -sign;
                for (int j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]);
            }
            double pivot = a[k * n + k];
            if (pivot < 0) sign = -sign;
            logAbs += Math.Log(Math.Abs(pivot));
            for (int i = k + 1; i < n; i++)
            {
                double l = a[i * n + k] / pivot;
                for (int j = k; j < n; j++) a[i * n + j] -= l * a[k * n + j];
            }
        }
        return (logAbs, sign);
    }

    static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Linalg", "golden", "eig_golden.json")));
}
