// Seeded test matrices with known spectra for the Linalg tests, plus spectrum matching. Built from
// closed forms (rotation blocks, companion matrices, similarity transforms), independent of the solver.
using System.Numerics;
using Mnemos.Tensors;

namespace Mnemos.Tests.Linalg;

static class EigenTestMatrices
{
    /// <summary>n×n with entries N(0, 1/n): spectrum fills roughly the unit disc.</summary>
    public static double[] Gaussian(int n, ulong seed, double scale = 1)
    {
        var rng = new Rng(seed);
        var a = new double[n * n];
        double s = scale / Math.Sqrt(Math.Max(1, n));
        for (int i = 0; i < a.Length; i++) a[i] = s * rng.Gaussian();
        return a;
    }

    /// <summary>count independent N(0, std²) values.</summary>
    public static double[] GaussianValues(int count, ulong seed, double std = 1)
    {
        var rng = new Rng(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = std * rng.Gaussian();
        return values;
    }

    /// <summary>r·[[cos t, −sin t], [sin t, cos t]], eigenvalues r·e^{±it}.</summary>
    public static double[] RotationScaling(double r, double t) =>
        [r * Math.Cos(t), -r * Math.Sin(t), r * Math.Sin(t), r * Math.Cos(t)];

    /// <summary>Block diagonal matrix of the given square blocks (row-major each).</summary>
    public static double[] BlockDiagonal(params double[][] blocks)
    {
        int n = blocks.Sum(b => (int)Math.Round(Math.Sqrt(b.Length)));
        var a = new double[n * n];
        int at = 0;
        foreach (var block in blocks)
        {
            int m = (int)Math.Round(Math.Sqrt(block.Length));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) a[(at + i) * n + at + j] = block[i * m + j];
            at += m;
        }
        return a;
    }

    /// <summary>Q·D·Q⁻¹ with Q = U·S·Vᵀ, U and V random orthogonal, S = diag in [0.5, 2] (cond(Q) ≤ 4).</summary>
    public static double[] Similar(double[] d, int n, ulong seed)
    {
        var rng = new Rng(seed);
        var u = RandomOrthogonal(n, rng);
        var v = RandomOrthogonal(n, rng);
        var s = new double[n];
        for (int i = 0; i < n; i++) s[i] = 0.5 * Math.Pow(4, rng.NextDouble());
        var q = new double[n * n];
        var qInv = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sumQ = 0, sumInv = 0;
                for (int k = 0; k < n; k++)
                {
                    sumQ += u[i * n + k] * s[k] * v[j * n + k];     // (U S Vᵀ)_ij
                    sumInv += v[i * n + k] / s[k] * u[j * n + k];   // (V S⁻¹ Uᵀ)_ij
                }
                q[i * n + j] = sumQ;
                qInv[i * n + j] = sumInv;
            }
        return Multiply(Multiply(q, d, n), qInv, n);
    }

    /// <summary>Product of n random Householder reflectors: a random orthogonal matrix.</summary>
    public static double[] RandomOrthogonal(int n, Rng rng)
    {
        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        var w = new double[n];
        for (int r = 0; r < n; r++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++) { w[i] = rng.Gaussian(); norm += w[i] * w[i]; }
            for (int i = 0; i < n; i++) w[i] /= Math.Sqrt(norm);
            for (int i = 0; i < n; i++) // q ← q·(I − 2wwᵀ)
            {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += q[i * n + j] * w[j];
                for (int j = 0; j < n; j++) q[i * n + j] -= 2 * dot * w[j];
            }
        }
        return q;
    }

    public static double[] Multiply(double[] a, double[] b, int n) => Multiply(a, b, n, n, n);

    /// <summary>[m × k]·[k × p] row-major, plain triple loop.</summary>
    public static double[] Multiply(double[] a, double[] b, int m, int k, int p)
    {
        var c = new double[m * p];
        for (int i = 0; i < m; i++)
            for (int l = 0; l < k; l++)
            {
                double x = a[i * k + l];
                for (int j = 0; j < p; j++) c[i * p + j] += x * b[l * p + j];
            }
        return c;
    }

    /// <summary>Companion matrix of the monic polynomial with the given roots (conjugates included).</summary>
    public static double[] Companion(Complex[] roots)
    {
        int n = roots.Length;
        var coefficients = new Complex[n + 1]; // ascending powers; ends monic, coefficients[n] = 1
        coefficients[0] = 1;
        for (int r = 0; r < n; r++)
        {
            for (int k = r + 1; k >= 1; k--) coefficients[k] = coefficients[k - 1] - roots[r] * coefficients[k];
            coefficients[0] = -roots[r] * coefficients[0];
        }
        var a = new double[n * n];
        for (int j = 0; j < n; j++) a[j] = -coefficients[n - 1 - j].Real;
        for (int i = 1; i < n; i++) a[i * n + i - 1] = 1;
        return a;
    }

    /// <summary>
    /// Largest distance from an expected eigenvalue to its partner in actual, pairing greedily by
    /// nearest unused value (robust to different orders of equal-modulus eigenvalues).
    /// </summary>
    public static double MatchError(IReadOnlyList<Complex> expected, IReadOnlyList<Complex> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var used = new bool[actual.Count];
        double worst = 0;
        foreach (var e in expected)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < actual.Count; j++)
            {
                if (used[j]) continue;
                double d = Complex.Abs(actual[j] - e);
                if (d < bestDistance) { bestDistance = d; best = j; }
            }
            used[best] = true;
            worst = Math.Max(worst, bestDistance);
        }
        return worst;
    }

    public static double FrobeniusNorm(double[] a) => Math.Sqrt(a.Sum(x => x * x));
}
