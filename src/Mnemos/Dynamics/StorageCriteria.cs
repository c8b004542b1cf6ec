// When a stored example counts as stored: the bounds the store pipeline checks, in one place, with
// the reasoning behind each number (docs/memory-status.md says the same for users).
namespace Mnemos.Dynamics;

/// <summary>The bounds behind "stored": a fixed point located, near its example, its own, and not shared.</summary>
internal static class StorageCriteria
{
    /// <summary>Relative residual accepted as a located fixed point (see <see cref="ResidualBound"/>).</summary>
    public const double ResidualTolerance = 1e-5;

    /// <summary>
    /// How far (I − J)⁻¹ may stretch the training residual before x̂ is too far from x to be its fixed
    /// point: 1000, i.e. |1 − λ| down to 1e-3 for a normal Jacobian, the width of the certification band.
    /// </summary>
    public const double Amplification = 1000;

    /// <summary>The study's loose criterion (MSE 1e-2 to the example): beyond it x̂ is not xᵢ in any sense it uses.</summary>
    public const double LooseMse = 1e-2;

    /// <summary>Float epsilons of ‖x‖ added to the offset bound: rounding alone moves x̂ by a few ε‖x‖.</summary>
    public const double RoundingEpsilons = 16;

    const double FloatEpsilon = 1.1920928955078125e-7; // 2⁻²³

    /// <summary>
    /// The largest ‖f(x̂) − x̂‖ (for a cycle point ‖f(x̂ⱼ) − x̂ⱼ₊₁‖) accepted as "Newton (or iteration)
    /// converged at x̂": 1e-5·max(1, ‖x̂‖₂). Float32 rounding leaves about 1e-7·‖x̂‖ (seen: 3e-7 to 1e-6
    /// at ‖x̂‖ ≈ 3), so this is ~20× above that floor; Newton stopping far above it (seen with
    /// leaky-ReLU kinks: 1e-4) means there is no fixed point at x̂.
    /// </summary>
    public static double ResidualBound(ReadOnlySpan<float> point) => ResidualTolerance * Math.Max(1, Norm(point));

    /// <summary>
    /// The largest ‖x̂ − x‖ accepted for the fixed point x̂ located from example x whose training
    /// residual is e = ‖f(x) − x‖ (autoencoder; ‖f(xⱼ) − xⱼ₊₁‖ on a cycle):
    /// min(1000·e + 16ε‖x‖, √(d·1e-2)). To first order x̂ − x = (I − J)⁻¹(f(x) − x), so ‖x̂ − x‖ ≤
    /// ‖(I − J)⁻¹‖·e; a fixed point farther than 1000·e needs an eigenvalue within 1e-3 of 1 (where
    /// certificates are undecided anyway) or was reached from elsewhere. The cap √(d·1e-2) is the
    /// study's loose criterion: a point with MSE ≥ 1e-2 to x is not x even by that criterion,
    /// whatever the training error (a run stopped at MSE 0.45 has e ≈ 5 and fixed points far away).
    /// </summary>
    public static double OffsetBound(double trainingResidual, ReadOnlySpan<float> example) =>
        Math.Min(Amplification * trainingResidual + RoundingEpsilons * FloatEpsilon * Norm(example), Math.Sqrt(example.Length * LooseMse));

    /// <summary>
    /// Two located points closer than this are one fixed point: the strict recall distance of
    /// <paramref name="point"/> (1e-7 plus 16 float epsilons of ‖x̂‖), at which recall cannot tell them apart.
    /// </summary>
    public static double SharedDistance(ReadOnlySpan<float> point) => Recall.StrictThreshold(point, new RecallOptions());

    internal static double Norm(ReadOnlySpan<float> x)
    {
        double square = 0;
        foreach (float v in x) square += (double)v * v;
        return Math.Sqrt(square);
    }
}
