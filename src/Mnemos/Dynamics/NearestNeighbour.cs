// The 1-nearest-neighbour baseline (the study's 1-nearest-neighbour comparison, PNAS 2020; arXiv 1909.12362 v1): each input's closest stored example in
// Euclidean distance. Candidates come from one GEMM per batch, ‖s‖² − 2·a·s; the winner is decided
// in double on the exact differences, so GEMM rounding cannot pick the wrong neighbour.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>Nearest stored example by Euclidean distance.</summary>
internal static class NearestNeighbour
{
    /// <summary>Unit roundoff of float32, 2⁻²⁴.</summary>
    const double FloatRoundoff = 5.9604644775390625e-8;

    /// <summary>
    /// For each row a of <paramref name="inputs"/>, the index of the row s of <paramref name="stored"/>
    /// minimising ‖a − s‖₂; ties go to the lowest index; an input with NaN or ±∞ gets −1.
    /// <paramref name="gemm"/> only shortlists: every s whose ‖s‖² − 2·a·s lies within the GEMM error
    /// bound of the best is re-measured in double, so any backend gives the same answer.
    /// </summary>
    /// <exception cref="ArgumentException">No stored rows, widths differ, or a stored value is not finite.</exception>
    public static int[] Recall(Matrix stored, Matrix inputs, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(gemm);
        Check(stored, inputs);
        // n = stored rows, d = width, m = inputs; G [rows × n] = A·Sᵀ for one batch of input rows.
        int n = stored.Rows, d = stored.Cols, m = inputs.Rows;
        var storedNorms = new double[n];
        for (int j = 0; j < n; j++) storedNorms[j] = SquaredNorm(stored.Row(j));
        int batch = Math.Max(1, Math.Min(m, (1 << 20) / n));
        var dots = new float[batch * n];
        var score = new double[n];
        var bound = new double[n];
        // A float dot product of length d errs by at most γ_d·Σ|aₖsₖ| ≤ γ_d·‖a‖‖s‖, γ_d = d·u/(1 − d·u)
        // in any summation order; doubled for blocked kernels and the rounding of the result.
        double gamma = 2 * (d + 2) * FloatRoundoff / Math.Max(1e-3, 1 - (d + 2) * FloatRoundoff);
        var result = new int[m];
        for (int start = 0; start < m; start += batch)
        {
            int rows = Math.Min(batch, m - start);
            gemm.Multiply(Transpose.No, Transpose.Yes, rows, n, d, 1f, inputs.Data.AsSpan(start * d, rows * d), d,
                stored.Data, d, 0f, dots, n);
            for (int r = 0; r < rows; r++)
            {
                var a = inputs.Row(start + r);
                double inputNorm = SquaredNorm(a);
                if (!double.IsFinite(inputNorm)) { result[start + r] = -1; continue; }
                double cutoff = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                {
                    score[j] = storedNorms[j] - 2.0 * dots[r * n + j];
                    bound[j] = 2 * gamma * Math.Sqrt(inputNorm * storedNorms[j]) + double.Epsilon;
                    cutoff = Math.Min(cutoff, score[j] + bound[j]);
                }
                int best = -1;
                double bestSquare = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                {
                    if (!(score[j] - bound[j] <= cutoff)) continue;
                    double square = SquaredDistance(a, stored.Row(j));
                    if (square < bestSquare) (best, bestSquare) = (j, square);
                }
                result[start + r] = best;
            }
        }
        return result;
    }

    /// <summary>Σ (aₖ − bₖ)² in double: the differences of floats are exact in double.</summary>
    internal static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double diff = (double)a[k] - b[k];
            sum += diff * diff;
        }
        return sum;
    }

    static double SquaredNorm(ReadOnlySpan<float> a)
    {
        double sum = 0;
        foreach (float v in a) sum += (double)v * v;
        return sum;
    }

    internal static void Check(Matrix stored, Matrix inputs)
    {
        if (stored.Rows == 0) throw new ArgumentException($"stored examples are empty (0×{stored.Cols}); need at least one");
        if (inputs.Cols != stored.Cols)
            throw new ArgumentException($"inputs have {inputs.Cols} values per row but the stored examples have {stored.Cols}");
        int bad = Array.FindIndex(stored.Data, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"stored example {bad / stored.Cols} has a non-finite value {stored.Data[bad]} at {bad % stored.Cols}");
    }
}
