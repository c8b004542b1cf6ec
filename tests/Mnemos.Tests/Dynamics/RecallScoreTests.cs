// RecallScore on memories whose endings are known by hand: recovered means back at the input's own
// example (or anywhere on its own cycle), never merely on some stored example; without the truth
// only endings are counted; the recovery benchmark scores the same way.
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class RecallScoreTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    static RecallResult[] RecallDiagonal() =>
        Recall.Run(KnownMemories.Diagonal(), Gemm, KnownMemories.DiagonalInputs(), new RecallOptions { MaxSteps = 50 });

    [Fact]
    public void The_known_maps_end_where_their_comments_say()
    {
        var d = RecallDiagonal();
        Assert.Equal([RecallOutcome.StoredExample, RecallOutcome.StoredExample, RecallOutcome.SpuriousFixedPoint, RecallOutcome.Diverged, RecallOutcome.NotConverged],
            d.Select(r => r.Outcome));
        Assert.Equal([0, 2, -1, -1, -1], d.Select(r => r.Example));
        Assert.Equal([1, 1, 1, 20, 50], d.Select(r => r.Steps));

        var p = Recall.Run(KnownMemories.Permutation(), Gemm, KnownMemories.PermutationInputs(), new RecallOptions { MaxSteps = 30 });
        Assert.Equal([RecallOutcome.StoredCycle, RecallOutcome.StoredCycle, RecallOutcome.StoredCycle, RecallOutcome.SpuriousCycle, RecallOutcome.NotConverged],
            p.Select(r => r.Outcome));
        Assert.Equal([(0, 0), (0, 1), (1, 0), (-1, -1), (-1, -1)], p.Select(r => (r.Cycle, r.Phase)));
        Assert.Equal([3, 3, 2, 3, 30], p.Select(r => r.Steps));
    }

    [Fact]
    public void An_input_ending_on_another_stored_example_is_not_recovered()
    {
        var memory = KnownMemories.Diagonal();
        var results = RecallDiagonal();
        // Input 1 came from example 1 but is example 2: it reaches a stored example, the wrong one.
        Assert.True(results[1].ReachedStored);
        Assert.False(RecallScore.IsRecovered(memory, results[1], 1));
        Assert.True(RecallScore.IsRecovered(memory, results[1], 2));
        Assert.True(RecallScore.IsRecovered(memory, results[0], 0));
        Assert.False(RecallScore.IsRecovered(memory, results[0], 1));

        var score = RecallScore.Of(memory, results, [0, 1, 0, 0, 1]);
        Assert.Equal([true, false, false, false, false], score.Correct);
        Assert.Equal((1, 1), (score.Recovered, score.OtherStored));
        Assert.Equal((5, 2, 1, 1, 1), (score.Inputs, score.ReachedStored, score.Spurious, score.Diverged, score.NotConverged));
        Assert.Equal([0, 1, 0, 0, 1], score.Targets);
    }

    [Fact]
    public void In_a_sequence_memory_any_phase_of_the_own_cycle_is_recovered_and_another_cycle_is_not()
    {
        var memory = KnownMemories.Permutation();
        var results = Recall.Run(memory, Gemm, KnownMemories.PermutationInputs(), new RecallOptions { MaxSteps = 30 });
        // Input 1 (e₁) ends at phase 1 of cycle 0: recovered for targets 0, 1 and 2, all on cycle 0.
        Assert.All(new[] { 0, 1, 2 }, t => Assert.True(RecallScore.IsRecovered(memory, results[1], t)));
        Assert.All(new[] { 3, 4 }, t => Assert.False(RecallScore.IsRecovered(memory, results[1], t)));

        var score = RecallScore.Of(memory, results, [0, 0, 1, 2, 3]);
        Assert.Equal([true, true, false, false, false], score.Correct);
        Assert.Equal((2, 1, 3), (score.Recovered, score.OtherStored, score.ReachedStored));
    }

    [Fact]
    public void Without_the_truth_only_endings_are_counted()
    {
        var score = RecallScore.Of(KnownMemories.Diagonal(), RecallDiagonal());
        Assert.False(score.HasTruth);
        Assert.Null(score.Targets);
        Assert.Null(score.Correct);
        Assert.Null(score.Recovered);
        Assert.Null(score.OtherStored);
        Assert.Equal((5, 2, 1, 1, 1), (score.Inputs, score.ReachedStored, score.Spurious, score.Diverged, score.NotConverged));
    }

    [Fact]
    public void Stored_targets_are_the_row_numbers_and_score_stored_inputs()
    {
        var memory = KnownMemories.Diagonal();
        Assert.Equal([0, 1, 2], RecallScore.StoredTargets(memory));
        var results = Recall.Run(memory, Gemm, memory.Examples);
        var score = RecallScore.Of(memory, results, RecallScore.StoredTargets(memory));
        Assert.Equal((3, 0), (score.Recovered, score.OtherStored));
    }

    [Fact]
    public void Targets_that_do_not_fit_are_refused_with_the_row_and_value()
    {
        var memory = KnownMemories.Diagonal();
        var results = RecallDiagonal();
        Assert.Equal("row 2 holds 3, but the memory stores 3 examples (0–2)",
            Assert.Throws<ArgumentException>(() => RecallScore.Of(memory, results, [0, 1, 3, 0, 0])).Message);
        Assert.Equal("4 targets for 5 inputs: expected one stored-example index per input row",
            Assert.Throws<ArgumentException>(() => RecallScore.Of(memory, results, [0, 1, 2, 0])).Message);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RecallScore.IsRecovered(memory, results[0], -1));
        Assert.StartsWith("target -1, but the memory stores 3 examples (0–2)", ex.Message);
    }

    [Fact]
    public void The_recovery_benchmark_counts_a_recall_onto_another_example_as_other_not_recovered()
    {
        // Under the identity every point is fixed. half:left sets columns 0–1 of the 4×2 image to 0:
        // example 0 (all ones) becomes example 1 (0,0,1,1 / 0,0,1,1), which the mask leaves as it is.
        var map = KnownMaps.Affine([.. Enumerable.Range(0, 64).Select(k => k % 9 == 0 ? 1f : 0f)], new float[8]);
        var examples = new Matrix(2, 8, [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
        var memory = new AssociativeMemory(map, examples);
        var report = Recovery.Run(memory, Gemm, [Corruption.Parse("half:left")], new ImageShape(4, 2, 1),
            new RecoveryOptions { Trials = 1, HopfieldUpdates = 1 });
        var point = Assert.Single(report.Points);
        Assert.Equal((1, 1, 0), (point.NetworkRecovered, point.OtherExample, point.Spurious));
    }
}
