// Computes one basins-2d part in two cells: "<kind>-network" (training, the parameters stored bit
// for bit) and "<kind>-basins" (fixed points or cycles located and certified, the grid iterated and
// classified, Voronoi labels, the vector field). A rerun with the same settings reads both.
using System.Runtime.InteropServices;
using Mnemos.Dynamics;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments;

static class BasinMapper
{
    /// <summary>Float epsilons of ‖x̂ᵢ‖ allowed beyond 1e-7 when a grid cell's end point is matched to a stored point.</summary>
    public const double GridRoundingAllowance = 1000;

    // What decides the network: the cell settings of "<kind>-network".
    internal sealed record NetworkCell(string Kind, float[][] Points, int[][] Cycles, int Width, int Depth, string Activation,
        string Init, string Optimizer, ulong Seed, double TargetMse, long MaxEpochs);

    // What decides the map on top of the network: the cell settings of "<kind>-basins".
    internal sealed record GridCell(NetworkCell Network, int GridSize, int FieldSize, double Margin, int MaxSteps, double RoundingAllowance = GridRoundingAllowance);

    /// <summary>Trains (or reads) the network storing <paramref name="data"/> and maps its basins.</summary>
    public static BasinMap Run(ExperimentContext context, Basins2dSettings settings, string kind, Matrix data, int[][] cycles, ulong initSeed)
    {
        var setup = new TrainingSetup(settings.Spec, new InitScheme.PyTorch(), OptimizerSettings.Adam(settings.LearningRate), initSeed,
            Cycles: cycles.Length > 0 ? cycles : null);
        setup.Validate();
        var network = new NetworkCell(kind, Rows(data), cycles, settings.Width, settings.Depth, settings.Activation, setup.Init.Name,
            setup.Optimizer.Describe(), initSeed, settings.TargetMse, settings.MaxEpochs);
        var trained = context.Cells.GetOrCompute($"{kind}-network", network, () => Train(context, setup, data, settings, kind));
        var mlp = new Mlp(settings.Spec);
        if (trained.Parameters.Length != mlp.Parameters.Length * sizeof(float))
            throw new InvalidDataException($"cell {kind}-network holds {trained.Parameters.Length} bytes of parameters, the network needs {mlp.Parameters.Length * sizeof(float)}");
        MemoryMarshal.Cast<byte, float>(trained.Parameters).CopyTo(mlp.Parameters);
        var cell = new GridCell(network, settings.GridSize, settings.FieldSize, settings.Margin, settings.MaxSteps);
        return context.Cells.GetOrCompute($"{kind}-basins", cell, () => Map(context, settings, kind, mlp, data, cycles, trained.Training));
    }

    static TrainedNetwork Train(ExperimentContext context, TrainingSetup setup, Matrix data, Basins2dSettings settings, string kind)
    {
        var mlp = setup.CreateNetwork();
        var trainer = new Trainer(mlp, setup.Optimizer.Create(mlp.Parameters.Length), setup.CreateTask(data), context.Gemm);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        trainer.Progress += p =>
        {
            if (clock.Elapsed.TotalSeconds < 2) return;
            clock.Restart();
            context.Report(FormattableString.Invariant($"{kind}: training, epoch {p.Epoch}, MSE {Reports.HtmlReport.FormatNumber(p.Loss)}"));
        };
        var result = trainer.Run(new TrainerOptions { TargetMse = settings.TargetMse, MaxEpochs = settings.MaxEpochs, ProgressEvery = 500 }, context.Cancellation);
        if (result.Reason == StopReason.Cancelled) throw new OperationCanceledException(context.Cancellation);
        var training = new TrainingSummary(result.Reason.Key(), result.Epochs, result.FinalLoss, result.Elapsed.TotalSeconds);
        context.Report(FormattableString.Invariant($"{kind}: training {training.StopReason}, MSE {Reports.HtmlReport.FormatNumber(training.FinalMse)} after {training.Epochs} epochs in {training.Seconds:F1} s"));
        return new TrainedNetwork(MemoryMarshal.AsBytes(mlp.Parameters.AsSpan()).ToArray(), training);
    }

