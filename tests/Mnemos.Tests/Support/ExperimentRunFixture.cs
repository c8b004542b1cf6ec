// A class fixture for an experiment's tests: one run of the experiment (quick preset, seed 0) into a
// fresh temporary folder, made once for the class, with its run record and result.json as written.
// Run() again reruns into the same folder, which is how the tests see cells reused.
using Mnemos.Experiments;
using Mnemos.Kernels;

namespace Mnemos.Tests.Support;

public abstract class ExperimentRunFixture : IDisposable
{
    readonly TempDirectory folder = new();
    readonly int threads;

    /// <param name="resultFile">The experiment's result file name in its output folder.</param>
    /// <param name="threads">The context's thread count (the GEMM always runs on one).</param>
    protected ExperimentRunFixture(string resultFile, int threads = 1)
    {
        this.threads = threads;
        Record = Run();
        ResultJson = File.ReadAllText(FileIn(resultFile));
    }

    /// <summary>The experiment this fixture runs; called for the first run and for every rerun.</summary>
    private protected abstract IExperiment Create();

    public string Folder => folder.Path;
    public ExperimentRecord Record { get; }

    /// <summary>The run's result.json as written.</summary>
    public string ResultJson { get; }

    /// <summary>The path of a file in the run's folder.</summary>
    public string FileIn(string name) => folder.File(name);

    public ExperimentRecord Run()
    {
        using var gemm = new ManagedGemm(1);
        return ExperimentRunner.Run(Create(), new ExperimentContext(folder.Path, ExperimentPreset.Quick, seed: 0, threads: threads, gemm));
    }

    public virtual void Dispose()
    {
        folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
