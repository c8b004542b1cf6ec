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
    }

    /// <summary>"autoencode" or "sequence".</summary>
    public string Kind { get; }
    public Matrix Inputs { get; }
    public Matrix Targets { get; }

    /// <summary>For sequence encoding, each cycle as row indices into the data, in order; empty otherwise.</summary>
    public IReadOnlyList<int[]> Cycles { get; }

    public int SampleCount => Inputs.Rows;

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
