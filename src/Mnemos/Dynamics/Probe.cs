// Probing for spurious attractors: iterate from many inputs (noise, held-out data, corrupted
// stored examples), then group the end points — stored example i, distinct spurious attractors
// (deduplicated by distance), diverged, not converged — and count inputs per stored example as an
// estimate of basin size.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>One distinct spurious attractor: a representative end point and how many inputs reached it.</summary>
public sealed record SpuriousAttractor(float[] Point, int Count, int Period, int NearestExample, double NearestDistance);

/// <summary>
/// Outcome counts of a probe; <see cref="PerExample"/>[i] inputs ended at stored example (or cycle
/// point) i, <see cref="ReachedStored"/> at any. Probe inputs come from no stored example: reaching
/// one is all a probe can tell.
/// </summary>
public sealed record ProbeReport(
    int Inputs, int[] PerExample, int ReachedStored, int SpuriousInputs, IReadOnlyList<SpuriousAttractor> Spurious,
    int Diverged, int NotConverged, RecallResult[] Results);

/// <summary>Input generators and the grouping of probe end points.</summary>
internal static class Probe
{
    /// <summary>Inputs uniform on [min, max] of the stored data, per the whole data range.</summary>
    public static Matrix Uniform(AssociativeMemory memory, int count, Rng rng)
    {
        float lo = memory.Examples.Data.Min(), hi = memory.Examples.Data.Max();
        if (lo == hi) (lo, hi) = (lo - 1, hi + 1);
        var inputs = new Matrix(count, memory.Dimension);
        rng.FillUniform(inputs.Data, lo, hi);
        return inputs;
    }

    /// <summary>Inputs ~ N(mean, variance) per entry (the study used variance 4 around 0).</summary>
    public static Matrix Gaussian(int dimension, int count, double variance, Rng rng, double mean = 0)
    {
        if (!(variance > 0)) throw new ArgumentException($"variance {variance}: must be positive");
        var inputs = new Matrix(count, dimension);
        rng.FillGaussian(inputs.Data, mean, Math.Sqrt(variance));
        return inputs;
    }

    /// <summary>Stored examples, cycled through, plus Gaussian noise of standard deviation <paramref name="sigma"/>.</summary>
    public static Matrix NoisyExamples(AssociativeMemory memory, int count, double sigma, Rng rng)
    {
        var inputs = new Matrix(count, memory.Dimension);
        for (int r = 0; r < count; r++)
        {
            var row = inputs.Row(r);
            memory.Examples.Row(r % memory.Count).CopyTo(row);
            for (int j = 0; j < row.Length; j++) row[j] += (float)(sigma * rng.Gaussian());
        }
        return inputs;
    }

    /// <summary>
    /// Recalls every input and groups the end points. Spurious end points closer than
    /// <paramref name="dedupeDistance"/> to an earlier one count as the same attractor.
    /// </summary>
    public static ProbeReport Run(AssociativeMemory memory, IGemm gemm, Matrix inputs, RecallOptions? options = null,
        double dedupeDistance = 1e-3, IProgress<int>? finished = null, CancellationToken cancellation = default)
    {
        if (!(dedupeDistance > 0)) throw new ArgumentException($"dedupe distance {dedupeDistance}: must be positive");
        var results = Recall.Run(memory, gemm, inputs, options, finished, cancellation);
        var perExample = new int[memory.Count];
        var spurious = new List<(float[] Point, int Count, int Period, int Nearest, double Distance)>();
        int reached = 0, spuriousInputs = 0, diverged = 0, notConverged = 0;
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case RecallOutcome.StoredExample or RecallOutcome.StoredCycle:
                    perExample[r.Example]++;
                    reached++;
                    break;
                case RecallOutcome.Diverged: diverged++; break;
                case RecallOutcome.NotConverged: notConverged++; break;
                default:
                    spuriousInputs++;
                    int match = spurious.FindIndex(s => s.Period == r.Period && Math.Sqrt(VectorOps.SumSquaredDifference(s.Point, r.EndPoint)) < dedupeDistance);
                    if (match >= 0) spurious[match] = spurious[match] with { Count = spurious[match].Count + 1 };
                    else spurious.Add((r.EndPoint, 1, r.Period, r.NearestExample, r.NearestDistance));
                    break;
            }
        }
        var attractors = spurious.OrderByDescending(s => s.Count)
            .Select(s => new SpuriousAttractor(s.Point, s.Count, s.Period, s.Nearest, s.Distance)).ToArray();
        return new ProbeReport(inputs.Rows, perExample, reached, spuriousInputs, attractors, diverged, notConverged, results);
    }
}
