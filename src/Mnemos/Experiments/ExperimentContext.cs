// Everything a running experiment may use: where to write, which preset, the seed, threads and
// GEMM, progress messages, cancellation, the cell store, and the settings it reports for run.json.
using Mnemos.Kernels;

namespace Mnemos.Experiments;

/// <summary>The environment of one experiment run. The caller owns (and disposes) <see cref="Gemm"/>.</summary>
public sealed class ExperimentContext
{
    readonly IProgress<string>? progress;

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

    /// <summary>Absolute path of <paramref name="relativePath"/> inside the output folder, its folder created.</summary>
    public string PathOf(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(OutputFolder, relativePath));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
