// the study's one-hidden-layer theory (PNAS 2020; arXiv 1909.12362 v1) solved for one hidden layer and one unit-norm example x, with W₁ = x uᵀ [d × k] and
// W₂ = v xᵀ [k × d], all uᵢ equal and all vᵢ equal, loss ½‖x − f(x)‖², f(x) = x Σᵢ uᵢφ(vᵢ).
// Gradient flow keeps that form: with e = 1 − k u φ(v),
//   u̇ = e φ(v),   v̇ = e u φ′(v)                                   (per hidden unit)
// so d/dt [u²/2 − ∫^v φ/φ′] = u e φ − (φ/φ′) e u φ′ = 0 wherever φ′ ≠ 0: the conservation law
// (u² − u0²)/2 = ∫_{v0}^{v} φ/φ′ dz. The flow stops where e = 0, i.e. u φ(v) = 1/k, and there
// J = x xᵀ · k u φ′(v) v, whose non-zero eigenvalue is λ₁ = φ′(v) v / φ(v).
namespace Mnemos.Experiments.Theory;

/// <summary>
/// Where gradient flow from (u0, v0) ends: u, v with u φ(v) = 1/k and λ₁ = φ′(v)v/φ(v).
/// <paramref name="ConservationResidual"/> is (u² − u0²)/2 − ∫_{v0}^{v} φ/φ′ at the answer;
/// <paramref name="CrossedZero"/> says the path went through u = 0 (where v turns back).
/// </summary>
internal sealed record TheorySolution(
    string Activation, int Width, double U0, double V0, double U, double V, double Lambda,
    double ConservationResidual, bool CrossedZero)
{
    /// <summary>|λ₁| &lt; 1: x attracts under iteration of f.</summary>
    public bool IsAttractor => Math.Abs(Lambda) < 1;
}

/// <summary>Interpolating weights of the theory's rank-1 form, not reached by training from a given start.</summary>
internal sealed record RankOneInterpolation(string Activation, int Width, double U, double V, double Lambda);

/// <summary>The scalar equations of the study's one-hidden-layer theory (PNAS 2020; arXiv 1909.12362 v1) and their corollaries.</summary>
internal static class TheorySolver
{
    /// <summary>Largest |v| the path search visits before giving up.</summary>
    public const double MaxAbsV = 40;

    // φ′ is sampled at this many points per step to find sign changes (φ/φ′ poles) before integrating.
    const int SlopeSamples = 16;

    /// <summary>
    /// Solves (u² − u0²)/2 = ∫_{v0}^{v} φ/φ′ dz, k u φ(v) = 1 on the branch gradient flow reaches.
    /// Throws <see cref="ArgumentException"/> with the place when the path meets φ′ = 0 (φ/φ′ blows up),
    /// starts at a stationary point, or leaves |v| ≤ <see cref="MaxAbsV"/> without interpolating.
    /// </summary>
    public static TheorySolution Solve(ScalarActivation phi, int width, double u0, double v0)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (width < 1) throw new ArgumentException($"width {width}: must be at least 1");
        if (!double.IsFinite(u0)) throw new ArgumentException($"u0 {u0}: must be a finite number");
        if (!double.IsFinite(v0) || Math.Abs(v0) > MaxAbsV) throw new ArgumentException($"v0 {v0}: must be a finite number with |v0| ≤ {MaxAbsV}");
        int k = width;
        double c = u0 * u0; // u² = c + 2G(v), G(v) = ∫_{v0}^{v} φ/φ′
        double e0 = 1 - k * u0 * phi.Value(v0);
        if (e0 == 0) return Finish(phi, k, u0, v0, v0, 0, false);

