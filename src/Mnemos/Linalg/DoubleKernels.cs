// Span kernels on double vectors for the eigensolvers: dot, axpy, fused row updates. Vector<double>
// loops with scalar tails and fused multiply-add; callers validate lengths (Debug.Assert only).
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Mnemos.Linalg;

static class DoubleKernels
{
    /// <summary>Σ x[i]·y[i], accumulated in two vector lanes then the scalar tail.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Debug.Assert(x.Length == y.Length);
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y.Slice(0, x.Length));
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
            int v = 0;
            for (; v + 1 < vx.Length; v += 2)
            {
                s0 = Vector.FusedMultiplyAdd(vx[v], vy[v], s0);
                s1 = Vector.FusedMultiplyAdd(vx[v + 1], vy[v + 1], s1);
            }
            if (v < vx.Length) s0 = Vector.FusedMultiplyAdd(vx[v], vy[v], s0);
            sum = Vector.Sum(s0 + s1);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }

    /// <summary>y += alpha·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        Debug.Assert(x.Length == y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y.Slice(0, x.Length));
            var va = new Vector<double>(alpha);
            for (int v = 0; v < vx.Length; v++) vy[v] = Vector.FusedMultiplyAdd(va, vx[v], vy[v]);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] = Math.FusedMultiplyAdd(alpha, x[i], y[i]);
    }

    /// <summary>y += alpha·x, then returns Σ y[i]·z[i] over the updated y (one pass).</summary>
    public static double AxpyDot(double alpha, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> z)
    {
        Debug.Assert(x.Length == y.Length && z.Length == y.Length);
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y.Slice(0, x.Length));
            var vz = MemoryMarshal.Cast<double, Vector<double>>(z.Slice(0, x.Length));
            var va = new Vector<double>(alpha);
            Vector<double> s = Vector<double>.Zero;
            for (int v = 0; v < vx.Length; v++)
            {
                var u = Vector.FusedMultiplyAdd(va, vx[v], vy[v]);
                vy[v] = u;
                s = Vector.FusedMultiplyAdd(u, vz[v], s);
            }
            sum = Vector.Sum(s);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++)
        {
            y[i] = Math.FusedMultiplyAdd(alpha, x[i], y[i]);
            sum = Math.FusedMultiplyAdd(y[i], z[i], sum);
        }
        return sum;
    }

    /// <summary>y += alpha·x and w += beta·y (updated y), in one pass.</summary>
    public static void AxpyThenAccumulate(double alpha, ReadOnlySpan<double> x, Span<double> y, double beta, Span<double> w)
    {
        Debug.Assert(x.Length == y.Length && w.Length == y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y.Slice(0, x.Length));
            var vw = MemoryMarshal.Cast<double, Vector<double>>(w.Slice(0, x.Length));
            var va = new Vector<double>(alpha);
            var vb = new Vector<double>(beta);
            for (int v = 0; v < vx.Length; v++)
            {
                var u = Vector.FusedMultiplyAdd(va, vx[v], vy[v]);
                vy[v] = u;
                vw[v] = Vector.FusedMultiplyAdd(vb, u, vw[v]);
            }
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++)
        {
            y[i] = Math.FusedMultiplyAdd(alpha, x[i], y[i]);
            w[i] = Math.FusedMultiplyAdd(beta, y[i], w[i]);
        }
    }

    /// <summary>‖x‖₂ without overflow or harmful underflow (scaled by the largest magnitude).</summary>
    public static double Norm2(ReadOnlySpan<double> x)
    {
        double scale = 0;
        foreach (double v in x) scale = Math.Max(scale, Math.Abs(v));
        if (scale == 0 || double.IsInfinity(scale) || double.IsNaN(scale)) return scale;
        double inv = 1 / scale, sum = 0;
        foreach (double v in x) { double t = v * inv; sum += t * t; }
        return scale * Math.Sqrt(sum);
    }
}
