// ρ from the certifier against an independent float64 computation: the full d×d Jacobian by the
// chain rule in double (ReferenceMlp) and its eigenvalues by the dense solver. Random networks over
// several activations, and constructed networks whose top eigenvalues are nearly equal or a complex
// pair with a non-normal coupling, where float products of the Jacobian factors fail.
using System.Numerics;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Linalg;
using Mnemos.Nn;
using Mnemos.Nn.Reference;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class CertifierPrecisionTests
{
    // Both sides are double; they differ by κ·ε·‖J‖ (κ ≲ 1e4 here), far inside the 1e-6 target.
    const double RandomAgreement = 1e-9;
    // The constructed cases have κ ≈ 1e2–1e5 on their top eigenvalues: ε·κ·‖M‖ stays below 1e-9.
    const double HardAgreement = 1e-8;
    // What a certificate must meet (the float-product path missed it by 3.6e-3 on a trained network).
    const double Target = 1e-6;

    [Theory]
    [InlineData(12, 5, 3, Activation.Selu, 11)]
    [InlineData(12, 5, 3, Activation.Cosid, 12)]
    [InlineData(12, 5, 3, Activation.Tanh, 13)]
    [InlineData(12, 5, 3, Activation.Relu, 14)]
    [InlineData(16, 8, 6, Activation.Selu, 15)]
    [InlineData(6, 9, 2, Activation.Cosid, 16)]   // w > d: the d×d Jacobian itself
    public void Radius_matches_eigenvalues_of_the_double_chain_rule_jacobian(int d, int w, int depth, Activation activation, int seed)
    {
        var mlp = TestNets.Random(new MlpSpec(d, d, depth, w, activation), seed: (ulong)seed, scale: 2);
        var point = TestNets.Uniform(d, seed: (ulong)seed + 100);
        double expected = ReferenceRadius(mlp, point);

        var certificate = Certifier.FixedPoint(mlp, new ManagedGemm(1), point);

        Tolerance.Close(expected, certificate.SpectralRadius, RandomAgreement, 0, $"ρ, {activation} {d}→{w}×{depth}");
        Assert.True(certificate.SpectralRadiusError < RandomAgreement * expected, $"error bound {certificate.SpectralRadiusError:E2} at ρ {expected}");
    }

    [Theory]
    [InlineData(false, 1e-4, 10)]   // 0.95 ± 1e-2, coupling 10: nearly equal real top eigenvalues
    [InlineData(true, 1e-6, 100)]   // 0.9 ± 1e-3·i, coupling 100: a non-normal complex top pair
    public void Hard_top_pairs_agree_in_double_and_fail_in_float(bool complex, double s, double coupling)
    {
        var mlp = HardNetwork(complex, s, coupling, seed: 5);
        var point = new float[mlp.Spec.InputSize];
        double expected = ReferenceRadius(mlp, point);

        var certificate = Certifier.FixedPoint(mlp, new ManagedGemm(1), point);
        Tolerance.Close(expected, certificate.SpectralRadius, HardAgreement, 0, "ρ in double");
        var top = certificate.TopEigenvalues;
        Assert.True(complex ? top[0].Imaginary > 0 && top[1] == Complex.Conjugate(top[0]) : top[0].Imaginary == 0 && top[1].Imaginary == 0,
            $"top pair {top[0]}, {top[1]}: not the constructed kind");
        Assert.True(certificate.Condition > 100, $"κ(λ₁) = {certificate.Condition}: the case is meant to be ill-conditioned");
        Assert.True(Math.Abs(certificate.SpectralRadius - expected) <= certificate.SpectralRadiusError + HardAgreement * expected,
            $"|ρ − ρ_ref| = {Math.Abs(certificate.SpectralRadius - expected):E2} above the bound {certificate.SpectralRadiusError:E2}");

        // The float path: B·A from float32 GEMMs of a float32 linearization, eigenvalues in double.
        var reduced = mlp.LinearizeAt(new ManagedGemm(1), point).ReducedProduct();
        double floatRadius = DenseEigen.SpectralRadius(Array.ConvertAll(reduced.Data, v => (double)v), reduced.Rows);
        double floatDeviation = Math.Abs(floatRadius - expected) / expected;
        Assert.True(floatDeviation > Target, $"float path deviates by {floatDeviation:E2}: the case does not separate the paths");
    }

    [Fact]
    public void Cycle_radius_matches_the_product_of_double_jacobians()
    {
        int d = 10;
        var mlp = TestNets.Random(new MlpSpec(d, d, 3, 4, Activation.Selu), seed: 31, scale: 2);
        var points = Enumerable.Range(0, 3).Select(i => TestNets.Uniform(d, seed: (ulong)(40 + i))).ToArray();
        double[] product = SquareMatrices.Identity(d);
        foreach (var p in points) product = SquareMatrices.Multiply(Flatten(ReferenceMlp.Jacobian(mlp, ReferenceMlp.Widen(p))), product, d);
        double expected = DenseEigen.SpectralRadius(product, d);

        var certificate = Certifier.Cycle(mlp, new ManagedGemm(1), points);
        Tolerance.Close(expected, certificate.SpectralRadius, RandomAgreement, 0, "cycle ρ");
    }

    [Fact]
    public void Arnoldi_radius_matches_the_reference_within_its_reported_error()
    {
        var mlp = TestNets.Random(new MlpSpec(40, 40, 3, 24, Activation.Selu), seed: 51, scale: 2);
        var point = TestNets.Uniform(40, seed: 52);
        double expected = ReferenceRadius(mlp, point);

        var certificate = Certifier.FixedPoint(mlp, new ManagedGemm(1), point, new CertifyOptions { DenseLimit = 8 });

        Assert.StartsWith("arnoldi", certificate.Method);
        Assert.True(double.IsNaN(certificate.Condition), "Arnoldi has no left vectors to measure κ with");
        Assert.True(certificate.SpectralRadiusError < 1e-8 * expected, $"error {certificate.SpectralRadiusError:E2}");
        Assert.True(Math.Abs(certificate.SpectralRadius - expected) <= certificate.SpectralRadiusError + RandomAgreement * expected,
            $"|ρ − ρ_ref| = {Math.Abs(certificate.SpectralRadius - expected):E2}, reported error {certificate.SpectralRadiusError:E2}");
    }

    static double ReferenceRadius(Mlp mlp, float[] point) =>
        DenseEigen.SpectralRadius(Flatten(ReferenceMlp.Jacobian(mlp, ReferenceMlp.Widen(point))), mlp.Spec.InputSize);

    static double[] Flatten(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var flat = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) flat[i * cols + j] = m[i, j];
        return flat;
    }

    /// <summary>
    /// d = 16, w = 8, two tanh layers without bias, so x = 0 is a fixed point with every φ′ = 1 and
    /// B·A = W₁W₀A. A = Q [d × w] and W₁ = R [w × w] have orthonormal columns, W₀ = RᵀTQᵀ, so
    /// B·A ≈ T = H·J·H (H a Householder reflector) up to the float rounding of the weights. J holds
    /// the top block [[λ, c], [±s/c, λ]] (eigenvalues λ ± √s or λ ± i√s) and 0.5, 0.45, … 0.25 below.
    /// </summary>
    internal static Mlp HardNetwork(bool complex, double s, double coupling, ulong seed)
    {
        const int d = 16, w = 8;
        double lambda = complex ? 0.9 : 0.95;
        var j = new double[w, w];
        j[0, 0] = j[1, 1] = lambda;
        j[0, 1] = coupling;
        j[1, 0] = (complex ? -s : s) / coupling;
        for (int i = 2; i < w; i++) j[i, i] = 0.5 - 0.05 * (i - 2);
        var h = Householder(w, seed);
        var t = Multiply(Multiply(h, j), h);
        var q = Orthonormal(d, w, seed + 1);
        var r = Orthonormal(w, w, seed + 2);
        var w0 = Multiply(Multiply(Transpose(r), t), Transpose(q)); // [w × d]

        var mlp = new Mlp(new MlpSpec(d, d, 2, w, Activation.Tanh, Bias: false));
        Fill(mlp.Weight(0), w0);
        Fill(mlp.Weight(1), r);
        Fill(mlp.Weight(2), q);
        return mlp;
    }

    static double[,] Householder(int n, ulong seed)
    {
        var v = Gaussian(n, seed);
        double vv = v.Sum(x => x * x);
        var h = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) h[a, b] = (a == b ? 1 : 0) - 2 * v[a] * v[b] / vv;
        return h;
    }

    // Gram–Schmidt (twice) on Gaussian columns: [rows × cols] with orthonormal columns.
    static double[,] Orthonormal(int rows, int cols, ulong seed)
    {
        var g = Gaussian(rows * cols, seed);
        var m = new double[rows, cols];
        for (int c = 0; c < cols; c++)
        {
            for (int i = 0; i < rows; i++) m[i, c] = g[i * cols + c];
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) dot += m[i, p] * m[i, c];
                    for (int i = 0; i < rows; i++) m[i, c] -= dot * m[i, p];
                }
            double norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(i => m[i, c] * m[i, c]));
            for (int i = 0; i < rows; i++) m[i, c] /= norm;
        }
        return m;
    }

    static double[] Gaussian(int count, ulong seed) => Mnemos.Tests.Linalg.EigenTestMatrices.GaussianValues(count, seed);

    static double[,] Multiply(double[,] x, double[,] y)
    {
        int n = x.GetLength(0), k = x.GetLength(1), m = y.GetLength(1);
        var z = new double[n, m];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < m; b++)
                for (int p = 0; p < k; p++) z[a, b] += x[a, p] * y[p, b];
        return z;
    }

    static double[,] Transpose(double[,] x)
    {
        var t = new double[x.GetLength(1), x.GetLength(0)];
        for (int a = 0; a < x.GetLength(0); a++)
            for (int b = 0; b < x.GetLength(1); b++) t[b, a] = x[a, b];
        return t;
    }

    static void Fill(Span<float> destination, double[,] values)
    {
        int cols = values.GetLength(1);
        for (int a = 0; a < values.GetLength(0); a++)
            for (int b = 0; b < cols; b++) destination[a * cols + b] = (float)values[a, b];
    }
}
