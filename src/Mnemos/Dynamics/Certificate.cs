// The evidence that a stored example (or cycle) is an attractor: the spectral radius of the
// Jacobian there with a bound on its error, the top eigenvalues, how well the point is a fixed
// point, how well the top eigenpair solves Jv = λv, and the verdict with its margin
// (Radhakrishnan, Belkin & Uhler, PNAS 2020, Propositions 1 and 2).
using System.Numerics;

namespace Mnemos.Dynamics;

/// <summary>Whether a fixed point or cycle attracts.</summary>
public enum Verdict
{
    /// <summary>ρ + error &lt; 1 − margin: every eigenvalue inside the unit circle.</summary>
    Attractor,
    /// <summary>ρ − error &gt; 1 + margin: some direction is repelled.</summary>
    NotAttractor,
    /// <summary>[ρ − error, ρ + error] meets [1 − margin, 1 + margin]: the computation cannot decide.</summary>
    Undecided,
}

/// <summary>Settings of certification.</summary>
internal sealed record CertifyOptions
{
    /// <summary>Half-width of the band around ρ = 1 reported as undecided.</summary>
    public double Margin { get; init; } = 1e-3;

    /// <summary>How many of the largest eigenvalues to report.</summary>
    public int TopCount { get; init; } = 5;

    /// <summary>Above this size of the reduced problem min(d, w), matrix-free Arnoldi replaces the dense solver.</summary>
    public int DenseLimit { get; init; } = 1536;

    public void Validate()
    {
        if (!(Margin >= 0) || !double.IsFinite(Margin)) throw new ArgumentException($"certify margin {Margin}: must be a finite number ≥ 0");
        if (TopCount < 1) throw new ArgumentException($"top eigenvalue count {TopCount}: must be at least 1");
        if (DenseLimit < 1) throw new ArgumentException($"dense limit {DenseLimit}: must be at least 1");
    }
}

/// <summary>
/// A certificate. <paramref name="FixedPointResidual"/> is ‖f(x) − x‖₂ from the float forward pass
/// (for a cycle the largest ‖f(x⁽ʲ⁾) − x⁽ʲ⁺¹⁾‖₂); <paramref name="EigenResidual"/> is
/// ‖Jv − λv‖₂/‖v‖₂ for the top pair; <paramref name="Method"/> says which problem was solved
/// ("dense w×w", "dense d×d", "arnoldi").
/// </summary>
internal sealed record Certificate(
    double SpectralRadius, Complex[] TopEigenvalues, double FixedPointResidual, double EigenResidual,
    Verdict Verdict, double Margin, string Method)
{
    /// <summary>
    /// Bound on |ρ − SpectralRadius|, first order: max over the eigenvalues λ̂ᵢ that could reach ρ of
    /// κ(λᵢ)·(‖Muᵢ − λ̂ᵢuᵢ‖ + ε√n‖M‖_F), κ = 1/|yᴴx| for unit left and right eigenvectors (dense
    /// path); on the Arnoldi path the Ritz residual bounds with κ taken as 1 (exact for normal M
    /// only). +∞ when an eigenvalue is defective.
    /// </summary>
    public double SpectralRadiusError { get; init; }

    /// <summary>κ(λ₁) = 1/|yᴴx| of the dominant eigenvalue (1 for a normal matrix); NaN on the Arnoldi path.</summary>
    public double Condition { get; init; } = double.NaN;

    /// <summary>
    /// Attractor when ρ + error &lt; 1 − margin, not an attractor when ρ − error &gt; 1 + margin,
    /// otherwise (and for a NaN ρ or error) undecided.
    /// </summary>
    public static Verdict Judge(double spectralRadius, double error, double margin) =>
        spectralRadius + error < 1 - margin ? Verdict.Attractor
        : spectralRadius - error > 1 + margin ? Verdict.NotAttractor
        : Verdict.Undecided;
}
