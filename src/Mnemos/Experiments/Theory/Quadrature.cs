// Adaptive Gauss–Kronrod (7-point Gauss, 15-point Kronrod) quadrature in double with an error
// estimate: the interval with the largest |K15 − G7| is bisected until the sum of estimates meets
// the tolerance. Not for integrable singularities inside the interval (it will just run out of splits).
namespace Mnemos.Experiments.Theory;

/// <summary>∫ₐᵇ f with its estimated absolute error and the number of integrand calls.</summary>
internal readonly record struct QuadratureResult(double Value, double ErrorEstimate, int Evaluations, bool Converged);

/// <summary>Adaptive Gauss–Kronrod G7/K15 quadrature.</summary>
internal static class Quadrature
{
    // Kronrod abscissae on [−1, 1], non-negative half, descending; odd indices are the Gauss points.
    static readonly double[] Nodes =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ];

    static readonly double[] KronrodWeights =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    // Gauss weights for Nodes[1], Nodes[3], Nodes[5], Nodes[7].
    static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ];

    /// <summary>
    /// ∫ₐᵇ f(z) dz (b &lt; a gives the negated integral). Stops when the estimated error is below
    /// max(<paramref name="absoluteTolerance"/>, <paramref name="relativeTolerance"/>·|value|) or after
    /// <paramref name="maxIntervals"/> pieces (then <c>Converged</c> is false). Throws
    /// <see cref="ArithmeticException"/> naming z when f returns NaN or ±∞.
    /// </summary>
    public static QuadratureResult Integrate(Func<double, double> f, double a, double b,
        double absoluteTolerance = 1e-13, double relativeTolerance = 1e-12, int maxIntervals = 2000)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!double.IsFinite(a) || !double.IsFinite(b)) throw new ArgumentException($"integration limits [{a}, {b}]: must be finite");
        if (maxIntervals < 1) throw new ArgumentException($"maxIntervals {maxIntervals}: must be at least 1");
        if (a == b) return new QuadratureResult(0, 0, 0, true);
        if (b < a)
        {
            var flipped = Integrate(f, b, a, absoluteTolerance, relativeTolerance, maxIntervals);
            return flipped with { Value = -flipped.Value };
        }

        var pieces = new List<(double A, double B, double Value, double Error)>();
        var first = Kronrod(f, a, b);
        pieces.Add((a, b, first.Value, first.Error));
        int evaluations = 15;
        while (true)
        {
            double value = 0, error = 0;
            int worst = 0;
            for (int i = 0; i < pieces.Count; i++)
            {
                value += pieces[i].Value;
                error += pieces[i].Error;
                if (pieces[i].Error > pieces[worst].Error) worst = i;
            }
            double target = Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(value));
            if (error <= target) return new QuadratureResult(value, error, evaluations, true);
            if (pieces.Count >= maxIntervals) return new QuadratureResult(value, error, evaluations, false);
            var (lo, hi, _, _) = pieces[worst];
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) return new QuadratureResult(value, error, evaluations, false); // interval at double resolution
            var left = Kronrod(f, lo, mid);
            var right = Kronrod(f, mid, hi);
            evaluations += 30;
            pieces[worst] = (lo, mid, left.Value, left.Error);
            pieces.Add((mid, hi, right.Value, right.Error));
        }
    }

    // One G7/K15 panel on [a, b]: the Kronrod value and |K15 − G7|.
    static (double Value, double Error) Kronrod(Func<double, double> f, double a, double b)
    {
        double center = 0.5 * (a + b), half = 0.5 * (b - a);
        double fc = Evaluate(f, center);
        double kronrod = KronrodWeights[7] * fc, gauss = GaussWeights[3] * fc;
        for (int j = 0; j < 7; j++)
        {
            double dx = half * Nodes[j];
            double sum = Evaluate(f, center - dx) + Evaluate(f, center + dx);
            kronrod += KronrodWeights[j] * sum;
            if (j % 2 == 1) gauss += GaussWeights[j / 2] * sum;
        }
        return (kronrod * half, Math.Abs((kronrod - gauss) * half));
    }

    static double Evaluate(Func<double, double> f, double z)
    {
        double y = f(z);
        if (!double.IsFinite(y)) throw new ArithmeticException($"integrand is {y} at z = {z:R}");
        return y;
    }
}
