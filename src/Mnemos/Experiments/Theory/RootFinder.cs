// Brent's bracketing root finder (inverse quadratic interpolation, secant, bisection fallback):
// keeps a sign change at every step, so it converges whenever f is continuous on the bracket.
namespace Mnemos.Experiments.Theory;

/// <summary>A root z with f(z) and the number of iterations taken.</summary>
internal readonly record struct Root(double Value, double Residual, int Iterations);

/// <summary>Bracketing root finding in double.</summary>
internal static class RootFinder
{
    /// <summary>
    /// A zero of f in [a, b] to within <paramref name="tolerance"/> (plus 4 ulp of the root). Throws
    /// <see cref="ArgumentException"/> showing f(a) and f(b) when they have the same strict sign,
    /// <see cref="ArithmeticException"/> when f is NaN at a probed point.
    /// </summary>
    public static Root Brent(Func<double, double> f, double a, double b, double tolerance = 1e-14, int maxIterations = 200)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!double.IsFinite(a) || !double.IsFinite(b)) throw new ArgumentException($"bracket [{a}, {b}]: must be finite");
        double fa = Evaluate(f, a), fb = Evaluate(f, b);
        if (fa == 0) return new Root(a, 0, 0);
        if (fb == 0) return new Root(b, 0, 0);
        if (Math.Sign(fa) == Math.Sign(fb))
            throw new ArgumentException($"bracket [{a:R}, {b:R}] has f(a) = {fa:R} and f(b) = {fb:R}: no sign change");

        // b is the best estimate, a the previous one, c the other end of the bracket [b, c].
        double c = a, fc = fa, d = b - a, e = d;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (Math.Sign(fb) == Math.Sign(fc)) { c = a; fc = fa; d = b - a; e = d; }
            if (Math.Abs(fc) < Math.Abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
            double tol = 4 * (Math.BitIncrement(Math.Abs(b)) - Math.Abs(b)) + 0.5 * tolerance;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0) return new Root(b, fb, iteration);

            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c) { p = 2 * m * s; q = 1 - s; } // secant
                else
                {
                    double r = fb / fc, t = fa / fc; // inverse quadratic interpolation through a, b, c
                    p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
                    q = (t - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol * q), Math.Abs(e * q))) { e = d; d = p / q; }
                else { d = m; e = m; } // interpolation fell outside the safe region: bisect
            }
            else { d = m; e = m; }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : Math.CopySign(tol, m);
            fb = Evaluate(f, b);
        }
        throw new ArithmeticException($"Brent's method did not converge in {maxIterations} iterations; bracket [{b:R}, {c:R}]");
    }

    static double Evaluate(Func<double, double> f, double z)
    {
        double y = f(z);
        if (double.IsNaN(y)) throw new ArithmeticException($"f is NaN at z = {z:R}");
        return y;
    }
}
