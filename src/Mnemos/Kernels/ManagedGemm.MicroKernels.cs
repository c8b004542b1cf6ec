// Micro-kernel table and the portable kernels (Vector256 6x16, scalar 4x4). A micro-kernel multiplies
// one packed MR-row panel of A by one packed NR-column panel of B into a full MR×NR tile of C; edge
// tiles go through a scratch tile and the scalar epilogue, which rounds exactly like the vector one.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnemos.Kernels;

internal sealed unsafe partial class ManagedGemm
{
    // Shapes: a = packed A panel, kc steps of MR floats (a[p*MR + r] = op(A)[r, p]);
    // b = packed B panel, kc steps of NR floats (b[p*NR + j] = op(B)[p, j]); c = MR×NR tile, row stride ldc.
    // Contract: tile = alpha·acc + beta·tile, computed as fma(acc, alpha, beta·c); beta == 0 → alpha·acc.
    internal interface IMicroKernel
    {
        static abstract int MR { get; }
        static abstract int NR { get; }
        static abstract int KC { get; } // depth of one packed block (k is split into equal blocks ≤ KC)
        static abstract int MC { get; } // rows of A packed at once (kept in L3/L2)
        static abstract int NC { get; } // columns of B packed at once (kept in L2)
        static abstract void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta);
    }

    /// <summary>One registered micro-kernel: its tile, its blocked driver and whether this CPU runs it.</summary>
    internal sealed class MicroKernel
    {
        public static readonly MicroKernel Vector512 = Create<Vector512Kernel>(
            "vector512-12x32", System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
        public static readonly MicroKernel Vector256 = Create<Vector256Kernel>(
            "vector256-6x16", Fma.IsSupported && System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated);
        public static readonly MicroKernel Scalar = Create<ScalarKernel>("scalar-4x4", true);

        /// <summary>All kernels, fastest first.</summary>
        public static IReadOnlyList<MicroKernel> All { get; } = [Vector512, Vector256, Scalar];

        public static MicroKernel Best => All.First(kernel => kernel.IsSupported);

        MicroKernel(string name, bool isSupported, int mr, int nr, delegate*<in GemmJob, int, int, int, int, void> driver)
        {
            Name = name;
            IsSupported = isSupported;
            MR = mr;
            NR = nr;
            Driver = driver;
        }

        public string Name { get; }
        public bool IsSupported { get; }
        public int MR { get; }
        public int NR { get; }
        public delegate*<in GemmJob, int, int, int, int, void> Driver { get; }

        public override string ToString() => Name;

        static MicroKernel Create<TKernel>(string name, bool isSupported)
            where TKernel : struct, IMicroKernel =>
            new(name, isSupported, TKernel.MR, TKernel.NR, &RunRegion<TKernel>);
    }

    /// <summary>Writes an edge tile: c[i, j] = fma(t[i, j], alpha, beta·c[i, j]) for the valid part only.</summary>
    static void StoreEdge(float* t, int tStride, float* c, int ldc, int rows, int cols, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* ti = t + i * tStride, ci = c + i * ldc;
            if (beta == 0)
                for (int j = 0; j < cols; j++) ci[j] = alpha * ti[j];
            else
                for (int j = 0; j < cols; j++) ci[j] = MathF.FusedMultiplyAdd(ti[j], alpha, beta * ci[j]);
        }
    }

    // 6×16 tile: 12 Vector256 accumulators, fits the 16 YMM registers of AVX2 machines.
    [SkipLocalsInit]
    internal readonly struct Vector256Kernel : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 16;
        public static int KC => 256;
        public static int MC => 960;
        public static int NC => 256;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            for (int p = 0; p < kc; p++, a += 6, b += 16)
            {
                Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8), x;
                x = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            }
            var va = Vector256.Create(alpha);
            Store(c00, c01, c, va, beta);
            Store(c10, c11, c + ldc, va, beta);
            Store(c20, c21, c + 2 * ldc, va, beta);
            Store(c30, c31, c + 3 * ldc, va, beta);
            Store(c40, c41, c + 4 * ldc, va, beta);
            Store(c50, c51, c + 5 * ldc, va, beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(Vector256<float> x0, Vector256<float> x1, float* c, Vector256<float> alpha, float beta)
        {
            if (beta == 0)
            {
                (x0 * alpha).Store(c);
                (x1 * alpha).Store(c + 8);
                return;
            }
            var vb = Vector256.Create(beta);
            Vector256.FusedMultiplyAdd(x0, alpha, vb * Vector256.Load(c)).Store(c);
            Vector256.FusedMultiplyAdd(x1, alpha, vb * Vector256.Load(c + 8)).Store(c + 8);
        }
    }

    // 4×4 tile of scalars for CPUs without usable SIMD; fma keeps its rounding equal to the edge path.
    internal readonly struct ScalarKernel : IMicroKernel
    {
        public static int MR => 4;
        public static int NR => 4;
        public static int KC => 256;
        public static int MC => 256;
        public static int NC => 256;

        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            float* acc = stackalloc float[16];
            for (int t = 0; t < 16; t++) acc[t] = 0;
            for (int p = 0; p < kc; p++, a += 4, b += 4)
            {
                for (int i = 0; i < 4; i++)
                {
                    float ai = a[i];
                    for (int j = 0; j < 4; j++)
                        acc[i * 4 + j] = MathF.FusedMultiplyAdd(ai, b[j], acc[i * 4 + j]);
                }
            }
            StoreEdge(acc, 4, c, ldc, 4, 4, alpha, beta);
        }
    }
}