    static BasinMap Map(ExperimentContext context, Basins2dSettings settings, string kind, Mlp mlp, Matrix data, int[][] cycles, TrainingSummary training)
    {
        var gemm = context.Gemm;
        bool sequence = cycles.Length > 0;
        var points = Rows(data);
        // "Located" is the store pipeline's "stored" (a fixed point or cycle of f next to the point, its own).
        var assessed = MemoryBuilder.Build(new AssociativeMemory(mlp, data, sequence ? cycles : null), gemm, threads: 1, cancellation: context.Cancellation);
        var memory = assessed.Memory;
        int units = sequence ? cycles.Length : points.Length;
        var certificates = assessed.Units.Select(u => new UnitCertificate(u.Unit, u.IsStored, u.Certificate.SpectralRadius,
            Keys.Of(u.Certificate.Verdict), u.Residual, StoredMemory.Key(u.Status))).ToArray();

        var grid = PlaneGrid.Around(points, settings.GridSize, settings.Margin);
        // Periods up to the longest stored cycle (1 for the autoencoder, as in mnemos recall): a float map stalling within
        // rounding of a fixed point must not be read as a short cycle. A float32 attractor with ρ near 1 is pinned down only
        // to about ε‖x̂‖/(1 − ρ); the 2-D points have ‖x̂‖ ≤ ~1, so 1000 ε (about 1.2e-4) covers ρ up to ~0.98.
        var options = new RecallOptions { MaxSteps = settings.MaxSteps, MaxPeriod = memory.LongestCycle, RoundingAllowance = GridRoundingAllowance };
        context.Report(FormattableString.Invariant($"{kind}: iterating {grid.Count} grid cells (≤ {settings.MaxSteps} steps each)"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = Recall.Run(memory, gemm, grid.Centers(), options, new Tenths(context, kind, grid.Count), context.Cancellation);
        double seconds = clock.Elapsed.TotalSeconds;

        var labels = results.Select(Label).ToArray();
        int[] unitOf = sequence ? UnitOfPoint(cycles, points.Length) : Enumerable.Range(0, points.Length).ToArray();
        var voronoi = Voronoi2d.Labels(points, grid).Select(i => i < 0 ? i : unitOf[i]).ToArray();
        var counts = new Dictionary<string, int>();
        for (int u = 0; u < units; u++) counts[(sequence ? "cycle_" : "point_") + u] = 0;
        foreach (var (_, name) in BasinLabel.Others) counts[name] = 0;
        foreach (int label in labels) counts[label >= 0 ? (sequence ? "cycle_" : "point_") + label : BasinLabel.Others.First(o => o.Label == label).Name]++;
        double disagreement = labels.Where((label, i) => label != voronoi[i]).Count() / (double)labels.Length;
        var own = Enumerable.Range(0, units).Select(u =>
        {
            var p = points[sequence ? cycles[u][0] : u];
            int cell = grid.CellOf(p[0], p[1]);
            return cell < 0 ? BasinLabel.NotConverged : labels[cell];
        }).ToArray();

        var fieldGrid = grid with { Columns = settings.FieldSize, Rows = settings.FieldSize };
        var centers = fieldGrid.Centers();
        var images = mlp.Forward(gemm, centers.Data, new MlpWorkspace(mlp.Spec, centers.Rows)).ToArray();
        for (int i = 0; i < images.Length; i++) images[i] -= centers.Data[i];

        return new BasinMap(kind, points, cycles, Rows(memory.Anchors), grid, labels, voronoi, counts, disagreement, own, certificates,
            Spurious(results), fieldGrid, images, training, seconds, results.Max(r => r.Steps));
    }

    static int Label(RecallResult r) => r.Outcome switch
    {
        RecallOutcome.StoredExample => r.Example,
        RecallOutcome.StoredCycle => r.Cycle,
        RecallOutcome.SpuriousFixedPoint => BasinLabel.SpuriousFixedPoint,
        RecallOutcome.SpuriousCycle => BasinLabel.SpuriousCycle,
        RecallOutcome.Diverged => BasinLabel.Diverged,
        _ => BasinLabel.NotConverged,
    };

    // Spurious end points grouped within 1e-3 of each other (the first of a group stands for it), most cells first.
    static SpuriousAttractor[] Spurious(RecallResult[] results)
    {
        var groups = new List<(float[] Point, int Period, int Cells)>();
        foreach (var r in results.Where(r => r.Outcome is RecallOutcome.SpuriousFixedPoint or RecallOutcome.SpuriousCycle))
        {
            int g = groups.FindIndex(x => x.Period == r.Period && Math.Sqrt(Kernels.VectorOps.SumSquaredDifference(x.Point, r.EndPoint)) < 1e-3);
            if (g >= 0) groups[g] = (groups[g].Point, groups[g].Period, groups[g].Cells + 1);
            else groups.Add((r.EndPoint, r.Period, 1));
        }
        return groups.OrderByDescending(x => x.Cells).Take(50).Select(x => new SpuriousAttractor(x.Point[0], x.Point[1], x.Period, x.Cells)).ToArray();
    }

    static int[] UnitOfPoint(int[][] cycles, int count)
    {
        var unit = new int[count];
        for (int c = 0; c < cycles.Length; c++)
            foreach (int row in cycles[c]) unit[row] = c;
        return unit;
    }

    static float[][] Rows(Matrix m) => Enumerable.Range(0, m.Rows).Select(r => m.Row(r).ToArray()).ToArray();


    // Reports "<kind>: k/n cells settled" each time another tenth of the grid has finished.
    sealed class Tenths(ExperimentContext context, string kind, int total) : IProgress<int>
    {
        int reported;

        public void Report(int done)
        {
            int tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth <= reported) return;
            reported = tenth;
            context.Report($"{kind}: {done}/{total} cells settled");
        }
    }
}
