// The one store pipeline after training: locate the fixed point x̂ᵢ next to every stored example
// (Newton; a stored cycle by iteration), certify each by the spectrum of the Jacobian there, and
// decide its status (StoredMemory). `mnemos store`, `mnemos certify`, the demo and every experiment
// come through here, so "stored" and "attractor" mean one thing everywhere. Training itself (plain,
// staged, resumed, cached) stays the caller's.
using Mnemos.Kernels;

namespace Mnemos.Dynamics;

/// <summary>Builds a <see cref="StoredMemory"/> from a trained network and what it was trained to store.</summary>
internal static class MemoryBuilder
{
    /// <summary>
    /// Locates x̂ next to every stored example of <paramref name="memory"/> (its anchors are ignored)
    /// and assesses it (<see cref="Assess"/>). Examples are located and certified on up to
    /// <paramref name="threads"/> workers, each with a single-threaded GEMM of <paramref name="gemm"/>'s backend.
    /// </summary>
    public static StoredMemory Build(AssociativeMemory memory, IGemm gemm, int threads, CertifyOptions? options = null,
        IProgress<int>? certified = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        int[]? steps = null;
        if (memory.IsSequence) (memory, _) = CycleLocator.Locate(memory, gemm);
        else
        {
            (memory, var located) = memory.LocateFixedPoints(gemm, threads);
            steps = located.Select(p => p.Steps).ToArray();
        }
        cancellation.ThrowIfCancellationRequested();
        return Assess(memory, gemm, threads, options, steps, certified, cancellation);
    }

    /// <summary>
    /// The status of every stored unit of <paramref name="memory"/> at its anchors as they are (a
    /// memory file's saved x̂): certified there, then stored only if the anchor is a fixed point (a
    /// cycle point of f), within <see cref="StorageCriteria.OffsetBound"/> of its example, nearer its
    /// own example than any other, and shared with no other example. The returned memory carries ρ
    /// per example and which rows are stored, so recall matches stored examples only.
    /// </summary>
    public static StoredMemory Assess(AssociativeMemory memory, IGemm gemm, int threads, CertifyOptions? options = null,
        int[]? newtonSteps = null, IProgress<int>? certified = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(gemm);
        options ??= new CertifyOptions();
        var certificates = CertifyAll(memory, options, gemm.Backend, threads, certified, cancellation);
        var rows = RowChecks.Of(memory, gemm);
        var units = new StoredUnit[certificates.Length];
        for (int u = 0; u < units.Length; u++)
        {
            int[] unitRows = memory.IsSequence ? memory.Cycles[u] : [u];
            units[u] = Unit(u, unitRows, rows, certificates[u], newtonSteps?[u] ?? 0);
        }
        var stored = new bool[memory.Count];
        foreach (var unit in units)
            foreach (int row in unit.Rows) stored[row] = unit.IsStored;
        var result = memory.WithStoredRows(stored);
        if (!memory.IsSequence) result = result.WithSpectralRadii(certificates.Select(c => c.SpectralRadius).ToArray());
        return new StoredMemory(result, units);
    }

    // The eigensolver gives up on pathologically scaled Jacobians (a weight of −3.6e36 in a file, say).
    // No certificate is better than a wrong one: the whole run stops with one line naming the cause.
    static Certificate[] CertifyAll(AssociativeMemory memory, CertifyOptions options, GemmBackend backend, int threads,
        IProgress<int>? certified, CancellationToken cancellation)
    {
        try
        {
            return Certifier.All(memory, options, backend, threads, certified, cancellation);
        }
        catch (Linalg.ConvergenceException e)
        {
            float largest = 0;
            foreach (float p in memory.Map.Parameters) largest = Math.Max(largest, Math.Abs(p));
            throw new InvalidDataException(FormattableString.Invariant(
                $"cannot certify: the network's largest |parameter| is {largest:G3} and the eigenvalue solver failed ({e.Message})"), e);
        }
    }

