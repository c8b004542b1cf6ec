// The one matrix-multiply contract every backend implements (managed SIMD, OpenBLAS, reference).
// BLAS semantics on row-major buffers, so all three training forms and accumulation are one call.
namespace Mnemos.Kernels;

/// <summary>Whether an operand is used as stored or transposed.</summary>
public enum Transpose
{
    No,
    Yes,
}

/// <summary>
/// Single-precision general matrix multiply on row-major storage. Whoever creates one disposes it
/// (a managed GEMM owns helper threads; the others have nothing to release).
/// </summary>
public interface IGemm : IDisposable
{
    /// <summary>Which backend this is (workers of the same backend are made from it).</summary>
    GemmBackend Backend { get; }

    /// <summary>Backend name: <see cref="GemmBackends.Name"/> of <see cref="Backend"/>.</summary>
    string Name { get; }

    /// <summary>Threads one multiply uses; the kernels around a GEMM (im2col, col2im) use as many.</summary>
    int Threads { get; }

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, where op(A) is m×k, op(B) is k×n and C is m×n, all row-major
    /// with leading dimensions lda, ldb, ldc (elements between row starts). When beta is 0, C is
    /// overwritten and its old contents (even NaN) are ignored, as in BLAS.
    /// </summary>
    void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc);
}
