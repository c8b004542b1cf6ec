// f on a large batch, for recall and probing: rows are cut into tiles small enough that a tile's
// activations stay in cache through every layer, and tiles are spread over workers that each own a
// single-threaded GEMM and workspace. Not for training (keeps no activations for backward).
using Mnemos.Kernels;

namespace Mnemos.Nn;

/// <summary>
/// Evaluates an <see cref="Mlp"/> on many rows at once, tile by tile on <see cref="Workers"/> threads.
/// Every output row is bitwise the row <see cref="Mlp.Forward"/> gives for the whole batch: the GEMM
/// computes each row with the same k order whatever the row count, and activations are element-wise.
/// One instance serves one caller at a time.
/// </summary>
internal sealed class TiledForward : IDisposable
{
    /// <summary>Rows per tile: 128 rows × width 256 × 4 B = 128 KiB per activation buffer.</summary>
    public const int DefaultTileRows = 128;

    readonly Mlp map;
    readonly IGemm[] gemms;
    readonly bool ownsGemms;
    readonly Dictionary<int, MlpWorkspace>[] workspaces;

    /// <summary>
    /// Tiles run on <paramref name="gemm"/>'s threads: a managed GEMM with t threads gives t workers,
    /// each with its own single-threaded managed GEMM; any other backend runs tiles one after another
    /// on <paramref name="gemm"/> itself (its own threading splits each product).
    /// </summary>
    public TiledForward(Mlp map, IGemm gemm, int tileRows = DefaultTileRows)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(gemm);
        if (tileRows < 1) throw new ArgumentOutOfRangeException(nameof(tileRows), tileRows, $"tile rows {tileRows}: must be at least 1");
        this.map = map;
        TileRows = tileRows;
        if (gemm is ManagedGemm { Threads: > 1 } managed)
        {
            gemms = Enumerable.Range(0, managed.Threads).Select(_ => (IGemm)new ManagedGemm(1)).ToArray();
            ownsGemms = true;
        }
        else
        {
            gemms = [gemm];
        }
        workspaces = gemms.Select(_ => new Dictionary<int, MlpWorkspace>()).ToArray();
    }

    public int TileRows { get; }

    public int Workers => gemms.Length;

    /// <summary>
    /// output [rows × OutputSize] = f(input [rows × InputSize]). <paramref name="output"/> must not
    /// overlap <paramref name="input"/>.
    /// </summary>
    public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output)
    {
        var spec = map.Spec;
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows {rows}: must be at least 0");
        if (input.Length != rows * spec.InputSize)
            throw new ArgumentException($"input has {input.Length} values, expected {rows}×{spec.InputSize}", nameof(input));
        if (output.Length != rows * spec.OutputSize)
            throw new ArgumentException($"output has {output.Length} values, expected {rows}×{spec.OutputSize}", nameof(output));

        int tiles = (rows + TileRows - 1) / TileRows;
        int next = -1;
        void Work(int worker)
        {
            for (int t = Interlocked.Increment(ref next); t < tiles; t = Interlocked.Increment(ref next))
            {
                int first = t * TileRows, count = Math.Min(TileRows, rows - first);
                var workspace = Workspace(worker, count);
                var y = map.Forward(gemms[worker], input.Span.Slice(first * spec.InputSize, count * spec.InputSize), workspace);
                y.CopyTo(output.Span.Slice(first * spec.OutputSize, count * spec.OutputSize));
            }
        }
        int workers = Math.Min(Workers, tiles);
        if (workers <= 1) Work(0);
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, Work);
    }

    MlpWorkspace Workspace(int worker, int count)
    {
        var cache = workspaces[worker];
        if (!cache.TryGetValue(count, out var workspace))
        {
            if (cache.Count > 2) cache.Clear(); // a full tile plus the odd remainder is all that repeats
            cache[count] = workspace = new MlpWorkspace(map.Spec, count);
        }
        return workspace;
    }

    public void Dispose()
    {
        if (!ownsGemms) return;
        foreach (var gemm in gemms) ((ManagedGemm)gemm).Dispose();
    }
}
