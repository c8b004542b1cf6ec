// Each activation as a pair of lane functions, φ and φ′, computed in double. Forms are chosen to
// stay accurate where the textbook formula cancels or overflows: exponentials are only ever taken
// of non-positive arguments, and σ′, tanh′ come from e^−|x| rather than σ(1 − σ) or 1 − tanh².
using System.Runtime.CompilerServices;

namespace Mnemos.Kernels;

internal static partial class ActivationKernels
{
    internal interface IActivationOp
    {
        static abstract V Value<V>(V x) where V : struct, IDoubleVector<V>;
        static abstract V Slope<V>(V x) where V : struct, IDoubleVector<V>;
    }

    internal readonly struct IdentityOp : IActivationOp
    {
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> => x;
        // 1 everywhere except NaN, which passes through like every other slope.
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfLessOrEqual(V.Abs(x), V.Create(double.PositiveInfinity), V.Create(1), x);
    }

    internal readonly struct ReluOp : IActivationOp
    {
        // Written as "x ≤ 0 ? 0 : x" so that NaN passes through.
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfLessOrEqual(x, V.Create(0), V.Create(0), x);

        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfGreater(x, V.Create(0), V.Create(1), V.IfLessOrEqual(x, V.Create(0), V.Create(0), x));
    }

    internal readonly struct LeakyReluOp : IActivationOp
    {
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfLessOrEqual(x, V.Create(0), x * V.Create(Activations.LeakySlope), x);

        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfGreater(x, V.Create(0), V.Create(1), V.IfLessOrEqual(x, V.Create(0), V.Create(Activations.LeakySlope), x));
    }

    internal readonly struct SeluOp : IActivationOp
    {
        const double ScaleAlpha = Activations.SeluScale * Activations.SeluAlpha;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfGreater(x, V.Create(0), x * V.Create(Activations.SeluScale),
                V.Create(ScaleAlpha) * ExpM1(NonPositive(x)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfGreater(x, V.Create(0), V.Create(Activations.SeluScale),
                V.Create(ScaleAlpha) * Exp(NonPositive(x)));

        // min(x, 0) that keeps NaN, so the unused branch never overflows and NaN still propagates.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static V NonPositive<V>(V x) where V : struct, IDoubleVector<V> =>
            V.IfGreater(x, V.Create(0), V.Create(0), x);
    }

    /// <summary>σ from q = e^−|x| ∈ (0, 1]: σ(|x|) = 1/(1 + q), σ(−|x|) = q/(1 + q), σ′(x) = q/(1 + q)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static V Logistic<V>(V x, out V slope) where V : struct, IDoubleVector<V>
    {
        var q = Exp(-V.Abs(x));
        var d = V.Create(1) / (V.Create(1) + q);
        slope = q * d * d;
        return V.IfLessOrEqual(x, V.Create(0), q * d, d);
    }

    internal readonly struct SigmoidOp : IActivationOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> => Logistic(x, out _);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V>
        {
            Logistic(x, out V slope);
            return slope;
        }
    }

    internal readonly struct SwishOp : IActivationOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> => x * Logistic(x, out _);

        /// <summary>(x·σ)′ = σ + x·σ′.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V>
        {
            var s = Logistic(x, out V slope);
            return V.Fma(x, slope, s);
        }
    }

    internal readonly struct TanhOp : IActivationOp
    {
        /// <summary>tanh|x| = −e/(2 + e) with e = expm1(−2|x|) ∈ (−1, 0]; sign restored after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V>
        {
            var e = ExpM1(V.Create(-2) * V.Abs(x));
            return V.CopySign(-e / (V.Create(2) + e), x);
        }

        /// <summary>1 − tanh² = 4q/(1 + q)² with q = e^−2|x|.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V>
        {
            var q = Exp(V.Create(-2) * V.Abs(x));
            var d = V.Create(1) / (V.Create(1) + q);
            return V.Create(4) * q * d * d;
        }
    }

    internal readonly struct CosidOp : IActivationOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> => Cos(x) - x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> => -Sin(x) - V.Create(1);
    }

    internal readonly struct SinusoidOp : IActivationOp
    {
        // 10x is exact in double (a float times 10 needs at most 28 bits); /5 is taken as ·0.2,
        // which differs by 1 part in 1e16.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Value<V>(V x) where V : struct, IDoubleVector<V> =>
            V.Fma(Sin(x * V.Create(10)), V.Create(0.2), x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Slope<V>(V x) where V : struct, IDoubleVector<V> =>
            V.Fma(Cos(x * V.Create(10)), V.Create(2), V.Create(1));
    }
}
