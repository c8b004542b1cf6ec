// The modern (continuous) Hopfield baseline: ξ ← Xᵀ softmax(β·X·ξ) with the stored examples as the
// rows of X (Ramsauer et al., "Hopfield Networks is All You Need", 2020, update rule (3)). Scores
// and the weighted sum are GEMMs; the softmax is taken in double after subtracting the row maximum.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>
/// Where modern Hopfield retrieval ended: <paramref name="Points"/> [m × d], one row per input,
/// and <paramref name="Nearest"/>[r], the stored example closest to row r (−1 if it is not finite).
/// </summary>
internal sealed record HopfieldRetrieval(Matrix Points, int[] Nearest);

/// <summary>Retrieval by the modern Hopfield update.</summary>
internal static class ModernHopfield
{
    /// <summary>
    /// Applies ξ ← Σᵢ pᵢ xᵢ, p = softmax(β·(x₁·ξ, …, xₙ·ξ)), <paramref name="updates"/> times to each
    /// row of <paramref name="inputs"/>. β = 0 gives the mean of the stored rows after one update;
    /// as β → ∞ one update gives the stored row of largest xᵢ·ξ, which is the Euclidean nearest
    /// when all stored rows have the same norm. 0 updates return the inputs.
    /// </summary>
    /// <exception cref="ArgumentException">β is negative or not finite, updates &lt; 0, or the shapes do not agree.</exception>
    public static HopfieldRetrieval Retrieve(Matrix stored, Matrix inputs, double beta, int updates, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(gemm);
        NearestNeighbour.Check(stored, inputs);
        if (!(beta >= 0 && double.IsFinite(beta))) throw new ArgumentException($"Hopfield beta {beta}: must be a finite number at least 0");
        if (updates < 0) throw new ArgumentException($"Hopfield updates {updates}: must be at least 0");
        // n = stored rows, d = width; per batch of b inputs: S [b × n] = Ξ·Xᵀ, then Ξ ← P·X with P = softmax rows.
        int n = stored.Rows, d = stored.Cols, m = inputs.Rows;
        var points = inputs.Clone();
        int batch = Math.Max(1, Math.Min(m, (1 << 20) / Math.Max(n, d)));
        var scores = new float[batch * n];
        var next = new float[batch * d];
        var weights = new double[n];
        for (int start = 0; start < m; start += batch)
        {
            int rows = Math.Min(batch, m - start);
            var states = points.Data.AsSpan(start * d, rows * d);
            for (int u = 0; u < updates; u++)
            {
                gemm.Multiply(Transpose.No, Transpose.Yes, rows, n, d, 1f, states, d, stored.Data, d, 0f, scores, n);
                for (int r = 0; r < rows; r++) Softmax(scores.AsSpan(r * n, n), beta, weights);
                gemm.Multiply(Transpose.No, Transpose.No, rows, d, n, 1f, scores, n, stored.Data, d, 0f, next, d);
                next.AsSpan(0, rows * d).CopyTo(states);
            }
        }
        return new HopfieldRetrieval(points, NearestNeighbour.Recall(stored, points, gemm));
    }

    /// <summary>
    /// Overwrites the scores s with softmax(β·s): e^{β(sᵢ − max s)} / Σ in double. A row with a
    /// non-finite score becomes NaN (so the state, and its nearest example, show it).
    /// </summary>
    static void Softmax(Span<float> s, double beta, double[] work)
    {
        double max = double.NegativeInfinity;
        foreach (float v in s) max = Math.Max(max, v);
        double sum = 0;
        for (int i = 0; i < s.Length; i++) sum += work[i] = Math.Exp(beta * (s[i] - max));
        for (int i = 0; i < s.Length; i++) s[i] = (float)(work[i] / sum);
    }
}