        // The flow's velocity is e·F with F = (φ(v), u φ′(v)), and along F, s = k u φ(v) has
        // ds/dτ = k(φ² + u²φ′²) ≥ 0. So the path follows the orbit of F forwards when e0 > 0 and
        // backwards when e0 < 0, s moves monotonically to 1, and the answer is the first point on
        // the orbit with s = 1 — not any other root of the two equations. On the orbit v moves
        // monotonically while u keeps its sign (v̇ has the sign of e·u·φ′); u can cross 0 only
        // while s goes through 0, i.e. at most once and only when e0 > 0. There v turns back.
        int sigma = Math.Sign(e0);
        int sign = u0 != 0 ? Math.Sign(u0) : Math.Sign(sigma * phi.Value(v0));
        if (sign == 0) throw new ArgumentException($"u0 = 0 and φ(v0) = 0 at v0 = {v0}: the gradient vanishes, training does not move");
        double v = v0, g = 0;
        bool crossed = false;
        while (true)
        {
            double slope = phi.Derivative(v);
            if (slope == 0) throw Pole(phi, v, v0);
            int dir = sigma * sign * Math.Sign(slope);
            double h = 1.0 / 32;
            while (true)
            {
                double next = v + dir * h;
                if (Math.Abs(next) > MaxAbsV)
                    throw new ArgumentException($"{phi.Name}, width {k}, u0 {u0}, v0 {v0}: no point with u φ(v) = 1/k on the gradient-flow path within |v| ≤ {MaxAbsV}");
                double pole = SlopeZero(phi, v, next, Math.Sign(slope));
                if (!double.IsNaN(pole))
                {
                    // φ/φ′ has a pole at z where φ′ = 0. Gradient flow cannot pass it (v̇ ∝ φ′), and
                    // the answer lies before it unless φ(z) = 0 too: approach it by halving steps.
                    if (Math.Abs(pole - v) < 1e-10) throw Pole(phi, pole, v0);
                    h = Math.Abs(pole - v) / 2;
                    next = v + dir * h;
                }
                double gNext;
                try { gNext = g + Potential(phi, v, next); }
                catch (ArithmeticException e)
                {
                    // Near a double zero of φ′ (cosid at −π/2 + 2πn) φ/φ′ grows without bound; the
                    // answer lies before it, so shorter steps find it. Only a hopeless step is an error.
                    if (h > 1e-9) { h /= 4; continue; }
                    throw new ArgumentException($"φ/φ′ of {phi.Name} cannot be integrated near z = {v:G6} on the gradient-flow path from v0 = {v0}: {e.Message}");
                }
                double end = next, gEnd = gNext;
                bool turns = c + 2 * gNext < 0;
                if (turns)
                {
                    double vFrom = v, gFrom = g;
                    end = RootFinder.Brent(z => c + 2 * (gFrom + Potential(phi, vFrom, z)), v, next).Value;
                    gEnd = -c / 2;
                }
                double mismatchEnd = Mismatch(phi, k, sign, c, gEnd, end);
                if (mismatchEnd == 0 || Math.Sign(mismatchEnd) == sigma)
                {
                    double vFrom = v, gFrom = g;
                    double root = RootFinder.Brent(z => Mismatch(phi, k, sign, c, gFrom + Potential(phi, vFrom, z), z), v, end).Value;
                    return Finish(phi, k, u0, v0, root, c, crossed);
                }
                if (turns)
                {
                    if (crossed || sigma < 0) throw new ArithmeticException($"u = 0 reached twice on the path from u0 {u0}, v0 {v0}: s is not monotone, φ or the quadrature misbehaves");
                    if (Math.Abs(phi.Value(end)) < 1e-12)
                        throw new ArgumentException($"{phi.Name}, u0 {u0}, v0 {v0}: the path runs into the stationary point u = 0, v = {end:G6} (φ(v) = 0); gradient flow stalls there");
                    crossed = true;
                    sign = -sign;
                    v = end;
                    g = gEnd;
                    break;
                }
                v = next;
                g = gNext;
                h = Math.Min(1.5 * h, 0.5);
            }
        }
    }

    /// <summary>∫_{from}^{to} φ(z)/φ′(z) dz by adaptive Gauss–Kronrod.</summary>
    public static double Potential(ScalarActivation phi, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(phi);
        var result = Quadrature.Integrate(z => phi.Value(z) / phi.Derivative(z), from, to);
        if (!result.Converged)
            throw new ArithmeticException($"∫φ/φ′ of {phi.Name} over [{from:G6}, {to:G6}] did not converge (error estimate {result.ErrorEstimate:G3})");
        return result.Value;
    }

    /// <summary>
    /// The cycle x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ on orthonormal examples with step i stored by its own block of
    /// units in the rank-1 form (see <see cref="Theory.CycleSpectrum"/>), block i ending at
    /// <paramref name="steps"/>[i]: Πλᵢ with λᵢ = φ′(vᵢ)vᵢ/φ(vᵢ) on x⁽⁰⁾, and Πcᵢ with
    /// cᵢ = φ′(0)vᵢ/φ(vᵢ) on the other n − 1 examples; ρ is the larger magnitude. the study's Theorem 4 (composed one-step networks) states only
    /// Πλᵢ. Throws <see cref="ArgumentException"/> when φ(0) ≠ 0 (no closed form: training mixes the
    /// blocks), when there are no steps, or when a step was solved for another activation.
    /// </summary>
    public static CycleSpectrum CycleSpectrum(ScalarActivation phi, IReadOnlyList<TheorySolution> steps)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(steps);
        Theory.CycleSpectrum.RequireZeroAtZero(phi);
        foreach (var step in steps)
            if (step.Activation != phi.Name) throw new ArgumentException($"a step solved for {step.Activation} in a cycle of {phi.Name}");
        double slopeAtZero = phi.Derivative(0);
        return Theory.CycleSpectrum.FromFactors(phi.Name, steps.Select(s => s.Lambda).ToArray(),
            steps.Select(s => slopeAtZero * s.V / phi.Value(s.V)).ToArray());
    }

    /// <summary>
    /// The study's corollary: weights u = 1/(k φ(v)) interpolate x for every v with φ(v) ≠ 0, and
    /// among them the one on a grid over |v| ≤ 10 whose |λ₁| is closest to
    /// <paramref name="targetMagnitude"/> (&gt; 1) has x repelling. Null when |λ₁| ≤ 1 on the whole grid (tanh).
    /// </summary>
    public static RankOneInterpolation? UnstableInterpolation(ScalarActivation phi, int width, double targetMagnitude = 2)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (width < 1) throw new ArgumentException($"width {width}: must be at least 1");
        if (!(targetMagnitude > 1) || !double.IsFinite(targetMagnitude)) throw new ArgumentException($"target |λ₁| {targetMagnitude}: must be a finite number above 1");
        double best = double.NaN, bestGap = double.PositiveInfinity;
        for (int i = -1000; i <= 1000; i++)
        {
            double v = i / 100.0, value = phi.Value(v);
            if (Math.Abs(value) < 1e-6) continue;
            double lambda = phi.Lambda(v);
            if (!(Math.Abs(lambda) > 1.01)) continue;
            double gap = Math.Abs(Math.Abs(lambda) - targetMagnitude);
            if (gap < bestGap) { bestGap = gap; best = v; }
        }
        if (double.IsNaN(best)) return null;
        return new RankOneInterpolation(phi.Name, width, 1 / (width * phi.Value(best)), best, phi.Lambda(best));
    }

    // s − 1 = k u φ(v) − 1 on the branch u = sign·√(c + 2G); negative of the flow's e.
    static double Mismatch(ScalarActivation phi, int k, int sign, double c, double g, double v) =>
        k * sign * Math.Sqrt(Math.Max(0, c + 2 * g)) * phi.Value(v) - 1;

    static TheorySolution Finish(ScalarActivation phi, int k, double u0, double v0, double v, double c, bool crossed)
    {
        double u = 1 / (k * phi.Value(v));
        double conservation = (u * u - c) / 2 - Potential(phi, v0, v);
        return new TheorySolution(phi.Name, k, u0, v0, u, v, phi.Lambda(v), conservation, crossed);
    }

    // The first zero of φ′ on [from, to] (a pole of φ/φ′), or NaN when φ′ keeps its sign there.
    static double SlopeZero(ScalarActivation phi, double from, double to, int sign)
    {
        double previous = from;
        for (int i = 1; i <= SlopeSamples; i++)
        {
            double z = from + (to - from) * i / SlopeSamples;
            double slope = phi.Derivative(z);
            if (Math.Sign(slope) != sign) return SignBoundary(phi, previous, z, sign);
            previous = z;
        }
        return double.NaN;
    }

    // Where φ′ stops having sign `sign` between good (it has) and bad (it has not), by bisection on
    // the predicate: φ′ may vanish on a whole half-line (relu), where every point is a root of φ′.
    static double SignBoundary(ScalarActivation phi, double good, double bad, int sign)
    {
        for (int i = 0; i < 200 && Math.Abs(bad - good) > 1e-13; i++)
        {
            double mid = 0.5 * (good + bad);
            if (Math.Sign(phi.Derivative(mid)) == sign) good = mid; else bad = mid;
        }
        return bad;
    }

    // z is known to about 1e-13; rounding keeps "z = 0" from printing as a tiny signed number.
    static ArgumentException Pole(ScalarActivation phi, double z, double v0) =>
        new($"φ/φ′ of {phi.Name} blows up at z = {Math.Round(z, 9) + 0.0:G6} (φ′ = 0) on the gradient-flow path from v0 = {v0}: the conservation law cannot be integrated there");
}
