// How far φ strays from its tangent, and φ′ from its centre value, within β of a pre-activation ẑ:
// the per-unit nonlinearity that the basin-radius bounds propagate. Smooth activations use the largest
// |φ″| on [ẑ − β, ẑ + β] (exact on the interval for cosid, sinusoid, tanh and sigmoid; the global
// maximum for swish and selu's negative side); relu, leaky_relu and selu add their jump in φ′ at 0.
using Mnemos.Kernels;

namespace Mnemos.Dynamics;

static class SlopeBounds
{
    /// <summary>
    /// sup over |δ| ≤ β of |φ′(ẑ + δ) − φ′(ẑ)|: β·max|φ″| on the interval, plus the jump of φ′ at 0 when
    /// the interval reaches 0 (relu, leaky_relu, selu).
    /// </summary>
    public static double SlopeDeviation(Activation activation, double z, double beta) =>
        beta * Curvature(activation, z - beta, z + beta) + (Reaches0(z, beta) ? Jump(activation) : 0);

    /// <summary>
    /// sup over |δ| ≤ β of |φ(ẑ + δ) − φ(ẑ) − φ′(ẑ)·δ|: Taylor's β²/2·max|φ″| where φ′ is continuous on the
    /// interval; across a jump of φ′ the integral of the slope deviation, β·<see cref="SlopeDeviation"/>.
    /// </summary>
    public static double Remainder(Activation activation, double z, double beta) =>
        Reaches0(z, beta) && Jump(activation) > 0
            ? beta * SlopeDeviation(activation, z, beta)
            : beta * beta / 2 * Curvature(activation, z - beta, z + beta);

    static bool Reaches0(double z, double beta) => Math.Abs(z) <= beta;

    /// <summary>|φ′(0⁺) − φ′(0⁻)|: 1 for relu, 1 − a for leaky_relu, λ(1 − α) for selu, else 0.</summary>
    public static double Jump(Activation activation) => activation switch
    {
        Activation.Relu => 1,
        Activation.LeakyRelu => 1 - Activations.LeakySlope,
        Activation.Selu => Math.Abs(Activations.SeluScale - Activations.SeluScale * Activations.SeluAlpha),
        _ => 0,
    };

    /// <summary>An upper bound on |φ″(t)| for t in [lo, hi] (away from a jump of φ′).</summary>
    public static double Curvature(Activation activation, double lo, double hi) => activation switch
    {
        Activation.Identity or Activation.Relu or Activation.LeakyRelu => 0,
        Activation.Selu => lo >= 0 ? 0 : Activations.SeluScale * Activations.SeluAlpha * Math.Exp(Math.Min(hi, 0)),
        Activation.Swish => SwishCurvature,
        Activation.Cosid => AbsCosMax(lo, hi),                 // φ″ = −cos t
        Activation.Sinusoid => 20 * AbsCosMax(10 * lo - Math.PI / 2, 10 * hi - Math.PI / 2), // φ″ = −20 sin 10t
        Activation.Tanh => Unimodal(lo, hi, TanhPeak, t => { double y = Math.Tanh(t); return 2 * Math.Abs(y) * (1 - y * y); }),
        Activation.Sigmoid => Unimodal(lo, hi, SigmoidPeak, t => { double s = 1 / (1 + Math.Exp(-t)); return s * (1 - s) * Math.Abs(1 - 2 * s); }),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>max |φ″| of swish, at t = 0: φ″ = σ′(t)·(2 + t(1 − 2σ(t))), 0.5 there.</summary>
    public const double SwishCurvature = 0.5;

    /// <summary>|tanh″| = 2|y|(1 − y²) peaks where y² = 1/3: t = atanh(1/√3).</summary>
    static readonly double TanhPeak = Math.Atanh(1 / Math.Sqrt(3));

    /// <summary>|σ″| = σ(1 − σ)|1 − 2σ| peaks at t = ln(2 + √3).</summary>
    static readonly double SigmoidPeak = Math.Log(2 + Math.Sqrt(3));

    // max of an even g(|t|) that rises on [0, peak] and falls after it, over [lo, hi].
    static double Unimodal(double lo, double hi, double peak, Func<double, double> g)
    {
        double near = lo <= 0 && hi >= 0 ? 0 : Math.Min(Math.Abs(lo), Math.Abs(hi));
        double far = Math.Max(Math.Abs(lo), Math.Abs(hi));
        return near <= peak && peak <= far ? g(peak) : Math.Max(g(near), g(far));
    }

    // max |cos t| over [lo, hi]: 1 when the interval holds a multiple of π.
    static double AbsCosMax(double lo, double hi)
    {
        if (hi - lo >= Math.PI || Math.Floor(hi / Math.PI) > Math.Floor(lo / Math.PI) || lo % Math.PI == 0) return 1;
        return Math.Max(Math.Abs(Math.Cos(lo)), Math.Abs(Math.Cos(hi)));
    }
}
