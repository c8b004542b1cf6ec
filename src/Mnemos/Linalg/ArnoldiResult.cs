// Options and result of the matrix-free Arnoldi eigensolver. Plain data.
using System.Numerics;

namespace Mnemos.Linalg;

/// <summary>Settings for <see cref="Arnoldi.TopEigenvalues"/>.</summary>
internal sealed record ArnoldiOptions
{
    /// <summary>Largest Krylov basis size m before a restart (capped at n). Must be ≥ Wanted + 2.</summary>
    public int KrylovDimension { get; init; } = 40;

    /// <summary>How many Ritz values of largest modulus must converge (k).</summary>
    public int Wanted { get; init; } = 6;

    /// <summary>Converged when every wanted residual ≤ Tolerance·max(|θ₁|, smallest normal double).</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Restarts allowed before returning unconverged.</summary>
    public int MaxRestarts { get; init; } = 300;

    /// <summary>Seed of the Gaussian start vector.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Ritz values θ of largest modulus with their residual bounds ‖A·x − θ·x‖₂ ≤ ‖G·y − θ·y‖ +
/// |g_{m+1,m}|·|e_mᵀy| for the unit Ritz vector x = V·y (G the projected matrix; the first term is
/// at roundoff level unless θ is defective). A residual r makes (θ, x) an exact eigenpair of a matrix
/// within ‖E‖₂ = r of A; for a non-normal A the eigenvalue error can still exceed r.
/// </summary>
internal sealed record ArnoldiResult(
    Complex[] RitzValues,
    double[] Residuals,
    bool Converged,
    int Restarts,
    int MatrixVectorProducts,
    bool InvariantSubspace)
{
    /// <summary>The estimate of ρ(A): |θ₁| (0 when n = 0).</summary>
    public double SpectralRadius => RitzValues.Length == 0 ? 0 : Complex.Abs(RitzValues[0]);

    /// <summary>‖A·x − θ₁·x‖₂ for the first Ritz pair, recomputed with two extra products (not the bound).</summary>
    public double DominantResidual { get; init; }
}
