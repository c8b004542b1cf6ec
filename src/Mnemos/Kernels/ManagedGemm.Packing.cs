// Packing: copies a block of op(A) or op(B) into contiguous micro-panels so that every transpose
// combination feeds the same micro-kernel. Also the per-thread, reused packing buffers.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnemos.Kernels;

internal sealed unsafe partial class ManagedGemm
{
    // Panel layout, for both operands: the block has `width` lanes (rows of op(A) or columns of op(B))
    // and kc depth steps. Lanes are cut into panels of W (= MR or NR); panel q holds
    // dest[q*W*kc + p*W + w] = X(lane q*W + w, depth p), with lanes past `width` zero-filled.
    // The source is either lane-contiguous (X(w, p) = src[p*ld + w]: op(A) = Aᵀ, op(B) = B) or
    // depth-contiguous (X(w, p) = src[w*ld + p]: op(A) = A, op(B) = Bᵀ), which needs a transpose.
    internal static void PackPanels(float* src, int ld, bool depthContiguous, int width, int kc, int W, float* dest)
    {
        for (int q0 = 0; q0 < width; q0 += W)
        {
            int lanes = Math.Min(W, width - q0);
            float* d = dest + q0 * kc;
            if (depthContiguous)
                PackTransposed(src + (long)q0 * ld, ld, lanes, kc, W, d);
            else
                PackCopy(src + q0, ld, lanes, kc, W, d);
        }
    }

    // d[p*W + w] = s[p*ld + w] for w < lanes, 0 for lanes ≤ w < W.
    static void PackCopy(float* s, int ld, int lanes, int kc, int W, float* d)
    {
        for (int p = 0; p < kc; p++, s += ld, d += W)
        {
            int w = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; w + 16 <= lanes; w += 16) Vector512.Store(Vector512.Load(s + w), d + w);
            for (; w + 8 <= lanes; w += 8) Vector256.Store(Vector256.Load(s + w), d + w);
            for (; w < lanes; w++) d[w] = s[w];
            for (; w < W; w++) d[w] = 0;
        }
    }

    // d[p*W + w] = s[w*ld + p] for w < lanes, 0 for lanes ≤ w < W: 8×8 and 4×4 register transposes,
    // scalar for the ragged remainder.
    static void PackTransposed(float* s, int ld, int lanes, int kc, int W, float* d)
    {
        int w = 0;
        if (Avx.IsSupported)
        {
            for (; w + 8 <= lanes; w += 8)
            {
                int p = 0;
                for (; p + 8 <= kc; p += 8) Transpose8x8(s + (long)w * ld + p, ld, d + p * W + w, W);
                PackTransposedScalar(s + (long)w * ld + p, ld, 8, kc - p, W, d + p * W + w);
            }
            for (; w + 4 <= lanes; w += 4)
            {
                int p = 0;
                for (; p + 4 <= kc; p += 4) Transpose4x4(s + (long)w * ld + p, ld, d + p * W + w, W);
                PackTransposedScalar(s + (long)w * ld + p, ld, 4, kc - p, W, d + p * W + w);
            }
        }
        PackTransposedScalar(s + (long)w * ld, ld, lanes - w, kc, W, d + w);
        for (int p = 0; p < kc && lanes < W; p++)
            new Span<float>(d + p * W + lanes, W - lanes).Clear();
    }

    static void PackTransposedScalar(float* s, int ld, int lanes, int kc, int W, float* d)
    {
        for (int w = 0; w < lanes; w++)
        {
            float* sw = s + (long)w * ld;
            for (int p = 0; p < kc; p++) d[p * W + w] = sw[p];
        }
    }

    // Reads rows s[i*ld .. +8) for i < 8 and writes column i as d[i*stride .. +8).
    static void Transpose8x8(float* s, int ld, float* d, int stride)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ld);
        Vector256<float> r2 = Avx.LoadVector256(s + 2 * ld), r3 = Avx.LoadVector256(s + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(s + 4 * ld), r5 = Avx.LoadVector256(s + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(s + 6 * ld), r7 = Avx.LoadVector256(s + 7 * ld);
        // Interleave pairs, then quads (within 128-bit lanes), then swap lane halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + stride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * stride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * stride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * stride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * stride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * stride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * stride, Avx.Permute2x128(u3, u7, 0x31));
    }

    static void Transpose4x4(float* s, int ld, float* d, int stride)
    {
        Vector128<float> r0 = Sse.LoadVector128(s), r1 = Sse.LoadVector128(s + ld);
        Vector128<float> r2 = Sse.LoadVector128(s + 2 * ld), r3 = Sse.LoadVector128(s + 3 * ld);
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
        Sse.Store(d, Sse.MoveLowToHigh(t0, t2));
        Sse.Store(d + stride, Sse.MoveHighToLow(t2, t0));
        Sse.Store(d + 2 * stride, Sse.MoveLowToHigh(t1, t3));
        Sse.Store(d + 3 * stride, Sse.MoveHighToLow(t3, t1));
    }

    /// <summary>
    /// Packing buffers of one thread, grown on demand and reused by every later multiply on that thread,
    /// so steady-state calls allocate nothing. 64-byte aligned; freed when the thread's object dies.
    /// </summary>
    internal sealed class PackBuffers
    {
        [ThreadStatic]
        static PackBuffers? current;

        float* a, b, scratch;
        nuint aFloats, bFloats;

        public static PackBuffers ForCurrentThread() => current ??= new PackBuffers();

        PackBuffers() => scratch = Allocate(ScratchFloats);

        ~PackBuffers()
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(scratch);
        }

        /// <summary>Room for the largest micro-tile (MR·NR floats) of any kernel.</summary>
        public const int ScratchFloats = 1024;

        public float* Scratch => scratch;

        public float* A(long floats) => Ensure(ref a, ref aFloats, floats);

        public float* B(long floats) => Ensure(ref b, ref bFloats, floats);

        static float* Ensure(ref float* buffer, ref nuint capacity, long floats)
        {
            if ((nuint)floats <= capacity)
                return buffer;
            NativeMemory.AlignedFree(buffer);
            buffer = null;
            capacity = 0;
            buffer = Allocate((nuint)floats);
            capacity = (nuint)floats;
            return buffer;
        }

        static float* Allocate(nuint floats) => (float*)NativeMemory.AlignedAlloc(floats * sizeof(float), 64);
    }
}
