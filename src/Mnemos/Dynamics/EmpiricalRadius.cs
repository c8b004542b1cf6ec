// An empirical basin radius per stored attractor, beside the certified one: along seeded random
// directions u (unit, Gaussian), the nearest start x̂ + t·u found that does not come back to x̂,
// by doubling t until a start fails and bisecting between the last start that came back and it.
// The smallest such t over the directions is an upper bound on the true Euclidean basin radius
// (a failing start exists there), so certified ≤ empirical must hold. Not a proof of anything else:
// along a ray the basin need not be an interval, and the scan sees only its grid.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>Settings of the empirical radius.</summary>
internal sealed record EmpiricalRadiusOptions
{
    public int Directions { get; init; } = 8;
    public ulong Seed { get; init; } = 1;

    /// <summary>A start not back within this many applications of f counts as not returning.</summary>
    public int MaxSteps { get; init; } = 2000;

    /// <summary>Halvings of the bracket [came back, did not]: 2⁻¹² relative.</summary>
    public int Bisections { get; init; } = 12;

    /// <summary>Doublings of t from the first trial before a direction is given up as unbounded (reported +∞).</summary>
    public int Doublings { get; init; } = 24;

    public void Validate()
    {
        if (Directions < 1) throw new ArgumentException($"empirical directions {Directions}: must be at least 1");
        if (MaxSteps < 1) throw new ArgumentException($"empirical max steps {MaxSteps}: must be at least 1");
        if (Bisections < 0 || Doublings < 1) throw new ArgumentException($"bisections {Bisections}, doublings {Doublings}: need ≥ 0 and ≥ 1");
    }
}

/// <summary>The empirical radius of one attractor: the smallest boundary distance over the directions, and each one.</summary>
internal sealed record EmpiricalBasin(double Radius, double[] Boundaries);

/// <summary>Empirical basin radii by iteration of f in float, with recall's divergence bound and strict distance.</summary>
internal static class EmpiricalRadius
{
    /// <summary>
    /// For every unit with a certificate in <paramref name="certified"/> (indexed like the units of
    /// <paramref name="stored"/>), the empirical radius; null elsewhere. A start comes back when an
    /// iterate enters x̂'s certified ball (proved to converge from there), or settles (step ≤ 1e−5·‖x‖)
    /// within 1e−4·(1 + ‖x̂‖) of x̂; it does not when it enters another attractor's
    /// certified ball, settles nearer another anchor, diverges, or uses up <see cref="EmpiricalRadiusOptions.MaxSteps"/>.
    /// </summary>
    public static EmpiricalBasin?[] All(StoredMemory stored, IGemm gemm, IReadOnlyList<BasinCertificate?> certified,
        EmpiricalRadiusOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(certified);
        options ??= new EmpiricalRadiusOptions();
        options.Validate();
        var memory = stored.Memory;
        int d = memory.Dimension, k = options.Directions;
        var units = Enumerable.Range(0, certified.Count).Where(u => certified[u] is not null).ToArray();
        var rng = new Rng(options.Seed);
        var probes = new List<Probe>();
        foreach (int u in units)
        {
            var anchor = memory.Anchors.Row(u);
            double norm = AnchorNorm(memory, u);
            double first = Math.Max(certified[u]!.Radius, 1e-3 * (1 + norm));
            for (int j = 0; j < k; j++) probes.Add(new Probe(u, Direction(rng, d), first));
        }
        var radii = certified.Select(c => c?.Radius ?? 0).ToArray();
        using var forward = new TiledForward(memory.RequireMlp("an empirical basin radius"), gemm);
        for (int round = 0; round < options.Doublings + options.Bisections + 1; round++)
        {
            var open = probes.Where(p => !p.Done(options)).ToArray();
            if (open.Length == 0) break;
            var starts = new Matrix(open.Length, d);
            for (int i = 0; i < open.Length; i++)
            {
                var anchor = memory.Anchors.Row(open[i].Unit);
                var row = starts.Row(i);
                for (int c = 0; c < d; c++) row[c] = (float)(anchor[c] + open[i].Next * open[i].Direction[c]);
            }
            var back = Returns(forward, memory, radii, starts, open.Select(p => p.Unit).ToArray(), options, cancellation);
            for (int i = 0; i < open.Length; i++) open[i].Record(back[i], options);
        }
        var result = new EmpiricalBasin?[certified.Count];
        foreach (int u in units)
        {
            var boundaries = probes.Where(p => p.Unit == u).Select(p => p.Boundary).ToArray();
            result[u] = new EmpiricalBasin(boundaries.Min(), boundaries);
        }
        return result;
    }

    static double[] Direction(Rng rng, int d)
    {
        var u = new double[d];
        double square = 0;
        for (int i = 0; i < d; i++) { u[i] = rng.Gaussian(); square += u[i] * u[i]; }
        double norm = Math.Sqrt(square);
        for (int i = 0; i < d; i++) u[i] /= norm;
        return u;
    }

