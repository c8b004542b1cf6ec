// The lane types the activation math is written against: 8, 4, 2 or 1 doubles. Each loads float
// inputs widened to double and stores results rounded once to float. Every operation is IEEE
// (fused multiply-add included), so all four give bitwise identical results on any machine.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnemos.Kernels;

internal static partial class ActivationKernels
{
    /// <summary>A vector of <see cref="Count"/> doubles. Comparisons come fused with their select so
    /// the JIT emits compare-into-mask plus blend.</summary>
    internal interface IDoubleVector<V> where V : struct, IDoubleVector<V>
    {
        static abstract int Count { get; }
        /// <summary>Reads Count floats at <paramref name="source"/>, widened to double.</summary>
        static abstract V Load(ref float source);
        /// <summary>Writes Count floats at <paramref name="destination"/>, each rounded to nearest.</summary>
        static abstract void Store(V value, ref float destination);
        static abstract V Create(double value);
        static abstract V operator +(V a, V b);
        static abstract V operator -(V a, V b);
        static abstract V operator *(V a, V b);
        static abstract V operator /(V a, V b);
        static abstract V operator -(V a);
        /// <summary>a·b + c with one rounding.</summary>
        static abstract V Fma(V a, V b, V c);
        static abstract V Abs(V a);
        static abstract V CopySign(V value, V sign);
        /// <summary>a &gt; b ? ifTrue : ifFalse per lane (ifFalse where a or b is NaN).</summary>
        static abstract V IfGreater(V a, V b, V ifTrue, V ifFalse);
        /// <summary>a ≤ b ? ifTrue : ifFalse per lane (ifFalse where a or b is NaN).</summary>
        static abstract V IfLessOrEqual(V a, V b, V ifTrue, V ifFalse);
        /// <summary>True when a ≤ b in every lane (false if any lane is NaN).</summary>
        static abstract bool AllLessThanOrEqual(V a, V b);
        /// <summary>2ⁿ for t = n + <see cref="RoundingMagic"/>, |n| ≤ 1022.</summary>
        static abstract V Pow2FromRounded(V t);
        /// <summary>(−1)ⁿ·value for t = n + <see cref="RoundingMagic"/>.</summary>
        static abstract V FlipSignIfOdd(V value, V t);
        /// <summary>f applied lane by lane: the rare exact path (huge or non-finite arguments).</summary>
        static abstract V Map(V x, Func<double, double> f);
    }

