// Batched iteration x ← f(x) of many inputs at once (one forward pass per step for the whole
// batch), stopping each row on its own when it reaches a fixed point or a short cycle, stalls
// within float rounding of one, diverges, or runs out of steps. Finished rows are compacted away.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>How the iteration of one input ended.</summary>
internal enum IterationEnd
{
    /// <summary>Reached a fixed point (period 1) or a cycle of period p.</summary>
    Converged,
    /// <summary>The iterate became non-finite or its norm passed the divergence bound.</summary>
    Diverged,
    /// <summary>The step cap came first.</summary>
    NotConverged,
}

/// <summary>
/// The end of one input's iteration: the final iterate, the period found (1 = fixed point, 0 when
/// not converged), the number of applications of f, and the final step ‖fᵖ(x) − x‖₂.
/// </summary>
internal sealed record IterationResult(IterationEnd End, int Period, int Steps, double FinalStep, float[] EndPoint, IReadOnlyList<float[]> Trajectory);

/// <summary>Iterates a network map from a batch of inputs.</summary>
internal static class Iteration
{
    /// <summary>Iterates every row of <paramref name="inputs"/> under <paramref name="map"/>; results in row order.</summary>
    public static IterationResult[] Run(Mlp map, IGemm gemm, Matrix inputs, RecallOptions options,
        IProgress<int>? finished = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Run(new MlpMap(map), gemm, inputs, options, finished, cancellation);
    }

    /// <summary>Iterates every row of <paramref name="inputs"/> under <paramref name="map"/>; results in row order.</summary>
    public static IterationResult[] Run(IMemoryMap map, IGemm gemm, Matrix inputs, RecallOptions options,
        IProgress<int>? finished = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (inputs.Cols != map.Dimension)
            throw new ArgumentException($"inputs have {inputs.Cols} values per row but the model maps {map.Dimension}");
        using var forward = map.Batch(gemm);
        return new Batch(forward, inputs, options).Run(finished, cancellation);
    }

    sealed class Batch
    {
        readonly IBatchMap forward;
        readonly RecallOptions options;
        readonly int d, periods;
        readonly IterationResult?[] results;
        readonly List<float[]>?[] trajectories;
        int[] rows;             // original index of each batch row
        float[] current;        // [k × d]
        float[] history;        // [k × periods × d]: iterate t sits in slot t mod periods
        double[] best;          // smallest step seen per batch row
        int[] improvedAt;       // step at which best last halved
        float[] next;           // [k × d]: f(current)

        public Batch(IBatchMap forward, Matrix inputs, RecallOptions options)
        {
            this.forward = forward;
            this.options = options;
            d = inputs.Cols;
            periods = options.MaxPeriod;
            int n = inputs.Rows;
            results = new IterationResult?[n];
            trajectories = new List<float[]>?[n];
            rows = Enumerable.Range(0, n).ToArray();
            current = (float[])inputs.Data.Clone();
            history = new float[n * periods * d];
            for (int r = 0; r < n; r++)
            {
                inputs.Row(r).CopyTo(history.AsSpan(r * periods * d, d));
                if (options.TrajectoryEvery > 0) trajectories[r] = [inputs.Row(r).ToArray()];
            }
            best = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
            improvedAt = new int[n];
            next = new float[n * d];
        }

        public IterationResult[] Run(IProgress<int>? finished, CancellationToken cancellation)
        {
            int done = 0;
            for (int step = 1; rows.Length > 0; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                forward.Run(current, rows.Length, next);
                int active = 0;
                for (int r = 0; r < rows.Length; r++)
                {
                    if (results[rows[r]] is not null) continue; // finished, waiting for compaction
                    var y = next.AsSpan(r * d, d);
                    if (Settle(r, y, step) is { } result)
                    {
                        results[rows[r]] = result;
                        done++;
                        continue;
                    }
                    active++;
                    y.CopyTo(current.AsSpan(r * d, d));
                    y.CopyTo(history.AsSpan((r * periods + step % periods) * d, d));
                    if (options.TrajectoryEvery > 0 && step % options.TrajectoryEvery == 0) trajectories[rows[r]]!.Add(y.ToArray());
                }
                finished?.Report(done);
                if (active == 0 || active <= rows.Length * 3 / 4) Compact(active);
            }
            return results.Select(r => r!).ToArray();
        }

        // The end of row r after f produced y = x_step, or null while it keeps going.
        IterationResult? Settle(int r, ReadOnlySpan<float> y, int step)
        {
            double norm = 0;
            foreach (float v in y) norm += (double)v * v;
            if (!double.IsFinite(norm) || Math.Sqrt(norm) > options.DivergenceNorm)
                return End(r, IterationEnd.Diverged, 0, step, double.NaN, y);

            // Distance to x_{step−p} for each period p available so far; the smallest p under tolerance wins.
            double smallest = double.PositiveInfinity;
            int smallestPeriod = 1;
            for (int p = 1; p <= Math.Min(periods, step); p++)
            {
                double distance = Distance(y, history.AsSpan((r * periods + (step - p) % periods) * d, d));
                if (distance < options.Tolerance) return End(r, IterationEnd.Converged, p, step, distance, y);
                if (distance < smallest) (smallest, smallestPeriod) = (distance, p);
            }
            if (smallest < best[r] / 2)
            {
                best[r] = smallest;
                improvedAt[r] = step;
            }
            else if (step - improvedAt[r] >= options.StallWindow && smallest <= options.SettleTolerance)
                return End(r, IterationEnd.Converged, smallestPeriod, step, smallest, y);
            if (step >= options.MaxSteps) return End(r, IterationEnd.NotConverged, 0, step, smallest, y);
            return null;
        }

        IterationResult End(int r, IterationEnd end, int period, int steps, double finalStep, ReadOnlySpan<float> y)
        {
            var trajectory = trajectories[rows[r]];
            trajectory?.Add(y.ToArray());
            return new IterationResult(end, period, steps, finalStep, y.ToArray(), (IReadOnlyList<float[]>?)trajectory ?? []);
        }

        // Keeps only unfinished rows (done once a quarter of the batch has finished, so the cost stays linear).
        void Compact(int active)
        {
            var keep = new int[active];
            var newCurrent = new float[active * d];
            var newHistory = new float[active * periods * d];
            var newBest = new double[active];
            var newImproved = new int[active];
            int k = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                if (results[rows[r]] is not null) continue;
                keep[k] = rows[r];
                current.AsSpan(r * d, d).CopyTo(newCurrent.AsSpan(k * d, d));
                history.AsSpan(r * periods * d, periods * d).CopyTo(newHistory.AsSpan(k * periods * d, periods * d));
                newBest[k] = best[r];
                newImproved[k] = improvedAt[r];
                k++;
            }
            (rows, current, history, best, improvedAt) = (keep, newCurrent, newHistory, newBest, newImproved);
            next = new float[active * d];
        }

        static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Math.Sqrt(VectorOps.SumSquaredDifference(a, b));
    }
}
