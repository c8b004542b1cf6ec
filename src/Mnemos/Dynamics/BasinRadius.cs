// A certified basin radius per stored attractor: a Euclidean ball around x̂ every start in which is
// proved to converge under iteration of f (to the fixed point of f next to x̂). The argument is in
// docs/basin-radius.md; BasinBounds holds the bounds, this file searches the largest radius they prove.
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

/// <summary>Settings of the basin-radius certificate.</summary>
internal sealed record BasinOptions
{
    /// <summary>The reduced map must contract with factor ≤ 1 − this over the ball (slack for what the bounds leave out).</summary>
    public double ContractionMargin { get; init; } = 1e-2;

    /// <summary>
    /// τ, the float error allowed per forward pass, is this many times the error measured at x̂
    /// (‖fl(f(x̂)) − f(x̂)‖₂, f in double), and at least this many float epsilons of ‖f(x̂)‖₂.
    /// </summary>
    public double FloatErrorFactor { get; init; } = 4;

    /// <summary>Ratio of the nested balls that extend the contraction ball by the mean-value bound.</summary>
    public double ShellRatio { get; init; } = 1.0 / 32;

    /// <summary>Centre the proof at the double map's fixed point (Newton in double); off only to compare with the float centre.</summary>
    internal bool RefineCentre { get; init; } = true;

    public void Validate()
    {
        if (!(ContractionMargin is > 0 and < 1)) throw new ArgumentException($"contraction margin {ContractionMargin}: must be in (0, 1)");
        if (!(FloatErrorFactor >= 1) || !double.IsFinite(FloatErrorFactor)) throw new ArgumentException($"float error factor {FloatErrorFactor}: must be a finite number ≥ 1");
        if (!(ShellRatio is > 0 and <= 1)) throw new ArgumentException($"shell ratio {ShellRatio}: must be in (0, 1]");
    }
}

/// <summary>
/// The certified basin radius at a fixed point x̂ (a float fixed point; the proof is centred at the
/// double map's fixed point x* next to it, <paramref name="CentreShift"/> = ‖x* − x̂‖₂ away, and the
/// radii below are around x̂, shortened by that shift). <paramref name="ExactRadius"/>: every x with
/// ‖x − x̂‖₂ ≤ ExactRadius converges to x* under the exact map f. <paramref name="Radius"/> ≤ ExactRadius:
/// besides, every float iteration x_{k+1} = fl(f(x_k)) from there stays in the ball and ends within
/// <paramref name="Settle"/> of x* (0 when nothing is proved). The proof works on the hidden state
/// h = G(x) in the norm ‖·‖_P: <paramref name="Contraction"/> q ≥ ‖J_G(x*)·W_out‖_P;
/// <paramref name="ContractionRadius"/> ρ_J is the P-ball on which the exact reduced map contracts with
/// factor ≤ <paramref name="Lipschitz"/> &lt; 1; <paramref name="ReducedRadius"/> ρ ≥ ρ_J the ball
/// every point of which reaches it; <paramref name="EntryGain"/> ‖Lᵀ·J_G(x*)‖₂ carries a Euclidean
/// start into that norm; <paramref name="FloatStep"/> τ is the float error allowed per forward pass;
/// <paramref name="Offset"/> ‖f(x*) − x*‖₂ in double.
/// </summary>
internal sealed record BasinCertificate(
    double Radius, double ExactRadius, double Contraction, double Lipschitz, double ContractionRadius, double ReducedRadius,
    double EntryGain, double FloatStep, double Settle, double Offset, double CentreShift)
{
    /// <summary>No radius: the map has no hidden layer, or no contracting norm was found (ρ ≥ 1).</summary>
    public static BasinCertificate None(double contraction, double offset, double centreShift = double.NaN) =>
        new(0, 0, contraction, double.NaN, 0, 0, double.NaN, double.NaN, double.NaN, offset, centreShift);
}

/// <summary>Certified basin radii (Radhakrishnan, Belkin &amp; Uhler, PNAS 2020, Proposition 1, made quantitative).</summary>
internal static class BasinRadius
{
    /// <summary>Halvings of a bracket: 2⁻⁴⁰ relative, far below anything printed.</summary>
    const int Bisections = 40;

    /// <summary>Doublings tried when bracketing a radius (from 1e−12 to 1e48).</summary>
    const int Doublings = 200;

    const double SmallestRadius = 1e-12;

