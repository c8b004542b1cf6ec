// The cells of a run as a cluster sees them: each a unit of an experiment's work that can run alone
// (one Slurm array task), named by a key and numbered in the order the experiment visits them.
// How a run treats its cells (all, list, one, report) is the CellMode the runner puts in the context.
namespace Mnemos.Experiments;

/// <summary>
/// One cell of a run: its position in the run's order, its key and the seconds the preset allows it
/// where the preset says (the sweeps' training budget per cell), null where it does not.
/// </summary>
public sealed record ExperimentCell(int Index, string Key, double? EstimatedSeconds);

/// <summary>What <see cref="ExperimentContext.Cell{T}"/> does with each cell.</summary>
public enum CellMode
{
    /// <summary>Compute (or reuse) every cell, then build the figures and tables: a plain run.</summary>
    All,
    /// <summary>Name the cells and compute none; the run stops at <see cref="ExperimentContext.CellsDone"/>.</summary>
    List,
    /// <summary>Compute (or reuse) one cell and stop at <see cref="ExperimentContext.CellsDone"/>.</summary>
    One,
    /// <summary>Compute nothing: read every cell from its file, then build the figures and tables, or name the cells still missing.</summary>
    Report,
}

/// <summary>Thrown by a read-only <see cref="CellStore"/> for a cell it has no usable file of.</summary>
public sealed class CellMissingException(string key, string reason) : Exception($"cell {key}: not computed yet ({reason})")
{
    public string Key { get; } = key;
}

/// <summary>Thrown by <see cref="ExperimentRunner.Report"/> when cells are missing; the message names them.</summary>
public sealed class MissingCellsException(IReadOnlyList<ExperimentCell> missing, int total)
    : Exception($"{missing.Count} of {total} cells not finished: {string.Join(", ", missing.Select(c => $"{c.Index} {c.Key}"))}")
{
    public IReadOnlyList<ExperimentCell> Missing { get; } = missing;
}

// Ends a run in List or One mode at CellsDone, before the experiment builds its figures; the runner catches it.
sealed class CellsStopException() : Exception("the run's cells end here");
