// Networks whose dynamics are known in closed form, set weight by weight.
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Tests.Dynamics;

internal static class KnownMaps
{
    /// <summary>f(x) = W·x + b as a depth-0 network (W row-major d×d).</summary>
    public static Mlp Affine(float[] w, float[] b)
    {
        int d = b.Length;
        var mlp = new Mlp(new MlpSpec(d, d, 0, 1, Activation.Identity));
        w.CopyTo(mlp.Weight(0));
        b.CopyTo(mlp.Bias(0));
        return mlp;
    }

    /// <summary>f(x) = r·R(θ)·x in the plane: eigenvalues r·e^{±iθ}, fixed point 0.</summary>
    public static Mlp RotationScaling(double r, double theta) => Affine(
        [(float)(r * Math.Cos(theta)), (float)(-r * Math.Sin(theta)), (float)(r * Math.Sin(theta)), (float)(r * Math.Cos(theta))], [0, 0]);

    /// <summary>
    /// f(x) = 2·tanh(x) on the line: fixed points 0 (repelling, f′ = 2) and ±x* with x* = 2·tanh(x*)
    /// ≈ 1.915 (attracting, f′ = 2(1 − (x*/2)²)).
    /// </summary>
    public static Mlp DoubleTanh()
    {
        var mlp = new Mlp(new MlpSpec(1, 1, 1, 1, Activation.Tanh));
        mlp.Weight(0)[0] = 1;
        mlp.Weight(1)[0] = 2;
        return mlp;
    }

    /// <summary>The positive root of x = 2·tanh(x), by bisection in double.</summary>
    public static double DoubleTanhFixedPoint()
    {
        double lo = 1, hi = 3;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (2 * Math.Tanh(mid) - mid > 0) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// f(x) = P·σ(k·(x − ½)) in ℝ³ with P the cyclic shift e₁ → e₂ → e₃ → e₁: each coordinate is
    /// pushed towards 0 or 1 and rotated, so e₁, e₂, e₃ (approximately) form an attracting 3-cycle.
    /// </summary>
    public static Mlp ShiftedSigmoid(float k)
    {
        var mlp = new Mlp(new MlpSpec(3, 3, 1, 3, Activation.Sigmoid));
        var w0 = mlp.Weight(0);
        for (int i = 0; i < 3; i++) { w0[i * 3 + i] = k; mlp.Bias(0)[i] = -k / 2; }
        var w1 = mlp.Weight(1);
        for (int i = 0; i < 3; i++) w1[((i + 1) % 3) * 3 + i] = 1; // output i+1 takes hidden i
        return mlp;
    }
}
