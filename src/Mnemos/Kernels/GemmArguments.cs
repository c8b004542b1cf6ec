// Argument checks and the k == 0 / alpha == 0 case shared by the GEMM backends, so managed and native
// paths reject the same inputs with the same messages before touching memory.
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Mnemos.Kernels;

internal static class GemmArguments
{
    /// <summary>Throws unless sizes, leading dimensions and span lengths describe valid row-major operands.</summary>
    public static void Validate(
        Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0) ThrowNegative(nameof(m), m);
        if (n < 0) ThrowNegative(nameof(n), n);
        if (k < 0) ThrowNegative(nameof(k), k);
        // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed), C is m×n.
        bool ta = transA == Transpose.Yes, tb = transB == Transpose.Yes;
        CheckOperand("A", "lda", ta ? k : m, ta ? m : k, lda, aLength, transA);
        CheckOperand("B", "ldb", tb ? n : k, tb ? k : n, ldb, bLength, transB);
        CheckOperand("C", "ldc", m, n, ldc, cLength, Transpose.No);
    }

    /// <summary>
    /// Checks the arguments and does the work of the cases without a product (an empty C, or
    /// k = 0 or alpha = 0, where C = beta·C). Returns true when nothing is left to compute.
    /// </summary>
    public static bool ValidateAndHandleTrivial(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        int aLength, int lda, int bLength, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, aLength, lda, bLength, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return true;
        if (k != 0 && alpha != 0) return false;
        ScaleC(m, n, beta, c, ldc);
        return true;
    }

    /// <summary>C = beta·C on the m×n view; beta == 0 writes zeros and ignores NaN in C.</summary>
    public static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1)
            return;
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
                continue;
            }
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vb = new Vector<float>(beta);
                for (; j + Vector<float>.Count <= n; j += Vector<float>.Count)
                    (vb * new Vector<float>(row.Slice(j))).CopyTo(row.Slice(j));
            }
            for (; j < n; j++)
                row[j] *= beta;
        }
    }

    static void CheckOperand(string name, string ldName, int rows, int cols, int ld, int length, Transpose trans)
    {
        string stored = trans == Transpose.Yes ? " (stored transposed)" : "";
        if (ld < Math.Max(1, cols))
            Throw($"{ldName} {ld}: must be at least max(1, {cols}), the column count of {name} as stored {rows}x{cols}{stored}");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            Throw($"{name} has {length} elements but {rows}x{cols}{stored} with {ldName} {ld} needs at least {needed}");
    }

    [DoesNotReturn]
    static void ThrowNegative(string name, int value) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} {value}: must be non-negative");

    [DoesNotReturn]
    static void Throw(string message) => throw new ArgumentException(message);
}
