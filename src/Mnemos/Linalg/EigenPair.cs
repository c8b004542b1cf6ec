// Result types of the dense eigensolver: an eigenpair with its residual, and a full spectrum with
// its dominant pair. Plain data; the numbers come from DenseEigen.
using System.Numerics;

namespace Mnemos.Linalg;

/// <summary>
/// An eigenvalue λ with a unit eigenvector v (‖v‖₂ = 1, largest component real and positive) and
/// its residual ‖A·v − λ·v‖₂ computed in double against the original matrix.
/// </summary>
internal sealed record EigenPair(Complex Value, Complex[] Vector, double Residual, int Iterations)
{
    /// <summary>Residual ÷ ‖A‖_F: the relative backward error of the pair (0 when A = 0).</summary>
    public double RelativeResidual { get; init; }
}

/// <summary>All eigenvalues (decreasing modulus) and the pair for the first of them.</summary>
internal sealed record Spectrum(Complex[] Eigenvalues, EigenPair Dominant, int QrSweeps)
{
    /// <summary>ρ(A) = max |λ|.</summary>
    public double SpectralRadius => Eigenvalues.Length == 0 ? 0 : Complex.Abs(Eigenvalues[0]);
}