    /// <summary>Eight doubles (AVX-512).</summary>
    internal readonly struct V512(Vector512<double> v) : IDoubleVector<V512>
    {
        readonly Vector512<double> v = v;

        public static int Count => Vector512<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V512 Load(ref float source)
        {
            var f = Vector256.LoadUnsafe(ref source);
            return new(Avx512F.IsSupported ? Avx512F.ConvertToVector512Double(f) : Vector512.WidenLower(f.ToVector512Unsafe()));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(V512 value, ref float destination) =>
            (Avx512F.IsSupported ? Avx512F.ConvertToVector256Single(value.v) : Vector512.Narrow(value.v, value.v).GetLower())
                .StoreUnsafe(ref destination);

        public static V512 Create(double value) => new(Vector512.Create(value));
        public static V512 operator +(V512 a, V512 b) => new(a.v + b.v);
        public static V512 operator -(V512 a, V512 b) => new(a.v - b.v);
        public static V512 operator *(V512 a, V512 b) => new(a.v * b.v);
        public static V512 operator /(V512 a, V512 b) => new(a.v / b.v);
        public static V512 operator -(V512 a) => new(-a.v);
        public static V512 Fma(V512 a, V512 b, V512 c) => new(Vector512.FusedMultiplyAdd(a.v, b.v, c.v));
        public static V512 Abs(V512 a) => new(Vector512.Abs(a.v));
        public static V512 CopySign(V512 value, V512 sign) => new(Vector512.CopySign(value.v, sign.v));
        public static V512 IfGreater(V512 a, V512 b, V512 ifTrue, V512 ifFalse) =>
            new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.v, b.v), ifTrue.v, ifFalse.v));
        public static V512 IfLessOrEqual(V512 a, V512 b, V512 ifTrue, V512 ifFalse) =>
            new(Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a.v, b.v), ifTrue.v, ifFalse.v));
        public static bool AllLessThanOrEqual(V512 a, V512 b) => Vector512.LessThanOrEqualAll(a.v, b.v);

        public static V512 Pow2FromRounded(V512 t) =>
            new(Vector512.ShiftLeft(t.v.AsInt64() + Vector512.Create(1023L), 52).AsDouble());

        public static V512 FlipSignIfOdd(V512 value, V512 t) =>
            new(Vector512.Xor(value.v.AsInt64(), Vector512.ShiftLeft(t.v.AsInt64(), 63)).AsDouble());

        public static V512 Map(V512 x, Func<double, double> f)
        {
            Span<double> lanes = stackalloc double[Vector512<double>.Count];
            x.v.CopyTo(lanes);
            foreach (ref double lane in lanes) lane = f(lane);
            return new(Vector512.Create<double>(lanes));
        }
    }

    /// <summary>Four doubles (AVX).</summary>
    internal readonly struct V256(Vector256<double> v) : IDoubleVector<V256>
    {
        readonly Vector256<double> v = v;

        public static int Count => Vector256<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V256 Load(ref float source)
        {
            var f = Vector128.LoadUnsafe(ref source);
            return new(Avx.IsSupported ? Avx.ConvertToVector256Double(f) : Vector256.WidenLower(f.ToVector256Unsafe()));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(V256 value, ref float destination) =>
            (Avx.IsSupported ? Avx.ConvertToVector128Single(value.v) : Vector256.Narrow(value.v, value.v).GetLower())
                .StoreUnsafe(ref destination);

        public static V256 Create(double value) => new(Vector256.Create(value));
        public static V256 operator +(V256 a, V256 b) => new(a.v + b.v);
        public static V256 operator -(V256 a, V256 b) => new(a.v - b.v);
        public static V256 operator *(V256 a, V256 b) => new(a.v * b.v);
        public static V256 operator /(V256 a, V256 b) => new(a.v / b.v);
        public static V256 operator -(V256 a) => new(-a.v);
        public static V256 Fma(V256 a, V256 b, V256 c) => new(Vector256.FusedMultiplyAdd(a.v, b.v, c.v));
        public static V256 Abs(V256 a) => new(Vector256.Abs(a.v));
        public static V256 CopySign(V256 value, V256 sign) => new(Vector256.CopySign(value.v, sign.v));
        public static V256 IfGreater(V256 a, V256 b, V256 ifTrue, V256 ifFalse) =>
            new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.v, b.v), ifTrue.v, ifFalse.v));
        public static V256 IfLessOrEqual(V256 a, V256 b, V256 ifTrue, V256 ifFalse) =>
            new(Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a.v, b.v), ifTrue.v, ifFalse.v));
        public static bool AllLessThanOrEqual(V256 a, V256 b) => Vector256.LessThanOrEqualAll(a.v, b.v);

        public static V256 Pow2FromRounded(V256 t) =>
            new(Vector256.ShiftLeft(t.v.AsInt64() + Vector256.Create(1023L), 52).AsDouble());

        public static V256 FlipSignIfOdd(V256 value, V256 t) =>
            new(Vector256.Xor(value.v.AsInt64(), Vector256.ShiftLeft(t.v.AsInt64(), 63)).AsDouble());

        public static V256 Map(V256 x, Func<double, double> f)
        {
            Span<double> lanes = stackalloc double[Vector256<double>.Count];
            x.v.CopyTo(lanes);
            foreach (ref double lane in lanes) lane = f(lane);
            return new(Vector256.Create<double>(lanes));
        }
    }

    /// <summary>Two doubles (SSE2 / AdvSimd).</summary>
    internal readonly struct V128(Vector128<double> v) : IDoubleVector<V128>
    {
        readonly Vector128<double> v = v;

        public static int Count => Vector128<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V128 Load(ref float source)
        {
            // Two floats are eight bytes: read them as one double-sized scalar, then widen.
            double pair = Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref source));
            return new(Vector128.WidenLower(Vector128.CreateScalarUnsafe(pair).AsSingle()));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(V128 value, ref float destination) =>
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref destination), Vector128.Narrow(value.v, value.v).AsDouble().ToScalar());

        public static V128 Create(double value) => new(Vector128.Create(value));
        public static V128 operator +(V128 a, V128 b) => new(a.v + b.v);
        public static V128 operator -(V128 a, V128 b) => new(a.v - b.v);
        public static V128 operator *(V128 a, V128 b) => new(a.v * b.v);
        public static V128 operator /(V128 a, V128 b) => new(a.v / b.v);
        public static V128 operator -(V128 a) => new(-a.v);
        public static V128 Fma(V128 a, V128 b, V128 c) => new(Vector128.FusedMultiplyAdd(a.v, b.v, c.v));
        public static V128 Abs(V128 a) => new(Vector128.Abs(a.v));
        public static V128 CopySign(V128 value, V128 sign) => new(Vector128.CopySign(value.v, sign.v));
        public static V128 IfGreater(V128 a, V128 b, V128 ifTrue, V128 ifFalse) =>
            new(Vector128.ConditionalSelect(Vector128.GreaterThan(a.v, b.v), ifTrue.v, ifFalse.v));
        public static V128 IfLessOrEqual(V128 a, V128 b, V128 ifTrue, V128 ifFalse) =>
            new(Vector128.ConditionalSelect(Vector128.LessThanOrEqual(a.v, b.v), ifTrue.v, ifFalse.v));
        public static bool AllLessThanOrEqual(V128 a, V128 b) => Vector128.LessThanOrEqualAll(a.v, b.v);

        public static V128 Pow2FromRounded(V128 t) =>
            new(Vector128.ShiftLeft(t.v.AsInt64() + Vector128.Create(1023L), 52).AsDouble());

        public static V128 FlipSignIfOdd(V128 value, V128 t) =>
            new(Vector128.Xor(value.v.AsInt64(), Vector128.ShiftLeft(t.v.AsInt64(), 63)).AsDouble());

        public static V128 Map(V128 x, Func<double, double> f) =>
            new(Vector128.Create(f(x.v.GetElement(0)), f(x.v.GetElement(1))));
    }

    /// <summary>One double: the tail of every span, and the fallback without SIMD.</summary>
    internal readonly struct Scalar(double v) : IDoubleVector<Scalar>
    {
        readonly double v = v;

        public double Value => v;

        public static int Count => 1;
        public static Scalar Load(ref float source) => new(source);
        public static void Store(Scalar value, ref float destination) => destination = (float)value.v;
        public static Scalar Create(double value) => new(value);
        public static Scalar operator +(Scalar a, Scalar b) => new(a.v + b.v);
        public static Scalar operator -(Scalar a, Scalar b) => new(a.v - b.v);
        public static Scalar operator *(Scalar a, Scalar b) => new(a.v * b.v);
        public static Scalar operator /(Scalar a, Scalar b) => new(a.v / b.v);
        public static Scalar operator -(Scalar a) => new(-a.v);
        public static Scalar Fma(Scalar a, Scalar b, Scalar c) => new(Math.FusedMultiplyAdd(a.v, b.v, c.v));
        public static Scalar Abs(Scalar a) => new(Math.Abs(a.v));
        public static Scalar CopySign(Scalar value, Scalar sign) => new(Math.CopySign(value.v, sign.v));
        public static Scalar IfGreater(Scalar a, Scalar b, Scalar ifTrue, Scalar ifFalse) => a.v > b.v ? ifTrue : ifFalse;
        public static Scalar IfLessOrEqual(Scalar a, Scalar b, Scalar ifTrue, Scalar ifFalse) => a.v <= b.v ? ifTrue : ifFalse;
        public static bool AllLessThanOrEqual(Scalar a, Scalar b) => a.v <= b.v;

        public static Scalar Pow2FromRounded(Scalar t) =>
            new(BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(t.v) + 1023L) << 52));

        public static Scalar FlipSignIfOdd(Scalar value, Scalar t) =>
            new(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value.v) ^ (BitConverter.DoubleToInt64Bits(t.v) << 63)));

        public static Scalar Map(Scalar x, Func<double, double> f) => new(f(x.v));
    }
}