    /// <summary>Shells tried beyond ρ_J: (1 + 1/32)^500 ≈ 5e6, more than any bound stays useful for.</summary>
    const int MaxShells = 500;
    const double FloatEpsilon = 1.1920928955078125e-7; // 2⁻²³

    /// <summary>
    /// The certified radius at <paramref name="point"/> (a fixed point of <paramref name="map"/>, up
    /// to its residual). <paramref name="gemm"/> runs the float forward pass whose error sets τ;
    /// every bound is computed in double. Needs a map ℝᵈ → ℝᵈ with at least one hidden layer.
    /// </summary>
    public static BasinCertificate Certify(Mlp map, IGemm gemm, ReadOnlySpan<float> point, BasinOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(gemm);
        options ??= new BasinOptions();
        options.Validate();
        Check(map);
        if (point.Length != map.Spec.InputSize) throw new ArgumentException($"point has {point.Length} values, the map expects {map.Spec.InputSize}");
        return Certify(map, new DoubleMlp(map), gemm, point, Certifier.FixedPoint(map, gemm, point).SpectralRadius, options);
    }

    /// <summary>
    /// Radii of the units of <paramref name="stored"/> whose status is stored attractor (an
    /// autoencoder memory; others and every cycle get null), on up to <paramref name="threads"/> workers;
    /// with <paramref name="only"/>, of those units alone.
    /// </summary>
    public static BasinCertificate?[] All(StoredMemory stored, GemmBackend backend, int threads, BasinOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellation = default, IReadOnlyCollection<int>? only = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        options ??= new BasinOptions();
        options.Validate();
        var memory = stored.Memory;
        var result = new BasinCertificate?[stored.Units.Count];
        if (memory.IsSequence) return result;
        var mlp = memory.RequireMlp("a certified basin radius");
        Check(mlp);
        var net = new DoubleMlp(mlp);
        var todo = stored.Units.Where(u => u.Status == StorageStatus.StoredAttractor && (only is null || only.Contains(u.Unit))).Select(u => u.Unit).ToArray();
        int done = 0;
        GemmBackends.ParallelFor(todo.Length, threads, backend, (i, gemm) =>
        {
            int unit = todo[i];
            result[unit] = Certify(mlp, net, gemm, memory.Anchors.Row(unit), stored.Units[unit].Certificate.SpectralRadius, options);
            progress?.Report(Interlocked.Increment(ref done));
        }, cancellation);
        return result;
    }

    static void Check(Mlp map)
    {
        if (map.Spec.OutputSize != map.Spec.InputSize)
            throw new ArgumentException($"a basin needs a map R^d → R^d, this one maps {map.Spec.InputSize} → {map.Spec.OutputSize}");
        if (map.Spec.Depth < 1)
            throw new ArgumentException("a basin radius needs at least one hidden layer (depth 0 is affine: its basin is all of R^d or empty)");
    }

