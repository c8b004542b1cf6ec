// The spectrum of a rank-1 cycle x⁽⁰⁾ → x⁽¹⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ stored by one hidden layer whose
// units split into n blocks, block i holding step i in the rank-1 form of the study's one-hidden-layer theory (PNAS 2020; arXiv 1909.12362 v1):
//   W₁ = Σᵢ x⁽ⁱ⁺¹⁾ (uᵢ 1_{Bᵢ})ᵀ,  W₂ = Σᵢ (vᵢ 1_{Bᵢ}) x⁽ⁱ⁾ᵀ,  x⁽⁰⁾ … x⁽ⁿ⁻¹⁾ orthonormal, φ(0) = 0.
// At x⁽ʲ⁾ only block j sees a non-zero input, so with kᵢ units in block i the Jacobian is
//   J_j = λⱼ x⁽ʲ⁺¹⁾x⁽ʲ⁾ᵀ + Σ_{i≠j} cᵢ x⁽ⁱ⁺¹⁾x⁽ⁱ⁾ᵀ,  λᵢ = kᵢuᵢφ′(vᵢ)vᵢ,  cᵢ = kᵢuᵢφ′(0)vᵢ,
// and the cycle Jacobian J_{n−1}⋯J_0 at x⁽⁰⁾ is diagonal in the example basis: Πλᵢ on x⁽⁰⁾, Πcᵢ on
// every other x⁽ᵐ⁾ (each path through the other directions meets every block once as a cᵢ), zero
// on their orthogonal complement. Where block i interpolates (kᵢuᵢφ(vᵢ) = 1), λᵢ = φ′(vᵢ)vᵢ/φ(vᵢ)
// and cᵢ = φ′(0)vᵢ/φ(vᵢ). Nothing here holds when φ(0) ≠ 0: every block then feeds every output.
namespace Mnemos.Experiments.Theory;

/// <summary>
/// Eigenvalues of the cycle Jacobian of a block-form rank-1 network at x⁽⁰⁾: <see cref="StepProduct"/>
/// Πλᵢ on x⁽⁰⁾ and <see cref="OffCycleProduct"/> Πcᵢ on the other n − 1 examples (the rest are 0).
/// <see cref="SpectralRadius"/> = max(|Πλᵢ|, |Πcᵢ|) for n ≥ 2 and |λ₀| for n = 1, where there are no
/// other examples. The study's Theorem 4 (composed one-step networks) names only Πλᵢ.
/// </summary>
internal sealed record CycleSpectrum(string Activation, double[] StepFactors, double[] OffCycleFactors,
    double StepProduct, double OffCycleProduct, double SpectralRadius)
{
    /// <summary>Number of steps n.</summary>
    public int Length => StepFactors.Length;

    /// <summary>ρ &lt; 1: the cycle attracts under iteration of f (ρ ≥ 1: it does not, to first order).</summary>
    public bool IsAttracting => SpectralRadius < 1;

    /// <summary>
    /// From the per-step factors λᵢ (on the cycle) and cᵢ (off it). Throws <see cref="ArgumentException"/>
    /// when the lists are empty, differ in length, or hold a non-finite number.
    /// </summary>
    public static CycleSpectrum FromFactors(string activation, IReadOnlyList<double> stepFactors, IReadOnlyList<double> offCycleFactors)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(stepFactors);
        ArgumentNullException.ThrowIfNull(offCycleFactors);
        if (stepFactors.Count == 0) throw new ArgumentException("a cycle needs at least one step");
        if (stepFactors.Count != offCycleFactors.Count)
            throw new ArgumentException($"{stepFactors.Count} step factors but {offCycleFactors.Count} off-cycle factors: need one of each per step");
        double step = 1, off = 1;
        for (int i = 0; i < stepFactors.Count; i++)
        {
            if (!double.IsFinite(stepFactors[i]) || !double.IsFinite(offCycleFactors[i]))
                throw new ArgumentException($"step {i}: λ = {stepFactors[i]}, c = {offCycleFactors[i]}: must be finite numbers");
            step *= stepFactors[i];
            off *= offCycleFactors[i];
        }
        double rho = stepFactors.Count == 1 ? Math.Abs(step) : Math.Max(Math.Abs(step), Math.Abs(off));
        return new CycleSpectrum(activation, [.. stepFactors], [.. offCycleFactors], step, off, rho);
    }

    /// <summary>
    /// The factors of block-form weights (uᵢ, vᵢ) with <paramref name="blockWidth"/> units per block,
    /// interpolating or not: λᵢ = k uᵢ φ′(vᵢ) vᵢ, cᵢ = k uᵢ φ′(0) vᵢ. Throws when φ(0) ≠ 0.
    /// </summary>
    public static CycleSpectrum OfBlocks(ScalarActivation phi, int blockWidth, IReadOnlyList<(double U, double V)> blocks)
    {
        RequireZeroAtZero(phi);
        ArgumentNullException.ThrowIfNull(blocks);
        if (blockWidth < 1) throw new ArgumentException($"block width {blockWidth}: must be at least 1");
        double slopeAtZero = phi.Derivative(0);
        return FromFactors(phi.Name,
            blocks.Select(b => blockWidth * b.U * phi.Derivative(b.V) * b.V).ToArray(),
            blocks.Select(b => blockWidth * b.U * slopeAtZero * b.V).ToArray());
    }

    /// <summary>Whether φ(0) = 0 exactly, the condition for training to keep the block form.</summary>
    public static bool KeepsBlockForm(ScalarActivation phi)
    {
        ArgumentNullException.ThrowIfNull(phi);
        return phi.Value(0) == 0;
    }

    internal static void RequireZeroAtZero(ScalarActivation phi)
    {
        if (!KeepsBlockForm(phi))
            throw new ArgumentException($"φ(0) = {phi.Value(0):G6} for {phi.Name}: every block feeds every output, training does not keep the block form and the cycle spectrum has no closed form (needs φ(0) = 0)");
    }
}