    /// <summary>One direction from one attractor: the bracket [Good, Bad] on t and the next t to try.</summary>
    sealed class Probe(int unit, double[] direction, double first)
    {
        public int Unit { get; } = unit;
        public double[] Direction { get; } = direction;
        public double Next { get; private set; } = first;
        double good, bad = double.PositiveInfinity;
        int doublings, bisections;

        /// <summary>Midpoint of the bracket, or +∞ when no start along the direction failed.</summary>
        public double Boundary => double.IsPositiveInfinity(bad) ? bad : (good + bad) / 2;

        public bool Done(EmpiricalRadiusOptions o) => double.IsPositiveInfinity(bad) ? doublings > o.Doublings : bisections >= o.Bisections;

        public void Record(bool cameBack, EmpiricalRadiusOptions o)
        {
            if (cameBack) good = Next; else bad = Next;
            if (double.IsPositiveInfinity(bad)) { doublings++; Next *= 2; }
            else { bisections++; Next = (good + bad) / 2; }
        }
    }

    /// <summary>A step this small relative to ‖x‖ (≈ 8 float epsilons) means the iterate has settled.</summary>
    const double SettledStep = 1e-6;

    /// <summary>
    /// A settled iterate this near x̂ (relative to 1 + ‖x̂‖) is x̂'s own fixed point: float iterates of an
    /// attractor with ρ near 1 settle up to ~ε‖x̂‖/(1 − ρ) away, beyond recall's strict distance.
    /// </summary>
    const double SameFixedPoint = 1e-4;

    /// <summary>
    /// Near x̂, a step this small (≈ 80 float epsilons of ‖x‖) counts as settled: float iterates of the
    /// demo memory jitter at ~1e−5 about x̂ (a float cycle) and never reach <see cref="SettledStep"/>.
    /// </summary>
    const double JitterStep = 1e-5;

    static double AnchorNorm(AssociativeMemory memory, int row)
    {
        double square = 0;
        foreach (float v in memory.Anchors.Row(row)) square += (double)v * v;
        return Math.Sqrt(square);
    }

    // Iterates every start (row i from unit units[i]) and says which came back to its own x̂.
    static bool[] Returns(TiledForward forward, AssociativeMemory memory, double[] radii, Matrix starts, int[] units,
        EmpiricalRadiusOptions options, CancellationToken cancellation)
    {
        int d = starts.Cols;
        var verdict = new bool?[starts.Rows];
        var rows = Enumerable.Range(0, starts.Rows).ToArray();
        var current = (float[])starts.Data.Clone();
        var next = new float[current.Length];
        var recall = new RecallOptions();
        for (int step = 1; step <= options.MaxSteps && rows.Length > 0; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            forward.Run(current, rows.Length, next);
            var keep = new List<int>();
            for (int r = 0; r < rows.Length; r++)
            {
                var y = next.AsSpan(r * d, d);
                var x = current.AsSpan(r * d, d);
                int own = units[rows[r]];
                double ownDistance = Math.Sqrt(VectorOps.SumSquaredDifference(y, memory.Anchors.Row(own)));
                double norm = Math.Sqrt(VectorOps.SumSquaredDifference(y, new float[d]));
                double move = Math.Sqrt(VectorOps.SumSquaredDifference(y, x));
                if (ownDistance <= radii[own]) verdict[rows[r]] = true;
                else if (!double.IsFinite(norm) || norm > recall.DivergenceNorm) verdict[rows[r]] = false;
                else if (move <= JitterStep * Math.Max(1, norm) && ownDistance <= SameFixedPoint * (1 + AnchorNorm(memory, own)))
                    verdict[rows[r]] = true;
                else if (move <= SettledStep * Math.Max(1, norm) && Recall.Nearest(memory.Anchors, y).Index != own) verdict[rows[r]] = false;
                else if (InOtherBall(memory, radii, own, y)) verdict[rows[r]] = false;
                else keep.Add(r);
            }
            var nextCurrent = new float[keep.Count * d];
            for (int i = 0; i < keep.Count; i++) next.AsSpan(keep[i] * d, d).CopyTo(nextCurrent.AsSpan(i * d, d));
            rows = keep.Select(r => rows[r]).ToArray();
            current = nextCurrent;
            next = new float[current.Length];
        }
        return verdict.Select(v => v ?? false).ToArray();
    }

    static bool InOtherBall(AssociativeMemory memory, double[] radii, int own, ReadOnlySpan<float> y)
    {
        for (int j = 0; j < radii.Length; j++)
            if (j != own && radii[j] > 0 && VectorOps.SumSquaredDifference(y, memory.Anchors.Row(j)) <= radii[j] * radii[j]) return true;
        return false;
    }
}
