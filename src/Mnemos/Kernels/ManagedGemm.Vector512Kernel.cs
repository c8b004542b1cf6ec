// The AVX-512 micro-kernel: a 12×32 tile of C held in 24 Vector512 accumulators (12 rows × 2 vectors),
// fed per depth step by two 16-float loads of packed B and twelve broadcasts of packed A.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mnemos.Kernels;

internal sealed unsafe partial class ManagedGemm
{
    // 24 accumulators + 2 B vectors + 1 broadcast = 27 of the 32 ZMM registers, so nothing spills.
    // KC = 384: the A micro-panel (12×384×4 B = 18 KiB) stays in L1 while B micro-panels stream from
    // the packed KC×NC block (384×480×4 B = 720 KiB) held in the 1 MiB L2.
    internal readonly struct Vector512Kernel : IMicroKernel
    {
        public static int MR => 12;
        public static int NR => 32;
        public static int KC => 384;
        public static int MC => 960;
        public static int NC => 480;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
            Vector512<float> c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            for (int p = 0; p < kc; p++, a += 12, b += 32)
            {
                Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), x;
                x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
                x = Vector512.Create(a[8]); c80 = Vector512.FusedMultiplyAdd(x, b0, c80); c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]); c90 = Vector512.FusedMultiplyAdd(x, b0, c90); c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
                x = Vector512.Create(a[10]); c100 = Vector512.FusedMultiplyAdd(x, b0, c100); c101 = Vector512.FusedMultiplyAdd(x, b1, c101);
                x = Vector512.Create(a[11]); c110 = Vector512.FusedMultiplyAdd(x, b0, c110); c111 = Vector512.FusedMultiplyAdd(x, b1, c111);
            }
            var va = Vector512.Create(alpha);
            Store(c00, c01, c, va, beta);
            Store(c10, c11, c + ldc, va, beta);
            Store(c20, c21, c + 2 * ldc, va, beta);
            Store(c30, c31, c + 3 * ldc, va, beta);
            Store(c40, c41, c + 4 * ldc, va, beta);
            Store(c50, c51, c + 5 * ldc, va, beta);
            Store(c60, c61, c + 6 * ldc, va, beta);
            Store(c70, c71, c + 7 * ldc, va, beta);
            Store(c80, c81, c + 8 * ldc, va, beta);
            Store(c90, c91, c + 9 * ldc, va, beta);
            Store(c100, c101, c + 10 * ldc, va, beta);
            Store(c110, c111, c + 11 * ldc, va, beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(Vector512<float> x0, Vector512<float> x1, float* c, Vector512<float> alpha, float beta)
        {
            if (beta == 0)
            {
                (x0 * alpha).Store(c);
                (x1 * alpha).Store(c + 16);
                return;
            }
            var vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(x0, alpha, vb * Vector512.Load(c)).Store(c);
            Vector512.FusedMultiplyAdd(x1, alpha, vb * Vector512.Load(c + 16)).Store(c + 16);
        }
    }
}
