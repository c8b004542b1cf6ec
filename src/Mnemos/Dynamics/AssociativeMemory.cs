// A trained network together with what it stores: examples (autoencoder) or cycles (sequence
// encoder), and the located fixed points x̂ᵢ next to each stored example, where recall end points
// are matched and certificates are taken (training to MSE 1e-8 leaves xᵢ about √(d·MSE) away).
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>Stored examples and the network that stores them.</summary>
public sealed class AssociativeMemory
{
    public AssociativeMemory(Mlp model, Matrix examples, IReadOnlyList<int[]>? cycles = null, Matrix? anchors = null)
        : this(new MlpMap(model), examples, cycles, anchors)
    {
    }

    /// <summary>A memory of any map (<see cref="MlpMap"/>, <see cref="UNetMap"/>).</summary>
    internal AssociativeMemory(IMemoryMap map, Matrix examples, IReadOnlyList<int[]>? cycles = null, Matrix? anchors = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Rows == 0) throw new ArgumentException("a memory needs at least one stored example");
        if (map.Mismatch(examples.Cols) is { } mismatch) throw new ArgumentException(mismatch);
        Map = map;
        Examples = examples;
        Cycles = cycles is { Count: > 0 } ? cycles.Select(c => (int[])c.Clone()).ToArray() : [];
        Anchors = anchors ?? examples;
        if (Anchors.Rows != examples.Rows || Anchors.Cols != examples.Cols)
            throw new ArgumentException($"fixed points are {Anchors.Rows}×{Anchors.Cols}, stored examples {examples.Rows}×{examples.Cols}");
        CycleOf = new int[examples.Rows];
        PhaseOf = new int[examples.Rows];
        Array.Fill(CycleOf, -1);
        // Every row in at most one cycle, once: a repeated row would make its successor ambiguous
        // (and 200,000 cycles on one row cost minutes for nothing).
        for (int c = 0; c < Cycles.Count; c++)
        {
            if (Cycles[c].Length == 0) throw new ArgumentException($"cycle {c} is empty");
            for (int j = 0; j < Cycles[c].Length; j++)
            {
                int row = Cycles[c][j];
                if ((uint)row >= (uint)examples.Rows) throw new ArgumentException($"cycle {c} refers to row {row} of {examples.Rows}");
                if (CycleOf[row] >= 0)
                    throw new ArgumentException(CycleOf[row] == c ? $"cycle {c} lists row {row} twice" : $"row {row} is in cycle {CycleOf[row]} and cycle {c}: every row belongs to at most one cycle");
                (CycleOf[row], PhaseOf[row]) = (c, j);
            }
        }
    }

    /// <summary>The fully connected network of this memory; a U-Net memory throws (<see cref="RequireMlp"/> says which feature).</summary>
    public Mlp Model => RequireMlp("AssociativeMemory.Model");

    /// <summary>The map f this memory iterates.</summary>
    internal IMemoryMap Map { get; }

    /// <summary>The Mlp, or <see cref="NotSupportedException"/> naming <paramref name="feature"/> when the memory is a U-Net.</summary>
    internal Mlp RequireMlp(string feature) => Map is MlpMap mlp ? mlp.Model
        : throw new NotSupportedException($"{feature} needs a fully connected memory; this one is a {Map.Architecture} memory");

    /// <summary>The stored examples xᵢ as given [n × d].</summary>
    public Matrix Examples { get; }

    /// <summary>
    /// The points recall is matched against and certification is done at: the fixed point x̂ᵢ
    /// located next to each xᵢ (autoencoder), or xᵢ itself until located.
    /// </summary>
    public Matrix Anchors { get; }

    /// <summary>For a sequence memory, each stored cycle as row indices in order; empty for an autoencoder.</summary>
    public IReadOnlyList<int[]> Cycles { get; }

    public bool IsSequence => Cycles.Count > 0;
    public int Count => Examples.Rows;
    public int Dimension => Examples.Cols;
    /// <summary>
    /// ρ(J_f(x̂ᵢ)) per stored example when certified (<see cref="WithSpectralRadii"/>), else null.
    /// Strict matching widens its rounding allowance by 1/(1 − ρᵢ) for attractors: float rounding
    /// of a few ε‖x‖ per step leaves the iterates of a map contracting by ρ within that over 1 − ρ
    /// of the exact fixed point, so slowly contracting attractors (ρ near 1) settle farther away.
    /// </summary>
    public IReadOnlyList<double>? SpectralRadii { get; private init; }

    /// <summary>This memory with ρ per stored example attached (from <see cref="Certifier"/>).</summary>
    public AssociativeMemory WithSpectralRadii(IReadOnlyList<double> radii)
    {
        ArgumentNullException.ThrowIfNull(radii);
        if (radii.Count != Count) throw new ArgumentException($"{radii.Count} spectral radii for {Count} stored examples");
        foreach (double r in radii)
            if (!(r >= 0) || !double.IsFinite(r)) throw new ArgumentException(FormattableString.Invariant($"spectral radius {r}: must be a finite number ≥ 0"));
        return new AssociativeMemory(Map, Examples, Cycles, Anchors) { SpectralRadii = radii.ToArray(), StoredRows = StoredRows };
    }

    /// <summary>
    /// Which rows are stored (<see cref="MemoryBuilder"/>'s statuses), or null when never assessed.
    /// Recall matches end points only against stored rows: an anchor that is not its example's own
    /// fixed point is where f settles, not a memory of anything.
    /// </summary>
    public IReadOnlyList<bool>? StoredRows { get; private init; }

    /// <summary>This memory with the rows that are stored marked (from <see cref="MemoryBuilder.Assess"/>).</summary>
    public AssociativeMemory WithStoredRows(IReadOnlyList<bool> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Count != Count) throw new ArgumentException($"{stored.Count} stored flags for {Count} stored examples");
        return new AssociativeMemory(Map, Examples, Cycles, Anchors) { SpectralRadii = SpectralRadii, StoredRows = stored.ToArray() };
    }

    /// <summary>Whether row <paramref name="row"/> counts as stored for recall (true when never assessed).</summary>
    public bool IsStored(int row) => StoredRows?[row] ?? true;

    internal int[] CycleOf { get; }
    internal int[] PhaseOf { get; }

    /// <summary>Longest stored cycle (1 for an autoencoder): the longest period recall looks for.</summary>
    public int LongestCycle => IsSequence ? Cycles.Max(c => c.Length) : 1;

    /// <summary>
    /// Locates x̂ᵢ next to every stored example by Newton's method (<see cref="IMemoryMap.Locate"/>; sequence memories
    /// keep their stored points) and returns the memory anchored there, with ‖x̂ᵢ − xᵢ‖ and ‖f(x̂ᵢ) − x̂ᵢ‖.
    /// With <paramref name="threads"/> &gt; 1 examples are located in parallel, each worker with its
    /// own single-threaded GEMM of <paramref name="gemm"/>'s backend (results do not depend on it).
    /// </summary>
    public (AssociativeMemory Memory, FixedPoint[] Located) LocateFixedPoints(IGemm gemm, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (IsSequence) return (this, []);
        var located = new FixedPoint[Count];
        if (threads == 1 || Count == 1)
        {
            for (int i = 0; i < Count; i++) located[i] = Map.Locate(gemm, Examples.Row(i));
        }
        else
        {
            GemmBackends.ParallelFor(Count, threads, gemm.Backend,
                (i, worker) => located[i] = Map.Locate(worker, Examples.Row(i)));
        }
        var anchors = new Matrix(Count, Dimension);
        for (int i = 0; i < Count; i++) located[i].Point.CopyTo(anchors.Row(i));
        return (new AssociativeMemory(Map, Examples, Cycles, anchors), located);
    }

    /// <summary>The points of stored cycle <paramref name="c"/> (anchors), in order.</summary>
    public float[][] CyclePoints(int c) => Cycles[c].Select(row => Anchors.Row(row).ToArray()).ToArray();
}