    static BasinCertificate Certify(Mlp map, DoubleMlp net, IGemm gemm, ReadOnlySpan<float> point, double rho, BasinOptions options)
    {
        var image = map.Forward(gemm, point, new MlpWorkspace(map.Spec, 1)).ToArray();
        var exact = net.LinearizeAt(point).Output;
        double floatError = 0, norm = 0;
        for (int i = 0; i < image.Length; i++)
        {
            floatError += (image[i] - exact[i]) * (image[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        double tau = options.FloatErrorFactor * Math.Max(Math.Sqrt(floatError), FloatEpsilon * Math.Sqrt(norm));
        var centre = options.RefineCentre ? DoubleFixedPoint.Refine(net, point) : DoubleFixedPoint.AsIs(net, point);
        BasinCertificate? best = null;
        // γ trades contraction for conditioning: ‖M‖_P < γ, but P stretches more as γ nears ρ(M).
        foreach (double fraction in ScaleFractions)
        {
            double gamma = rho + fraction * (1 - rho);
            if (!(gamma > rho)) continue;
            var c = Search(new BasinBounds(net, centre.Point, tau, gamma), options, tau, centre.Shift);
            if (best is null || (c.Radius, c.ExactRadius).CompareTo((best.Radius, best.ExactRadius)) > 0) best = c;
        }
        return best ?? BasinCertificate.None(rho, double.NaN);
    }

    /// <summary>Where γ sits between ρ(M̂) and 1 for the candidate norms.</summary>
    static readonly double[] ScaleFractions = [1, 0.5, 0.25];

    /// <summary>Iterations of s ↦ I_τ(s) that bound where float iterates end; each one is a valid bound.</summary>
    const int SettleIterations = 200;

    static BasinCertificate Search(BasinBounds bounds, BasinOptions options, double tau, double shift)
    {
        double q = bounds.Contraction, limit = 1 - options.ContractionMargin;
        if (bounds.Norm is null || !(q < limit)) return BasinCertificate.None(q, bounds.Offset, shift);

        // Exact map. ρ_J: the largest P-ball that G(x* + c + A·K_ρ) maps into itself with Lipschitz ≤ 1 − margin.
        bool Contracts(double rho)
        {
            var (img, lip) = bounds.Reduced(rho, withFloat: false);
            return lip <= limit && img <= rho;
        }
        double lo = SmallestRadius;
        int tries = 0;
        for (var (img, lip) = bounds.Reduced(lo, withFloat: false); !(lip <= limit && img <= lo) && lip <= limit && tries++ < Doublings;)
            (img, lip) = bounds.Reduced(lo *= 2, withFloat: false);
        if (!Contracts(lo)) return BasinCertificate.None(q, bounds.Offset, shift) with { FloatStep = tau, EntryGain = bounds.EntryGain };
        double rhoJ = LargestTrue(Contracts, lo);
        double rho = Shells(bounds, rhoJ, withFloat: false, options.ShellRatio);
        double exact = Math.Max(0, EntryRadius(bounds, rho) - shift);
        var result = new BasinCertificate(0, exact, q, bounds.Reduced(rhoJ, withFloat: false).Lipschitz, rhoJ, rho,
            bounds.EntryGain, tau, double.NaN, bounds.Offset, shift);

        // Float map: x_{k+1} = f(x_k) + ε_k, ‖ε_k‖ ≤ τ. I_τ(ρ) ≤ ρ keeps every float iterate from K_ρ in K_ρ;
        // then ‖h_k − ĥ‖_P ≤ s_k with s_0 = ρ, s_{k+1} = I_τ(s_k) (I_τ increasing), which falls to where they end.
        bool Stays(double s) => bounds.Image(s) <= s;
        lo = SmallestRadius;
        tries = 0;
        for (var (img, lip) = bounds.Reduced(lo); !(img <= lo) && lip <= 1 && tries++ < Doublings;) (img, lip) = bounds.Reduced(lo *= 2);
        if (!Stays(lo)) return result;
        double rhoF = LargestTrue(Stays, lo);
        double settle = rhoF;
        for (int k = 0; k < SettleIterations; k++)
        {
            double next = bounds.Image(settle);
            if (!(next < settle)) break;
            settle = next;
        }
        double floatRadius = Math.Max(0, EntryRadius(bounds, Shells(bounds, rhoF, withFloat: true, options.ShellRatio)) - shift);
        // x_k = A·h_{k−1} + b + ε: within ‖A L⁻ᵀ‖₂·s + τ of x* = A·ĥ + b (ĥ = G(x*), up to the residual).
        return result with { Radius = Math.Min(exact, floatRadius), Settle = bounds.OutputGain * settle + tau + bounds.Offset };
    }

    // Beyond a ball K_ρ: every point of K_next lands strictly inside K_current, so iterates step inwards.
    static double Shells(BasinBounds bounds, double rho, bool withFloat, double ratio)
    {
        for (int shell = 0; shell < MaxShells; shell++)
        {
            double next = rho * (1 + ratio);
            if (!(bounds.Image(next, withFloat) < rho)) break;
            rho = next;
        }
        return rho;
    }

    // r: the largest Euclidean ball around x* whose hidden image G(x) lies in ĥ + K_ρ.
    static double EntryRadius(BasinBounds bounds, double rho) =>
        bounds.Entry(SmallestRadius) <= rho ? LargestTrue(s => bounds.Entry(s) <= rho, SmallestRadius) : 0;

    // The largest x ≥ start with ok(x), for ok true at start and monotone (true then false): double, then bisect.
    static double LargestTrue(Func<double, bool> ok, double start)
    {
        double good = start, bad = start * 2;
        for (int i = 0; i < Doublings && ok(bad); i++) (good, bad) = (bad, bad * 2);
        if (ok(bad)) return good;
        for (int i = 0; i < Bisections; i++)
        {
            double mid = (good + bad) / 2;
            if (ok(mid)) good = mid; else bad = mid;
        }
        return good;
    }
}
