// exp, expm1, sin and cos on double lanes, for float activations. Each is accurate to a few double
// ulps (relative, zeros of sin and cos included), so the result rounded to float is within 0.5 ulp
// of the exact value except in cases too close to a rounding tie to matter.
// Truncated Taylor series with their truncation bound stated; no fitted coefficients.
using System.Runtime.CompilerServices;

namespace Mnemos.Kernels;

internal static partial class ActivationKernels
{
    /// <summary>1.5·2⁵²: adding it to |y| &lt; 2⁵¹ rounds y to the nearest integer n (ties to even) and
    /// leaves n in the low bits of the sum.</summary>
    internal const double RoundingMagic = 6755399441055744.0;

    // ln 2 and π split so that n·hi is exact inside an FMA and hi + lo (+ c) carries 106+ bits.
    const double Log2E = 1.4426950408889634;
    const double Ln2Hi = 0.6931471805599453;
    const double Ln2Lo = 2.3190468138462996e-17;
    const double InvPi = 0.3183098861837907;
    const double PiA = 3.141592653589793;
    const double PiB = 1.2246467991473532e-16;
    const double PiC = -2.9947698097183397e-33;

    /// <summary>e^x is 0 or ∞ in float far inside ±700, and 2ⁿ stays a normal double there.</summary>
    const double ExpClamp = 700;

    /// <summary>Beyond 2⁴⁰ (and for NaN, ±∞) sin and cos take the exact per-lane path.</summary>
    const double TrigLimit = 1099511627776.0;

    static readonly Func<double, double> exactSin = Math.Sin;
    static readonly Func<double, double> exactCos = Math.Cos;

    /// <summary>e^x; arguments are clamped to ±700. NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V Exp<V>(V x) where V : struct, IDoubleVector<V>
    {
        var p = ExpReduced(x, out V scale);
        return V.Fma(scale, p, scale);
    }

    /// <summary>e^x − 1 with full relative accuracy near 0; arguments are clamped to ±700.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V ExpM1<V>(V x) where V : struct, IDoubleVector<V>
    {
        var p = ExpReduced(x, out V scale);
        // n = 0 gives scale = 1 and the exact p; otherwise |e^x − 1| > 0.29 and nothing cancels.
        return V.Fma(scale, p, scale - V.Create(1));
    }

    /// <summary>
    /// e^x = 2ⁿ·(1 + p) with p = e^r − 1, r = x − n·ln 2, |r| ≤ ln2/2. The series for p stops at
    /// r¹²/12!: the next term is below 1.7e-16·|p|.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static V ExpReduced<V>(V x, out V scale) where V : struct, IDoubleVector<V>
    {
        // Clamp by comparisons that are false for NaN, so NaN passes through (and costs less than IEEE min/max).
        x = V.IfLessOrEqual(x, V.Create(-ExpClamp), V.Create(-ExpClamp), x);
        x = V.IfGreater(x, V.Create(ExpClamp), V.Create(ExpClamp), x);
        var t = V.Fma(x, V.Create(Log2E), V.Create(RoundingMagic));
        var n = t - V.Create(RoundingMagic);
        var r = V.Fma(n, V.Create(-Ln2Hi), x); // exact: n·Ln2Hi is not rounded and r is small
        r = V.Fma(n, V.Create(-Ln2Lo), r);
        // q = Σ r^k/(k+1)!, k = 0…11, as even + r·odd in s = r²: two 5-step chains instead of one
        // 11-step chain, which lets more loop iterations overlap.
        var s = r * r;
        var even = V.Create(1.0 / 39916800);
        even = V.Fma(even, s, V.Create(1.0 / 362880));
        even = V.Fma(even, s, V.Create(1.0 / 5040));
        even = V.Fma(even, s, V.Create(1.0 / 120));
        even = V.Fma(even, s, V.Create(1.0 / 6));
        even = V.Fma(even, s, V.Create(1.0));
        var odd = V.Create(1.0 / 479001600);
        odd = V.Fma(odd, s, V.Create(1.0 / 3628800));
        odd = V.Fma(odd, s, V.Create(1.0 / 40320));
        odd = V.Fma(odd, s, V.Create(1.0 / 720));
        odd = V.Fma(odd, s, V.Create(1.0 / 24));
        odd = V.Fma(odd, s, V.Create(1.0 / 2));
        var q = V.Fma(odd, r, even);
        scale = V.Pow2FromRounded(t);
        return q * r;
    }

    /// <summary>sin x; |x| ≤ 2⁴⁰ by Cody–Waite reduction, larger or non-finite x by Math.Sin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V Sin<V>(V x) where V : struct, IDoubleVector<V>
    {
        if (!V.AllLessThanOrEqual(V.Abs(x), V.Create(TrigLimit))) return V.Map(x, exactSin);
        // x = n·π + r, |r| ≤ π/2, sin x = (−1)ⁿ sin r.
        var t = V.Fma(x, V.Create(InvPi), V.Create(RoundingMagic));
        var n = t - V.Create(RoundingMagic);
        return V.FlipSignIfOdd(SinReduced(ReduceByPi(x, n)), t);
    }

    /// <summary>cos x; |x| ≤ 2⁴⁰ by Cody–Waite reduction, larger or non-finite x by Math.Cos.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V Cos<V>(V x) where V : struct, IDoubleVector<V>
    {
        if (!V.AllLessThanOrEqual(V.Abs(x), V.Create(TrigLimit))) return V.Map(x, exactCos);
        // x = (m + ½)·π + r, |r| ≤ π/2, cos x = (−1)^(m+1) sin r. Reducing by (m + ½)π directly,
        // rather than computing sin(x + π/2), keeps full relative accuracy near the zeros of cos.
        var t = V.Fma(x, V.Create(InvPi), V.Create(-0.5)) + V.Create(RoundingMagic);
        var half = t - V.Create(RoundingMagic) + V.Create(0.5); // m + ½, exact
        return -V.FlipSignIfOdd(SinReduced(ReduceByPi(x, half)), t);
    }

    /// <summary>x − k·π in three parts; k·PiA is exact inside the FMA and x − k·PiA is small, so the
    /// first step is exact and the error is ~1e-16 relative to the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static V ReduceByPi<V>(V x, V k) where V : struct, IDoubleVector<V>
    {
        var r = V.Fma(k, V.Create(-PiA), x);
        r = V.Fma(k, V.Create(-PiB), r);
        return V.Fma(k, V.Create(-PiC), r);
    }

    /// <summary>sin r for |r| ≤ π/2 by its series to r¹⁹/19!; the next term is below 2.5e-16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static V SinReduced<V>(V r) where V : struct, IDoubleVector<V>
    {
        var s = r * r;
        var q = V.Create(-1.0 / 121645100408832000);
        q = V.Fma(q, s, V.Create(1.0 / 355687428096000));
        q = V.Fma(q, s, V.Create(-1.0 / 1307674368000));
        q = V.Fma(q, s, V.Create(1.0 / 6227020800));
        q = V.Fma(q, s, V.Create(-1.0 / 39916800));
        q = V.Fma(q, s, V.Create(1.0 / 362880));
        q = V.Fma(q, s, V.Create(-1.0 / 5040));
        q = V.Fma(q, s, V.Create(1.0 / 120));
        q = V.Fma(q, s, V.Create(-1.0 / 6));
        return V.Fma(q, s * r, r);
    }
}
