// ρ(M) of a dense real matrix with a first-order bound on its error. Each eigenvalue λ̂ whose
// modulus could reach ρ̂ gets |λ − λ̂| ≲ κ(λ)·(‖Mu − λ̂u‖ + ε√n‖M‖_F) with κ(λ) = 1/|yᴴx| for unit
// right (x) and left (y) eigenvectors (Wilkinson's condition number); the ε term stands for the
// rounding in forming M in double, which the residual against the formed M cannot see.
// First order: reliable while the bound is small next to the gaps in the top cluster.
using System.Numerics;

namespace Mnemos.Linalg;

/// <summary>
/// ρ̂ with its error bound: ρ lies in [ρ̂ − Error, ρ̂ + Error] to first order. Condition is κ of the
/// dominant eigenvalue; Examined counts the eigenvalues (conjugate pairs once) whose κ was measured.
/// </summary>
sealed record BoundedRadius(Complex[] Eigenvalues, EigenPair Dominant, double SpectralRadius, double Error, double Condition, int Examined);

static class RadiusBound
{
    // Eigenvalues with |λ̂| ≥ (1 − Window)·ρ̂ are examined; those further down are assumed not to
    // reach ρ, which would need κ·residual > 1e-2·ρ (κ ≳ 1e13 at double roundoff).
    const double Window = 1e-2;
    // Past this many examined eigenvalues inside the window, the rest are given the largest error seen.
    const int MaxExamined = 12;
    const double Eps = 2.220446049250313e-16;

    /// <summary>All eigenvalues of m [n × n] (decreasing modulus), ρ̂ and its error bound.</summary>
    public static BoundedRadius Estimate(ReadOnlySpan<double> m, int n)
    {
        if (n == 0) return new BoundedRadius([], new EigenPair(0, [], 0, 0), 0, 0, 1, 0);
        var (values, pairs, left) = DenseEigen.EigenvaluesAndBothVectors(m, n, all => Candidates(all).ToArray());
        double rho = Complex.Abs(values[0]);
        double floor = Eps * Math.Sqrt(n) * DoubleKernels.Norm2(m.Slice(0, n * n));

        double below = 0, above = 0, largest = 0, condition = double.PositiveInfinity;
        for (int i = 0; i < pairs.Length; i++)
        {
            double kappa = Condition(left[i], pairs[i].Vector);
            double error = kappa * (pairs[i].Residual + floor);
            if (i == 0) { below = error; condition = kappa; }
            largest = Math.Max(largest, error);
            above = Math.Max(above, Complex.Abs(pairs[i].Value) + error - rho);
        }
        int inWindow = Distinct(values).Count(l => Complex.Abs(l) >= (1 - Window) * rho);
        if (inWindow > pairs.Length) above = Math.Max(above, largest); // unexamined members of the cluster
        double bound = Math.Max(below, above);
        if (double.IsNaN(bound)) bound = double.PositiveInfinity;
        return new BoundedRadius(values, pairs[0], rho, bound, condition, pairs.Length);
    }

    // The dominant eigenvalue, then those (+i members of conjugate pairs) within the window.
    static IEnumerable<Complex> Candidates(Complex[] sorted)
    {
        double rho = Complex.Abs(sorted[0]);
        return Distinct(sorted).TakeWhile(l => Complex.Abs(l) >= (1 - Window) * rho).Take(MaxExamined);
    }

    // Conjugate pairs once (the +i member, listed first by the sort).
    static IEnumerable<Complex> Distinct(Complex[] sorted) => sorted.Where(l => l.Imaginary >= 0);

    // κ = ‖y‖‖x‖/|yᴴx| for a right eigenvector x and a left one w (wᵀM = λwᵀ, so y = w̄ and
    // yᴴx = Σ wᵢxᵢ without conjugation); ∞ when they are orthogonal (a defective eigenvalue).
    static double Condition(Complex[] w, Complex[] x)
    {
        Complex dot = 0;
        double ww = 0, xx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += w[i] * x[i];
            ww += w[i].Real * w[i].Real + w[i].Imaginary * w[i].Imaginary;
            xx += x[i].Real * x[i].Real + x[i].Imaginary * x[i].Imaginary;
        }
        double overlap = Complex.Abs(dot);
        return overlap == 0 ? double.PositiveInfinity : Math.Sqrt(ww * xx) / overlap;
    }
}
