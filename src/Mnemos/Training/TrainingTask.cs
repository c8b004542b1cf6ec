// What a network is trained to do: map each input row to a target row. Autoencoding maps every
// example to itself; sequence encoding maps each item of a cycle to the next, the last to the first.
using Mnemos.Tensors;

namespace Mnemos.Training;

/// <summary>Inputs and targets for full-batch interpolation, both [n × d].</summary>
internal sealed class TrainingTask
{
    TrainingTask(string kind, Matrix inputs, Matrix targets, IReadOnlyList<int[]> cycles)
    {
        Kind = kind;
        Inputs = inputs;
        Targets = targets;
        Cycles = cycles;
        ExampleRows = inputs.Rows;
    }

    /// <summary>"autoencode" or "sequence".</summary>
    public string Kind { get; }
    public Matrix Inputs { get; }
    public Matrix Targets { get; }

    /// <summary>For sequence encoding, each cycle as row indices into the data, in order; empty otherwise.</summary>
    public IReadOnlyList<int[]> Cycles { get; }

    /// <summary>Rows of <see cref="Inputs"/> in the batch: the examples, then any noisy copies.</summary>
    public int SampleCount => Inputs.Rows;

    /// <summary>The first rows of <see cref="Inputs"/>, one per example; the loss is measured on these.</summary>
    public int ExampleRows { get; private init; }

    /// <summary>Noisy copies after the examples (consolidation), or null.</summary>
    public NoisyCopies? Noise { get; private init; }

    /// <summary>
    /// This task's examples followed by <paramref name="copies"/> noisy copies of each input row in
    /// <paramref name="examples"/> (Gaussian, standard deviation <paramref name="sigma"/>), each
    /// trained to that row's target with total weight <paramref name="weight"/> (see <see cref="NoisyCopies"/>).
    /// </summary>
    public TrainingTask WithNoisyCopies(IReadOnlyList<int> examples, int copies, double sigma, double weight, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (copies < 1) throw new ArgumentException($"noisy copies per example {copies}: must be at least 1");
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentException($"noise σ {sigma}: must be a positive number");
        if (!(weight > 0) || !double.IsFinite(weight)) throw new ArgumentException($"noisy-copy weight {weight}: must be a positive number");
        if (examples.Count == 0) throw new ArgumentException("noisy copies: give at least one example");
        foreach (int e in examples)
            if ((uint)e >= (uint)ExampleRows) throw new ArgumentException($"noisy copy of row {e}: the task has {ExampleRows} examples");
        int n = ExampleRows, m = examples.Count * copies, d = Inputs.Cols;
        var inputs = new Matrix(n + m, d);
        var targets = new Matrix(n + m, Targets.Cols);
        Inputs.Data.AsSpan(0, n * d).CopyTo(inputs.Data);
        Targets.Data.AsSpan(0, n * Targets.Cols).CopyTo(targets.Data);
        var sources = new int[m];
        for (int k = 0; k < m; k++)
        {
            sources[k] = examples[k / copies];
            Targets.Row(sources[k]).CopyTo(targets.Row(n + k));
        }
        return new TrainingTask(Kind, inputs, targets, Cycles)
        {
            ExampleRows = n,
            Noise = new NoisyCopies(inputs, n, sources, sigma, weight, seed),
        };
    }

    /// <summary>f(xᵢ) = xᵢ for every row of <paramref name="data"/>.</summary>
    public static TrainingTask Autoencode(Matrix data)
    {
        CheckData(data);
        return new TrainingTask("autoencode", data, data, []);
    }

    /// <summary>
    /// f(x_{c[j]}) = x_{c[(j+1) mod len]} for each cycle c (row indices into <paramref name="data"/>).
    /// Every row must belong to exactly one cycle, so each input has one target.
    /// </summary>
    public static TrainingTask Sequence(Matrix data, IReadOnlyList<int[]> cycles)
    {
        CheckData(data);
        ArgumentNullException.ThrowIfNull(cycles);
        if (cycles.Count == 0) throw new ArgumentException("no cycles given: a sequence task needs at least one cycle");
        var seen = new bool[data.Rows];
        var inputs = new Matrix(data.Rows, data.Cols);
        var targets = new Matrix(data.Rows, data.Cols);
        int row = 0;
        for (int c = 0; c < cycles.Count; c++)
        {
            int[] cycle = cycles[c];
            if (cycle.Length == 0) throw new ArgumentException($"cycle {c} is empty");
            for (int j = 0; j < cycle.Length; j++)
            {
                int index = cycle[j];
                if ((uint)index >= (uint)data.Rows)
                    throw new ArgumentException($"cycle {c} refers to row {index}, but the data has {data.Rows} rows");
                if (seen[index]) throw new ArgumentException($"row {index} appears in more than one place of the cycles");
                seen[index] = true;
                data.Row(index).CopyTo(inputs.Row(row));
                data.Row(cycle[(j + 1) % cycle.Length]).CopyTo(targets.Row(row));
                row++;
            }
        }
        if (row != data.Rows)
            throw new ArgumentException($"cycles cover {row} of {data.Rows} rows: every row must be in a cycle");
        return new TrainingTask("sequence", inputs, targets, cycles.Select(c => (int[])c.Clone()).ToArray());
    }

    /// <summary>Consecutive rows grouped into cycles of <paramref name="cycleLength"/> (n must be a multiple).</summary>
    public static TrainingTask SequenceOfLength(Matrix data, int cycleLength)
    {
        CheckData(data);
        if (cycleLength < 1) throw new ArgumentException($"cycle length {cycleLength}: must be at least 1");
        if (data.Rows % cycleLength != 0)
            throw new ArgumentException($"cycle length {cycleLength} does not divide the {data.Rows} examples");
        var cycles = new int[data.Rows / cycleLength][];
        for (int c = 0; c < cycles.Length; c++) cycles[c] = Enumerable.Range(c * cycleLength, cycleLength).ToArray();
        return Sequence(data, cycles);
    }

    static void CheckData(Matrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0 || data.Cols == 0) throw new ArgumentException($"data is empty ({data.Rows}×{data.Cols})");
        foreach (float v in data.Data)
            if (!float.IsFinite(v)) throw new ArgumentException($"data contains a non-finite value ({v})");
    }
}
