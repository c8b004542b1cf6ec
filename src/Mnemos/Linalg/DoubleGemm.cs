// C = A·B in double for row-major, contiguous matrices: the products behind a certificate's
// w×w matrix M = B·A (W₀·A [w×d]·[d×w], then W_l·M [w×w]·[w×w]). Single-threaded (callers run
// one certificate per thread); packed panels and a register-blocked micro-kernel. Naive twin:
// Reference/ReferenceDoubleGemm.
using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemos.Linalg;

static class DoubleGemm
{
    // MR × NR = 6 rows × 2 vectors of C held in 12 registers (16 on AVX2: 12 + 2 B loads + a
    // broadcast). KC = 128 keeps a packed A micro-panel (6·128·8 = 6 KiB) in L1 and a packed
    // B block (128·n·8 bytes, 256 KiB at n = 256) in L2 while the micro-panels of A sweep it.
    const int MR = 6;
    const int KC = 128;
    static int NR => 2 * Vector<double>.Count;

    /// <summary>c [m × n] = a [m × k] · b [k × n], all row-major and contiguous; c is overwritten.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int k, int n, Span<double> c)
    {
        Debug.Assert(a.Length >= m * k && b.Length >= k * n && c.Length >= m * n);
        c.Slice(0, m * n).Clear();
        if (m == 0 || n == 0 || k == 0) return;
        int nr = NR;
        int panels = (n + nr - 1) / nr;
        // Pooled: a certificate runs about a dozen products, and fresh 256 KiB buffers would land on
        // the large-object heap every time.
        double[] packedB = ArrayPool<double>.Shared.Rent(panels * nr * Math.Min(k, KC));
        double[] packedA = ArrayPool<double>.Shared.Rent(MR * Math.Min(k, KC));
        Span<double> tile = stackalloc double[MR * 16]; // MR × NR edge tile (NR ≤ 16 for Vector512)
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            PackB(b, n, k0, kc, packedB);
            for (int i0 = 0; i0 < m; i0 += MR)
            {
                int mr = Math.Min(MR, m - i0);
                PackA(a, k, i0, mr, k0, kc, packedA);
                for (int p = 0; p < panels; p++)
                {
                    int j0 = p * nr, nc = Math.Min(nr, n - j0);
                    var bPanel = packedB.AsSpan(p * nr * kc, nr * kc);
                    if (mr == MR && nc == nr) Kernel(packedA, bPanel, kc, c.Slice(i0 * n + j0), n);
                    else
                    {
                        tile.Clear();
                        Kernel(packedA, bPanel, kc, tile, nr);
                        for (int i = 0; i < mr; i++)
                            for (int j = 0; j < nc; j++) c[(i0 + i) * n + j0 + j] += tile[i * nr + j];
                    }
                }
            }
        }
        ArrayPool<double>.Shared.Return(packedA);
        ArrayPool<double>.Shared.Return(packedB);
    }

    // packed [panel][kk][NR] = b[k0 + kk, panel·NR + j], zero past column n.
    static void PackB(ReadOnlySpan<double> b, int n, int k0, int kc, Span<double> packed)
    {
        int nr = NR;
        for (int j0 = 0, p = 0; j0 < n; j0 += nr, p++)
        {
            int nc = Math.Min(nr, n - j0);
            var panel = packed.Slice(p * nr * kc, nr * kc);
            for (int kk = 0; kk < kc; kk++)
            {
                var dst = panel.Slice(kk * nr, nr);
                b.Slice((k0 + kk) * n + j0, nc).CopyTo(dst);
                dst.Slice(nc).Clear();
            }
        }
    }

    // packed [kk][MR] = a[i0 + i, k0 + kk], zero past row i0 + mr.
    static void PackA(ReadOnlySpan<double> a, int k, int i0, int mr, int k0, int kc, Span<double> packed)
    {
        packed.Slice(0, MR * kc).Clear();
        for (int i = 0; i < mr; i++)
        {
            var row = a.Slice((i0 + i) * k + k0, kc);
            for (int kk = 0; kk < kc; kk++) packed[kk * MR + i] = row[kk];
        }
    }

    // c[i, j] += Σ_kk ap[kk, i]·bp[kk, j] for the MR × NR tile at c with row stride ldc.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Kernel(ReadOnlySpan<double> ap, ReadOnlySpan<double> bp, int kc, Span<double> c, int ldc)
    {
        int w = Vector<double>.Count, nr = 2 * w;
        Debug.Assert(ap.Length >= MR * kc && bp.Length >= nr * kc && c.Length >= (MR - 1) * ldc + nr);
        ref double pa = ref MemoryMarshal.GetReference(ap);
        ref double pb = ref MemoryMarshal.GetReference(bp);
        Vector<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var b0 = Vector.LoadUnsafe(ref pb, (nuint)(kk * nr));
            var b1 = Vector.LoadUnsafe(ref pb, (nuint)(kk * nr + w));
            ref double ak = ref Unsafe.Add(ref pa, kk * MR);
            var x = new Vector<double>(ak);
            c00 = Vector.FusedMultiplyAdd(x, b0, c00); c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new Vector<double>(Unsafe.Add(ref ak, 1));
            c10 = Vector.FusedMultiplyAdd(x, b0, c10); c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new Vector<double>(Unsafe.Add(ref ak, 2));
            c20 = Vector.FusedMultiplyAdd(x, b0, c20); c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new Vector<double>(Unsafe.Add(ref ak, 3));
            c30 = Vector.FusedMultiplyAdd(x, b0, c30); c31 = Vector.FusedMultiplyAdd(x, b1, c31);
            x = new Vector<double>(Unsafe.Add(ref ak, 4));
            c40 = Vector.FusedMultiplyAdd(x, b0, c40); c41 = Vector.FusedMultiplyAdd(x, b1, c41);
            x = new Vector<double>(Unsafe.Add(ref ak, 5));
            c50 = Vector.FusedMultiplyAdd(x, b0, c50); c51 = Vector.FusedMultiplyAdd(x, b1, c51);
        }
        ref double pc = ref MemoryMarshal.GetReference(c);
        Store(ref pc, 0, w, c00, c01);
        Store(ref pc, ldc, w, c10, c11);
        Store(ref pc, 2 * ldc, w, c20, c21);
        Store(ref pc, 3 * ldc, w, c30, c31);
        Store(ref pc, 4 * ldc, w, c40, c41);
        Store(ref pc, 5 * ldc, w, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref double c, int offset, int w, Vector<double> left, Vector<double> right)
    {
        (Vector.LoadUnsafe(ref c, (nuint)offset) + left).StoreUnsafe(ref c, (nuint)offset);
        (Vector.LoadUnsafe(ref c, (nuint)(offset + w)) + right).StoreUnsafe(ref c, (nuint)(offset + w));
    }
}
