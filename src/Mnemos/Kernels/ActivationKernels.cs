// Elementwise activations on float spans: φ(z), φ′(z) and dy·φ′(z). Inputs are widened to double,
// evaluated there (ActivationKernels.Math.cs, .Ops.cs) and rounded once, so every result is within
// ~0.5 ulp of the exact value. ReferenceActivations is the naive double twin the tests compare with.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mnemos.Kernels;

/// <summary>
/// Vectorized activation kernels. Lanes are 8, 4 or 2 doubles (the widest the hardware runs), the
/// tail uses the same arithmetic one element at a time, and every operation is IEEE, so results do
/// not depend on the machine or on an element's position. NaN in gives NaN out (φ and φ′).
/// Destinations may be the same span as an input, but must not partly overlap one.
/// </summary>
internal static partial class ActivationKernels
{
    /// <summary>y[i] = φ(z[i]) for i &lt; z.Length.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="z"/>.</exception>
    public static void Forward(Activation activation, ReadOnlySpan<float> z, Span<float> y)
    {
        CheckDestination(z.Length, y.Length, nameof(y));
        Apply<ValueMode>(activation, z, z, y);
    }

    /// <summary>dz[i] = dy[i]·φ′(z[i]), overwriting dz; the product is taken in double and rounded once.</summary>
    /// <exception cref="ArgumentException">dy is not as long as z, or dz is shorter.</exception>
    public static void Backward(Activation activation, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz)
    {
        if (dy.Length != z.Length) ThrowLengths(nameof(dy), dy.Length, z.Length);
        CheckDestination(z.Length, dz.Length, nameof(dz));
        Apply<BackwardMode>(activation, z, dy, dz);
    }

    /// <summary>d[i] = φ′(z[i]); ReLU-type slopes at 0 are those of PyTorch (0 and 0.01).</summary>
    /// <exception cref="ArgumentException"><paramref name="d"/> is shorter than <paramref name="z"/>.</exception>
    public static void Derivative(Activation activation, ReadOnlySpan<float> z, Span<float> d)
    {
        CheckDestination(z.Length, d.Length, nameof(d));
        Apply<SlopeMode>(activation, z, z, d);
    }

    // The one place the lane width is chosen.
    static void Apply<M>(Activation activation, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> result)
        where M : struct, IMode
    {
        if (Vector512.IsHardwareAccelerated) Apply<V512, M>(activation, z, dy, result);
        else if (Vector256.IsHardwareAccelerated) Apply<V256, M>(activation, z, dy, result);
        else if (Vector128.IsHardwareAccelerated) Apply<V128, M>(activation, z, dy, result);
        else Apply<Scalar, M>(activation, z, dy, result);
    }

    // Variants by lane type, for tests and benchmarks.
    internal static void Forward<V>(Activation activation, ReadOnlySpan<float> z, Span<float> y)
        where V : struct, IDoubleVector<V> => Apply<V, ValueMode>(activation, z, z, y);

    internal static void Backward<V>(Activation activation, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz)
        where V : struct, IDoubleVector<V> => Apply<V, BackwardMode>(activation, z, dy, dz);

    internal static void Derivative<V>(Activation activation, ReadOnlySpan<float> z, Span<float> d)
        where V : struct, IDoubleVector<V> => Apply<V, SlopeMode>(activation, z, z, d);

    /// <summary>Whole vectors of V, then the remaining elements one by one.</summary>
    static void Apply<V, M>(Activation activation, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> result)
        where V : struct, IDoubleVector<V> where M : struct, IMode
    {
        Debug.Assert(dy.Length == z.Length && result.Length >= z.Length);
        int done = activation switch
        {
            Activation.Identity => Loop<V, M, IdentityOp>(z, dy, result),
            Activation.Relu => Loop<V, M, ReluOp>(z, dy, result),
            Activation.LeakyRelu => Loop<V, M, LeakyReluOp>(z, dy, result),
            Activation.Selu => Loop<V, M, SeluOp>(z, dy, result),
            Activation.Swish => Loop<V, M, SwishOp>(z, dy, result),
            Activation.Cosid => Loop<V, M, CosidOp>(z, dy, result),
            Activation.Sinusoid => Loop<V, M, SinusoidOp>(z, dy, result),
            Activation.Sigmoid => Loop<V, M, SigmoidOp>(z, dy, result),
            Activation.Tanh => Loop<V, M, TanhOp>(z, dy, result),
            _ => ThrowUnknown(activation),
        };
        if (typeof(V) != typeof(Scalar) && done < z.Length)
            Apply<Scalar, M>(activation, z[done..], dy[done..], result[done..]);
    }

    /// <summary>result[i] = M(Op, z[i], dy[i]) for whole vectors; returns how many elements were done.</summary>
    static int Loop<V, M, Op>(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> result)
        where V : struct, IDoubleVector<V> where M : struct, IMode where Op : struct, IActivationOp
    {
        // n = elements; each step reads V.Count of z (and dy) before writing as many to result.
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float rr = ref MemoryMarshal.GetReference(result);
        int n = z.Length, i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(M.Compute<V, Op>(V.Load(ref Unsafe.Add(ref zr, i)), ref Unsafe.Add(ref dyr, i)), ref Unsafe.Add(ref rr, i));
        return i;
    }

    internal interface IMode
    {
        static abstract V Compute<V, Op>(V z, ref float dy) where V : struct, IDoubleVector<V> where Op : struct, IActivationOp;
    }

    readonly struct ValueMode : IMode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Compute<V, Op>(V z, ref float dy) where V : struct, IDoubleVector<V> where Op : struct, IActivationOp =>
            Op.Value(z);
    }

    readonly struct SlopeMode : IMode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Compute<V, Op>(V z, ref float dy) where V : struct, IDoubleVector<V> where Op : struct, IActivationOp =>
            Op.Slope(z);
    }

    readonly struct BackwardMode : IMode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Compute<V, Op>(V z, ref float dy) where V : struct, IDoubleVector<V> where Op : struct, IActivationOp =>
            V.Load(ref dy) * Op.Slope(z);
    }

    static void CheckDestination(int sourceLength, int destinationLength, string name)
    {
        if (destinationLength < sourceLength) ThrowLengths(name, destinationLength, sourceLength);
    }

    [DoesNotReturn]
    static void ThrowLengths(string name, int length, int expected) =>
        throw new ArgumentException($"{name} has {length} elements, expected {expected} (the length of z)", name);

    [DoesNotReturn]
    static int ThrowUnknown(Activation activation) =>
        throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
}
