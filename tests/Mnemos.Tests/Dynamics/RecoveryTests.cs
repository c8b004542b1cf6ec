// The recovery benchmark on a map whose basins are known in closed form: f(x)ⱼ = σ(k(xⱼ − ½))
// sends each coordinate to (nearly) 0 or 1, so every binary vector is an attractor and a corrupted
// copy of stored pattern i comes back to i exactly when every coordinate stays on its side of ½.
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class RecoveryTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;
    static readonly ImageShape Shape = new(4, 4, 1);

    /// <summary>
    /// Four binary 4×4 patterns stored in f(x)ⱼ = σ(20(xⱼ − ½)), anchored at located fixed points;
    /// pattern 1 is pattern 0 with its left half off, so half:left carries pattern 0 onto pattern 1.
    /// </summary>
    static AssociativeMemory BinaryMemory()
    {
        const int D = 16;
        var mlp = new Mlp(new MlpSpec(D, D, 1, D, Activation.Sigmoid));
        for (int j = 0; j < D; j++)
        {
            mlp.Weight(0)[j * D + j] = 20;
            mlp.Bias(0)[j] = -10;
            mlp.Weight(1)[j * D + j] = 1;
        }
        var examples = new Matrix(4, D);
        var rng = new Rng(12);
        for (int i = 0; i < examples.Length; i++) examples.Data[i] = rng.NextDouble() < 0.5 ? 0 : 1;
        examples[0, 0] = 1;
        examples.Row(0).CopyTo(examples.Row(1));
        for (int y = 0; y < 4; y++) examples[1, y * 4] = examples[1, y * 4 + 1] = 0;
        return new AssociativeMemory(mlp, examples).LocateFixedPoints(Gemm).Memory;
    }

    static readonly string[] Specs =
        ["gaussian:0.2", "gaussian:0.45", "salt-pepper:0.25", "dropout:0.5", "squares:2:2", "half:left", "uniform:0.5"];

    [Fact]
    public void Counts_match_the_closed_form_basins_and_the_naive_baselines()
    {
        var memory = BinaryMemory();
        var options = new RecoveryOptions { Trials = 5, Seed = 3, HopfieldBeta = 4, HopfieldUpdates = 2 };
        var corruptions = Specs.Select(Corruption.Parse).ToArray();
        var report = Recovery.Run(memory, Gemm, corruptions, Shape, options);

        Assert.Equal(Specs, report.Points.Select(p => p.Corruption));
        foreach (var (point, corruption) in report.Points.Zip(corruptions))
        {
            int network = 0, other = 0, spurious = 0, nearest = 0, hopfield = 0;
            var rng = Recovery.Stream(corruption, options.Seed);
            for (int t = 0; t < options.Trials; t++)
            {
                var inputs = Corruptions.Apply(corruption, memory.Examples, Shape, rng);
                for (int i = 0; i < memory.Count; i++)
                {
                    var input = inputs.Row(i).ToArray();
                    var end = input.Select(v => v > 0.5f ? 1f : 0f).ToArray();
                    int landed = Enumerable.Range(0, memory.Count).FirstOrDefault(s => memory.Examples.Row(s).SequenceEqual(end), -1);
                    if (landed == i) network++;
                    else if (landed >= 0) other++;
                    else spurious++;

                    nearest += BaselinesTests.NaiveNearest(memory.Examples, input) == i ? 1 : 0;
                    var retrieved = BaselinesTests.NaiveHopfield(memory.Examples, input, options.HopfieldBeta, options.HopfieldUpdates);
                    double mse = retrieved.Select((v, k) => (v - memory.Examples[i, k]) * (v - memory.Examples[i, k])).Average();
                    var asFloat = retrieved.Select(v => (float)v).ToArray();
                    hopfield += BaselinesTests.NaiveNearest(memory.Examples, asFloat) == i && mse < 1e-2 ? 1 : 0;
                }
            }
            Assert.Equal((corruption.Kind, corruption.Level, 20), (point.Kind, point.Level, point.Inputs));
            Assert.Equal((network, other, spurious, 0, 0), (point.NetworkRecovered, point.OtherExample, point.Spurious, point.Diverged, point.NotConverged));
            Assert.Equal(nearest, point.NearestNeighbourRecovered);
            Assert.Equal(hopfield, point.HopfieldRecovered);
            Assert.Equal(network / 20.0, point.NetworkRate);
            Assert.Equal(0.25, point.Chance);
        }
        // The case discriminates: inputs are lost to spurious attractors and to the other pattern, some recovered.
        Assert.Contains(report.Points, p => p.Spurious > 0);
        Assert.Contains(report.Points, p => p.OtherExample > 0);
        Assert.Contains(report.Points, p => p.NetworkRecovered > 0 && p.NetworkRecovered < p.NearestNeighbourRecovered);
    }

    [Fact]
    public void A_corruption_draws_the_same_inputs_wherever_it_stands_in_the_list()
    {
        var memory = BinaryMemory();
        var options = new RecoveryOptions { Trials = 4, Seed = 9 };
        var salt = Corruption.Parse("salt-pepper:0.3");
        var alone = Recovery.Run(memory, Gemm, [salt], Shape, options);
        var second = Recovery.Run(memory, Gemm, [Corruption.Parse("gaussian:0.3"), salt], Shape, options);
        Assert.Equal(alone.Points[0], second.Points[1]);

        var a = Corruptions.Apply(salt, memory.Examples, Shape, Recovery.Stream(salt, 9));
        var b = Corruptions.Apply(salt, memory.Examples, Shape, Recovery.Stream(salt, 10));
        Assert.NotEqual(a.Data, b.Data);
    }

    [Fact]
    public void The_report_round_trips_through_json_with_rates()
    {
        var memory = BinaryMemory();
        var report = Recovery.Run(memory, Gemm, Corruptions.AtLevels(Corruption.Parse("dropout:0"), [0, 0.25]), Shape,
            new RecoveryOptions { Trials = 2, Recall = new RecallOptions { Match = MatchCriterion.Loose } });
        string json = JsonSerializer.Serialize(report);
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("Points")[0];
        Assert.Equal(1.0, first.GetProperty("NetworkRate").GetDouble()); // no corruption: every example is its own attractor
        Assert.Equal("loose", document.RootElement.GetProperty("Match").GetString());
        Assert.Equal("4x4x1", document.RootElement.GetProperty("Shape").GetString());

        var back = JsonSerializer.Deserialize<RecoveryReport>(json)!;
        Assert.Equal(report.Points, back.Points);
        Assert.Equal(report with { Points = back.Points }, back);
    }

    [Fact]
    public void Progress_counts_every_recall_and_cancellation_stops_the_run()
    {
        var memory = BinaryMemory();
        var reports = new List<int>();
        var corruptions = Specs.Take(3).Select(Corruption.Parse).ToArray();
        Recovery.Run(memory, Gemm, corruptions, Shape, new RecoveryOptions { Trials = 2 }, new SyncProgress(reports.Add));
        Assert.Equal(3 * 2 * 4, reports[^1]);
        Assert.Equal(reports.Order(), reports);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Recovery.Run(memory, Gemm, corruptions, Shape, cancellation: cancelled.Token));
    }

    [Fact]
    public void Sequence_memories_and_shapes_that_do_not_fit_are_refused()
    {
        var memory = BinaryMemory();
        var corruptions = new[] { Corruption.Parse("dropout:0.1") };
        var error = Assert.Throws<ArgumentException>(() => Recovery.Run(memory, Gemm, corruptions, new ImageShape(5, 5, 1)));
        Assert.Equal("example has 16 values but image shape 5x5x1 needs 25", error.Message);
        var sequence = new AssociativeMemory(memory.Model, memory.Examples, cycles: [[0, 1, 2, 3]]);
        error = Assert.Throws<ArgumentException>(() => Recovery.Run(sequence, Gemm, corruptions, Shape));
        Assert.Equal("the recovery benchmark needs an autoencoder memory; this one stores 1 cycles", error.Message);
        error = Assert.Throws<ArgumentException>(() => Recovery.Run(memory, Gemm, corruptions, Shape, new RecoveryOptions { Trials = 0 }));
        Assert.Equal("trials 0: must be at least 1", error.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline, in order.</summary>
    sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
