// The recovery benchmark (the study's 500-image memory and its 1-nearest-neighbour comparison, PNAS 2020; arXiv 1909.12362 v1): corrupt every stored example of an autoencoder
// memory, then ask whether the network's recall, the 1-nearest-neighbour rule and modern Hopfield
// retrieval each return the example the input came from. One record per corruption and level.
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>
/// Recovery at one corruption: counts out of <paramref name="Inputs"/> = examples × trials for the
/// network, 1-NN and modern Hopfield, the network's failures split by outcome (another stored
/// example, spurious, diverged, not converged: with the recovered they sum to Inputs), and chance = 1/n.
/// </summary>
internal sealed record RecoveryPoint(
    string Corruption, string Kind, double Level, int Inputs,
    int NetworkRecovered, int NearestNeighbourRecovered, int HopfieldRecovered,
    int OtherExample, int Spurious, int Diverged, int NotConverged, double Chance)
{
    public double NetworkRate => (double)NetworkRecovered / Inputs;
    public double NearestNeighbourRate => (double)NearestNeighbourRecovered / Inputs;
    public double HopfieldRate => (double)HopfieldRecovered / Inputs;
}

/// <summary>A recovery benchmark run: its settings and one <see cref="RecoveryPoint"/> per corruption, in the order given.</summary>
internal sealed record RecoveryReport(
    int Examples, int Dimension, string Shape, int Trials, ulong Seed, string Match,
    double HopfieldBeta, int HopfieldUpdates, double HopfieldMse, double Chance, IReadOnlyList<RecoveryPoint> Points);

/// <summary>Recovery of stored examples from corrupted copies, with the 1-NN and modern Hopfield baselines.</summary>
internal static class Recovery
{
    /// <summary>
    /// For each corruption, <see cref="RecoveryOptions.Trials"/> rounds; round t corrupts every
    /// stored example xᵢ (rows in order, drawing from <see cref="Stream"/>) and scores input i as
    /// recovered
    /// (a) by the network when recall ends at stored example i under the options' match criterion
    /// (<see cref="RecallScore.IsRecovered"/>, as the recall command scores);
    /// (b) by 1-NN when xᵢ is the stored example nearest to the input (ties to the lower index);
    /// (c) by modern Hopfield when xᵢ is the stored example nearest to its retrieval and the
    /// retrieval's mean squared error to xᵢ is below <see cref="RecoveryOptions.HopfieldMse"/>.
    /// <paramref name="finished"/> receives the running count of network recalls finished, out of
    /// corruptions × trials × examples.
    /// </summary>
    /// <exception cref="ArgumentException">The memory stores cycles, the shape does not fit, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    public static RecoveryReport Run(AssociativeMemory memory, IGemm gemm, IReadOnlyList<Corruption> corruptions, ImageShape shape,
        RecoveryOptions? options = null, IProgress<int>? finished = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(gemm);
        ArgumentNullException.ThrowIfNull(corruptions);
        options ??= new RecoveryOptions();
        options.Validate();
        if (memory.IsSequence)
            throw new ArgumentException($"the recovery benchmark needs an autoencoder memory; this one stores {memory.Cycles.Count} cycles");
        shape.Check(memory.Dimension);
        double chance = 1.0 / memory.Count;
        var points = new List<RecoveryPoint>(corruptions.Count);
        int done = 0;
        foreach (var corruption in corruptions)
        {
            ArgumentNullException.ThrowIfNull(corruption);
            var rng = Stream(corruption, options.Seed);
            var counts = new int[7];
            for (int t = 0; t < options.Trials; t++)
            {
                cancellation.ThrowIfCancellationRequested();
                var inputs = Corruptions.Apply(corruption, memory.Examples, shape, rng, options.Low, options.High);
                var progress = finished is null ? null : new Offset(finished, done);
                Score(memory, gemm, inputs, options, progress, cancellation, counts);
                done += inputs.Rows;
            }
            points.Add(new RecoveryPoint(corruption.Name, corruption.Kind, corruption.Level, memory.Count * options.Trials,
                counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], chance));
        }
        return new RecoveryReport(memory.Count, memory.Dimension, shape.ToString(), options.Trials, options.Seed,
            options.Recall.Match == MatchCriterion.Strict ? "strict" : "loose",
            options.HopfieldBeta, options.HopfieldUpdates, options.HopfieldMse, chance, points);
    }

    /// <summary>
    /// The random stream that corrupts for <paramref name="corruption"/>: seeded with
    /// <paramref name="seed"/> XOR the 64-bit FNV-1a hash of its UTF-16 name, so each corruption's
    /// inputs depend on the seed and its name only, not on its place in the list.
    /// </summary>
    public static Rng Stream(Corruption corruption, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        ulong hash = 14695981039346656037UL;
        foreach (char ch in corruption.Name) hash = (hash ^ ch) * 1099511628211UL;
        return new Rng(seed ^ hash);
    }

    /// <summary>Adds one round's counts: network, 1-NN, Hopfield recovered; other example, spurious, diverged, not converged.</summary>
    static void Score(AssociativeMemory memory, IGemm gemm, Matrix inputs, RecoveryOptions options,
        IProgress<int>? progress, CancellationToken cancellation, int[] counts)
    {
        var results = Dynamics.Recall.Run(memory, gemm, inputs, options.Recall, progress, cancellation);
        var nearest = NearestNeighbour.Recall(memory.Examples, inputs, gemm);
        var hopfield = ModernHopfield.Retrieve(memory.Examples, inputs, options.HopfieldBeta, options.HopfieldUpdates, gemm);
        for (int i = 0; i < inputs.Rows; i++)
        {
            var r = results[i];
            if (RecallScore.IsRecovered(memory, r, i)) counts[0]++;
            else if (r.ReachedStored) counts[3]++;
            if (nearest[i] == i) counts[1]++;
            if (hopfield.Nearest[i] == i
                && NearestNeighbour.SquaredDistance(hopfield.Points.Row(i), memory.Examples.Row(i)) / memory.Dimension < options.HopfieldMse)
                counts[2]++;
            if (r.Outcome is RecallOutcome.SpuriousFixedPoint or RecallOutcome.SpuriousCycle) counts[4]++;
            else if (r.Outcome == RecallOutcome.Diverged) counts[5]++;
            else if (r.Outcome == RecallOutcome.NotConverged) counts[6]++;
        }
    }

    sealed class Offset(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
