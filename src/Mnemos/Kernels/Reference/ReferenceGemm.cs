// The naive GEMM twin: three loops, double accumulation. Slow on purpose; it is the yardstick every
// other backend is tested against, never a production path unless MNEMOS_GEMM=reference.
namespace Mnemos.Kernels.Reference;

/// <summary>Triple-loop GEMM accumulating in double.</summary>
internal sealed class ReferenceGemm : IGemm
{
    public static readonly ReferenceGemm Instance = new();

    public GemmBackend Backend => GemmBackend.Reference;

    /// <summary>Nothing to release (a shared, stateless instance).</summary>
    public void Dispose() { }

    public string Name => "reference";

    public int Threads => 1;

    public void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // A is m×k (stored k×m when transposed), B is k×n (stored n×k when transposed), C is m×n.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    float bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += (double)av * bv;
                }
                float old = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + old;
            }
        }
    }
}
