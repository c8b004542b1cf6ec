// A float vector of fixed width behind one interface, so each optimizer loop is written once and
// compiled for Vector512 and Vector256. Every operation is a single IEEE-754 correctly rounded
// operation per lane (no reassociation, no approximate reciprocal or square root).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mnemos.Training.Optimizers;

internal interface ISimdFloat<TSelf> where TSelf : struct, ISimdFloat<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Create(float value);
    static abstract TSelf Load(ReadOnlySpan<float> source, int index);
    void Store(Span<float> destination, int index);
    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a);
    /// <summary>a·b + c rounded once, as MathF.FusedMultiplyAdd.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>IEEE 754:2019 maximum, as MathF.Max: NaN if either is NaN.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
}

internal readonly struct Simd512(Vector512<float> value) : ISimdFloat<Simd512>
{
    readonly Vector512<float> v = value;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Create(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(ReadOnlySpan<float> source, int index)
    {
        Debug.Assert((uint)index + (uint)Count <= (uint)source.Length);
        return new(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> destination, int index)
    {
        Debug.Assert((uint)index + (uint)Count <= (uint)destination.Length);
        v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    public static Simd512 operator +(Simd512 a, Simd512 b) => new(a.v + b.v);
    public static Simd512 operator *(Simd512 a, Simd512 b) => new(a.v * b.v);
    public static Simd512 operator /(Simd512 a, Simd512 b) => new(a.v / b.v);
    public static Simd512 operator -(Simd512 a) => new(-a.v);
    public static Simd512 FusedMultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Vector512.FusedMultiplyAdd(a.v, b.v, c.v));
    public static Simd512 Sqrt(Simd512 a) => new(Vector512.Sqrt(a.v));
    public static Simd512 Max(Simd512 a, Simd512 b) => new(Vector512.Max(a.v, b.v));
}

internal readonly struct Simd256(Vector256<float> value) : ISimdFloat<Simd256>
{
    readonly Vector256<float> v = value;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Create(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(ReadOnlySpan<float> source, int index)
    {
        Debug.Assert((uint)index + (uint)Count <= (uint)source.Length);
        return new(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> destination, int index)
    {
        Debug.Assert((uint)index + (uint)Count <= (uint)destination.Length);
        v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    public static Simd256 operator +(Simd256 a, Simd256 b) => new(a.v + b.v);
    public static Simd256 operator *(Simd256 a, Simd256 b) => new(a.v * b.v);
    public static Simd256 operator /(Simd256 a, Simd256 b) => new(a.v / b.v);
    public static Simd256 operator -(Simd256 a) => new(-a.v);
    public static Simd256 FusedMultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Vector256.FusedMultiplyAdd(a.v, b.v, c.v));
    public static Simd256 Sqrt(Simd256 a) => new(Vector256.Sqrt(a.v));
    public static Simd256 Max(Simd256 a, Simd256 b) => new(Vector256.Max(a.v, b.v));
}
