// Small elementwise span kernels shared by layers and losses: bias broadcast, column sums,
// scaled differences. Vector<float> loops with scalar tails; callers validate lengths.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Mnemos.Kernels;

/// <summary>Elementwise helpers on float spans.</summary>
internal static class VectorOps
{
    /// <summary>Copies <paramref name="row"/> into each of the <paramref name="rows"/> rows of destination [rows × row.Length].</summary>
    public static void BroadcastRows(ReadOnlySpan<float> row, int rows, Span<float> destination)
    {
        Debug.Assert(destination.Length >= rows * row.Length);
        for (int r = 0; r < rows; r++) row.CopyTo(destination.Slice(r * row.Length, row.Length));
    }

    /// <summary>sums[j] += Σ_r x[r, j] for x [rows × sums.Length]; rows are added in order.</summary>
    public static void AddColumnSums(ReadOnlySpan<float> x, int rows, Span<float> sums)
    {
        int cols = sums.Length;
        Debug.Assert(x.Length >= rows * cols);
        for (int r = 0; r < rows; r++) Add(sums, x.Slice(r * cols, cols), sums);
    }

    /// <summary>destination = x + y (destination may alias either).</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        Debug.Assert(x.Length == y.Length && destination.Length >= x.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < vx.Length; v++) vd[v] = vx[v] + vy[v];
            i = vx.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) destination[i] = x[i] + y[i];
    }

    /// <summary>destination = scale · (x − y) (destination may alias either).</summary>
    public static void ScaledDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scale, Span<float> destination)
    {
        Debug.Assert(x.Length == y.Length && destination.Length >= x.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var s = new Vector<float>(scale);
            for (int v = 0; v < vx.Length; v++) vd[v] = s * (vx[v] - vy[v]);
            i = vx.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) destination[i] = scale * (x[i] - y[i]);
    }

    /// <summary>Σ (x − y)² accumulated in double, in a fixed order (reproducible).</summary>
    public static double SumSquaredDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Debug.Assert(x.Length == y.Length);
        // Float partial sums per vector lane over blocks of 256 elements, flushed to double: keeps
        // float speed while the total error stays ~1e-7 relative even for millions of terms.
        double total = 0;
        int i = 0;
        const int Block = 256;
        while (i < x.Length)
        {
            int end = Math.Min(x.Length, i + Block);
            float partial = 0;
            if (Vector.IsHardwareAccelerated && end - i >= Vector<float>.Count)
            {
                var acc = Vector<float>.Zero;
                int vecEnd = i + (end - i) / Vector<float>.Count * Vector<float>.Count;
                for (; i < vecEnd; i += Vector<float>.Count)
                {
                    var d = new Vector<float>(x.Slice(i)) - new Vector<float>(y.Slice(i));
                    acc += d * d;
                }
                partial = Vector.Sum(acc);
            }
            for (; i < end; i++)
            {
                float d = x[i] - y[i];
                partial += d * d;
            }
            total += partial;
        }
        return total;
    }

    /// <summary>x[r, j] *= scale[j] for every row r of x [rows × scale.Length].</summary>
    public static void ScaleColumns(Span<float> x, int rows, ReadOnlySpan<float> scale)
    {
        int cols = scale.Length;
        Debug.Assert(x.Length >= rows * cols);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            Multiply(row, scale, row);
        }
    }

    /// <summary>destination = x ⊙ y (destination may alias either).</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        Debug.Assert(x.Length == y.Length && destination.Length >= x.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < vx.Length; v++) vd[v] = vx[v] * vy[v];
            i = vx.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) destination[i] = x[i] * y[i];
    }
}
