// The independent check of TheorySolver: integrates the gradient-flow ODE of the theory's one-hidden-layer network
// directly with classical RK4, using neither the conservation law nor any root finding.
//   u̇ = e φ(v),  v̇ = e u φ′(v),  e = 1 − k u φ(v)      (loss ½(1 − k u φ(v))² = ½‖x − f(x)‖²)
namespace Mnemos.Experiments.Theory;

/// <summary>Where RK4 on the gradient flow stopped: u, v, time, steps, loss and k u φ′(v) v there.</summary>
internal sealed record FlowEnd(double U, double V, double Time, long Steps, double Loss, double Lambda);

/// <summary>Direct numerical integration of the theory's gradient flow.</summary>
internal static class GradientFlow
{
    /// <summary>
    /// RK4 from (u0, v0) until ½e² &lt; <paramref name="lossTarget"/>. The step is
    /// min(<paramref name="maxStep"/>, 0.1/r) with r = k(φ² + u²φ′²) the local decay rate of e, so
    /// the stiff end of the path stays stable. Throws <see cref="ArithmeticException"/> after
    /// <paramref name="maxSteps"/> steps or on a non-finite state.
    /// </summary>
    public static FlowEnd Integrate(ScalarActivation phi, int width, double u0, double v0,
        double lossTarget = 1e-14, double maxStep = 1e-2, long maxSteps = 20_000_000)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (width < 1) throw new ArgumentException($"width {width}: must be at least 1");
        if (!(lossTarget > 0)) throw new ArgumentException($"loss target {lossTarget}: must be positive");
        if (!(maxStep > 0)) throw new ArgumentException($"max step {maxStep}: must be positive");
        int k = width;
        double u = u0, v = v0, t = 0;
        for (long step = 0; ; step++)
        {
            double phiV = phi.Value(v), slope = phi.Derivative(v);
            double e = 1 - k * u * phiV;
            double loss = 0.5 * e * e;
            if (loss < lossTarget) return new FlowEnd(u, v, t, step, loss, k * u * slope * v);
            if (step >= maxSteps || !double.IsFinite(loss))
                throw new ArithmeticException($"gradient flow from u0 {u0}, v0 {v0} not converged after {step} steps (t = {t:G4}, u = {u:G6}, v = {v:G6}, loss {loss:G3})");
            double rate = k * (phiV * phiV + u * u * slope * slope);
            double h = Math.Min(maxStep, 0.1 / Math.Max(rate, 1e-300));
            var (du1, dv1) = Velocity(phi, k, u, v);
            var (du2, dv2) = Velocity(phi, k, u + 0.5 * h * du1, v + 0.5 * h * dv1);
            var (du3, dv3) = Velocity(phi, k, u + 0.5 * h * du2, v + 0.5 * h * dv2);
            var (du4, dv4) = Velocity(phi, k, u + h * du3, v + h * dv3);
            u += h / 6 * (du1 + 2 * du2 + 2 * du3 + du4);
            v += h / 6 * (dv1 + 2 * dv2 + 2 * dv3 + dv4);
            t += h;
        }
    }

    static (double Du, double Dv) Velocity(ScalarActivation phi, int k, double u, double v)
    {
        double e = 1 - k * u * phi.Value(v);
        return (e * phi.Value(v), e * u * phi.Derivative(v));
    }
}
