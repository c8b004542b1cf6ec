// Naive twin of DoubleGemm: C = A·B by the textbook triple loop, row-major, summing over k in order.
namespace Mnemos.Linalg.Reference;

static class ReferenceDoubleGemm
{
    /// <summary>c [m × n] = a [m × k] · b [k × n], row-major and contiguous; c is overwritten.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int k, int n, Span<double> c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }
}
