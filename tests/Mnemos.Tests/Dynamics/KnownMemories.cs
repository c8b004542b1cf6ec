// Two memories whose recall is exact in float arithmetic (weights 0, ±1, 2; no activation), so
// every ending, step count and distance is known by hand: a diagonal map with stored fixed points,
// a spurious one, divergence and no convergence, and a permutation storing a 3-cycle and a 2-cycle.
using Mnemos.Dynamics;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

internal static class KnownMemories
{
    /// <summary>
    /// f(x) = diag(1, 1, 2, −1)·x in ℝ⁴ storing a = (1,0,0,0), b = (0,1,0,0) and a + b: every point
    /// with x₃ = x₄ = 0 is fixed, x₃ ≠ 0 doubles until it diverges, x₄ ≠ 0 flips sign for ever.
    /// </summary>
    public static AssociativeMemory Diagonal() => new(
        KnownMaps.Affine([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, -1], [0, 0, 0, 0]),
        new Matrix(3, 4, [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0]));

    /// <summary>
    /// Inputs of <see cref="Diagonal"/>: 0 is example 0 (fixed at step 1); 1 is example 2 (fixed);
    /// 2 is a/2, a spurious fixed point 0.5 from example 0; 3 is a + e₃, diverged at step 20 when
    /// x₃ = 2²⁰ passes the norm bound 1e6; 4 is b + e₄, never converging (a period-2 flip, and an
    /// autoencoder looks for fixed points only) with step 2 at every step.
    /// </summary>
    public static Matrix DiagonalInputs() => new(5, 4, [1, 0, 0, 0, 1, 1, 0, 0, 0.5f, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1]);

    /// <summary>
    /// The permutation e₀ → e₁ → e₂ → e₀, e₃ ↔ e₄ in ℝ⁵ storing rows eᵢ as the cycles [0, 1, 2]
    /// and [3, 4]. W[out, in] = 1 for each arrow.
    /// </summary>
    public static AssociativeMemory Permutation()
    {
        var w = new float[25];
        foreach (var (from, to) in new[] { (0, 1), (1, 2), (2, 0), (3, 4), (4, 3) }) w[to * 5 + from] = 1;
        var points = new Matrix(5, 5);
        for (int i = 0; i < 5; i++) points[i, i] = 1;
        return new AssociativeMemory(KnownMaps.Affine(w, new float[5]), points, cycles: [[0, 1, 2], [3, 4]]);
    }

    /// <summary>
    /// Inputs of <see cref="Permutation"/>: 0 is e₀ (back on cycle 0 at phase 0 after 3 steps); 1 is
    /// e₁ (cycle 0, phase 1); 2 is e₃ (cycle 1, phase 0 after 2 steps); 3 is e₀/2, a spurious 3-cycle;
    /// 4 is e₀ + e₃, of period 6, beyond the longest stored cycle, so never converging.
    /// </summary>
    public static Matrix PermutationInputs() =>
        new(5, 5, [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0.5f, 0, 0, 0, 0, 1, 0, 0, 1, 0]);
}