    static StoredUnit Unit(int unit, int[] unitRows, RowChecks rows, Certificate certificate, int steps)
    {
        // The unit's worst point decides: the largest residual and offset, each against its own bound.
        int worstResidual = unitRows.MaxBy(r => rows.Residual[r] / rows.ResidualBound[r]);
        int worstOffset = unitRows.MaxBy(r => rows.Offset[r] / rows.OffsetBound[r]);
        var failure = StorageFailure.None;
        int other = -1;
        if (unitRows.Any(r => !(rows.Residual[r] <= rows.ResidualBound[r]))) failure = StorageFailure.NoFixedPoint;
        else if (unitRows.Any(r => !(rows.Offset[r] <= rows.OffsetBound[r]))) failure = StorageFailure.TooFar;
        else if (unitRows.FirstOrDefault(r => rows.NearerOther[r] >= 0, -1) is int near and >= 0) (failure, other) = (StorageFailure.NearerOther, rows.NearerOther[near]);
        else if (unitRows.FirstOrDefault(r => rows.SharedWith[r] >= 0, -1) is int shared and >= 0) (failure, other) = (StorageFailure.Shared, rows.SharedWith[shared]);
        var status = failure != StorageFailure.None ? StorageStatus.NotStored : certificate.Verdict switch
        {
            Verdict.Attractor => StorageStatus.StoredAttractor,
            Verdict.NotAttractor => StorageStatus.StoredNotAttractor,
            _ => StorageStatus.Undecided,
        };
        return new StoredUnit(unit, rows.Sequence, unitRows, status, failure, other,
            rows.Offset[worstOffset], rows.OffsetBound[worstOffset], rows.Residual[worstResidual], rows.ResidualBound[worstResidual],
            unitRows.Max(r => rows.TrainingResidual[r]), steps, certificate);
    }

    /// <summary>Per stored row: the numbers and neighbours the status is decided on.</summary>
    sealed class RowChecks
    {
        public required double[] Offset, OffsetBound, Residual, ResidualBound, TrainingResidual;
        public required int[] NearerOther, SharedWith;
        public required bool Sequence;

        // Row r's successor: itself (autoencoder) or the next point of its cycle.
        static int Next(AssociativeMemory memory, int r)
        {
            int c = memory.CycleOf[r];
            if (c < 0) return r;
            var cycle = memory.Cycles[c];
            return cycle[(memory.PhaseOf[r] + 1) % cycle.Length];
        }

        public static RowChecks Of(AssociativeMemory memory, IGemm gemm)
        {
            int n = memory.Count;
            var checks = new RowChecks
            {
                Offset = new double[n], OffsetBound = new double[n], Residual = new double[n], ResidualBound = new double[n],
                TrainingResidual = new double[n], NearerOther = new int[n], SharedWith = new int[n], Sequence = memory.IsSequence,
            };
            for (int r = 0; r < n; r++)
            {
                var x = memory.Examples.Row(r);
                var anchor = memory.Anchors.Row(r);
                int next = Next(memory, r);
                memory.Map.Residual(gemm, x, out var image);
                checks.TrainingResidual[r] = Math.Sqrt(VectorOps.SumSquaredDifference(image, memory.Examples.Row(next)));
                memory.Map.Residual(gemm, anchor, out image);
                checks.Residual[r] = Math.Sqrt(VectorOps.SumSquaredDifference(image, memory.Anchors.Row(next)));
                checks.ResidualBound[r] = StorageCriteria.ResidualBound(memory.Anchors.Row(next));
                checks.Offset[r] = Math.Sqrt(VectorOps.SumSquaredDifference(anchor, x));
                checks.OffsetBound[r] = StorageCriteria.OffsetBound(checks.TrainingResidual[r], x);
                checks.NearerOther[r] = FindNearerOther(memory, r, checks.Offset[r]);
                checks.SharedWith[r] = FindSharedWith(memory, r);
            }
            return checks;
        }

        // The first other example at least as near x̂ᵣ as its own example, or −1.
        static int FindNearerOther(AssociativeMemory memory, int r, double own)
        {
            double ownSquare = own * own;
            var anchor = memory.Anchors.Row(r);
            for (int j = 0; j < memory.Count; j++)
                if (j != r && VectorOps.SumSquaredDifference(anchor, memory.Examples.Row(j)) <= ownSquare) return j;
            return -1;
        }

        // The first other row whose located point is the same point as x̂ᵣ, or −1.
        static int FindSharedWith(AssociativeMemory memory, int r)
        {
            var anchor = memory.Anchors.Row(r);
            double bound = StorageCriteria.SharedDistance(anchor);
            for (int j = 0; j < memory.Count; j++)
                if (j != r && Math.Sqrt(VectorOps.SumSquaredDifference(anchor, memory.Anchors.Row(j))) < bound) return j;
            return -1;
        }
    }
}
