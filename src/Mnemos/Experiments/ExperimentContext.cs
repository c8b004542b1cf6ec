// Everything a running experiment may use: where to write, which preset, the seed, threads and
// GEMM, progress messages, cancellation, the cell store, and the settings it reports for run.json.
// An experiment that splits into cells runs each through Cell and calls CellsDone before its
// figures, so a runner can list the cells, run one of them, or report from cells computed elsewhere.
using Mnemos.Kernels;

namespace Mnemos.Experiments;

/// <summary>The environment of one experiment run. The caller owns (and disposes) <see cref="Gemm"/>.</summary>
public sealed class ExperimentContext
{
    readonly IProgress<string>? progress;
    readonly List<ExperimentCell> plan = [];
    readonly List<ExperimentCell> missing = [];
    string? target;

    public ExperimentContext(string outputFolder, ExperimentPreset preset, ulong seed, int threads, IGemm gemm,
        IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        ArgumentNullException.ThrowIfNull(gemm);
        if (threads < 1) throw new ArgumentException($"threads {threads}: must be at least 1");
        OutputFolder = Path.GetFullPath(outputFolder);
        Preset = preset;
        Seed = seed;
        Threads = threads;
        Gemm = gemm;
        this.progress = progress;
        Cancellation = cancellation;
        Cells = new CellStore(Path.Combine(OutputFolder, "cells"));
    }

    /// <summary>Absolute path of the run's folder (run.json, cells/, results, figures).</summary>
    public string OutputFolder { get; }
    public ExperimentPreset Preset { get; }

    /// <summary>The run's seed; experiments derive every random stream from it.</summary>
    public ulong Seed { get; }
    public int Threads { get; }
    public IGemm Gemm { get; }
    public CancellationToken Cancellation { get; }
    public CellStore Cells { get; }

    /// <summary>The experiment's resolved settings (set by <see cref="RecordSettings"/>), written to run.json.</summary>
    public object? Settings { get; private set; }

    /// <summary>Records the settings the run uses, for run.json.</summary>
    public void RecordSettings(object settings) => Settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Passes one line of progress to whoever watches (a terminal, a log, a test).</summary>
    public void Report(string message) => progress?.Report(message);

    /// <summary>What <see cref="Cell{T}"/> does: <see cref="CellMode.All"/> unless a runner set another mode.</summary>
    public CellMode Mode { get; private set; }

    /// <summary>The cells met so far, in the order the experiment visited them.</summary>
    public IReadOnlyList<ExperimentCell> Plan
    {
        get { lock (plan) return plan.ToArray(); }
    }

    /// <summary>In <see cref="CellMode.One"/>: whether the chosen cell was met and run.</summary>
    public bool TargetReached { get; private set; }

    /// <summary>Switches to <paramref name="mode"/> before the run; <paramref name="cellKey"/> names the cell of <see cref="CellMode.One"/>.</summary>
    public void SetMode(CellMode mode, string? cellKey = null)
    {
        if (mode == CellMode.One) ArgumentException.ThrowIfNullOrEmpty(cellKey);
        Mode = mode;
        target = mode == CellMode.One ? cellKey : null;
        // Listing computes nothing: a cell stored outside Cell then fails instead of running.
        Cells.ReadOnly = mode is CellMode.Report or CellMode.List;
    }

    /// <summary>
    /// One cell of the run: <paramref name="run"/> computes (or reads, through <see cref="Cells"/>)
    /// everything the cell <paramref name="key"/> stands for, and must not depend on other cells'
    /// results. In <see cref="CellMode.All"/> it simply runs. Otherwise it returns
    /// <c>default</c> for the cells it skips — every cell in <see cref="CellMode.List"/>, all but the
    /// chosen one in <see cref="CellMode.One"/>, those without files in <see cref="CellMode.Report"/> —
    /// and <see cref="CellsDone"/> then stops the run before any result is read, so code between
    /// cells may keep results but must not look into them. A key met twice throws.
    /// </summary>
    public T Cell<T>(string key, double? estimatedSeconds, Func<T> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(run);
        ExperimentCell cell;
        lock (plan)
        {
            if (plan.Any(c => c.Key == key)) throw new InvalidOperationException($"cell {key}: declared twice in one run");
            cell = new ExperimentCell(plan.Count, key, estimatedSeconds);
            plan.Add(cell);
        }
        switch (Mode)
        {
            case CellMode.List:
                return default!;
            case CellMode.One:
                if (key != target) return default!;
                TargetReached = true;
                return run();
            case CellMode.Report:
                try
                {
                    return run();
                }
                catch (CellMissingException)
                {
                    lock (missing) missing.Add(cell);
                    return default!;
                }
            default:
                return run();
        }
    }

    /// <summary>
    /// Marks the end of the cells: in <see cref="CellMode.List"/> and <see cref="CellMode.One"/> the
    /// run stops here; in <see cref="CellMode.Report"/> it stops with <see cref="MissingCellsException"/>
    /// when cells are missing; otherwise the experiment goes on to its figures and tables.
    /// </summary>
    public void CellsDone()
    {
        if (Mode is CellMode.List or CellMode.One) throw new CellsStopException();
        if (Mode == CellMode.Report)
            lock (missing)
                if (missing.Count > 0) throw new MissingCellsException(missing.OrderBy(c => c.Index).ToArray(), Plan.Count);
    }

    /// <summary>Absolute path of <paramref name="relativePath"/> inside the output folder, its folder created.</summary>
    public string PathOf(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(OutputFolder, relativePath));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
