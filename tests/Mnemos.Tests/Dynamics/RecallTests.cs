// Recall on maps whose behaviour is known: step counts of a contraction, a spurious attractor of
// 2·tanh, a 3-cycle with its period and phase, divergence, and no convergence within the cap.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;

namespace Mnemos.Tests.Dynamics;

public class RecallTests
{
    static readonly IGemm Gemm = ReferenceGemm.Instance;

    [Fact]
    public void Halving_map_converges_in_the_predicted_number_of_steps()
    {
        // f(x) = x/2: iterates are exact in float, the step x_k − x_{k−1} has norm 2^−k·‖x₀‖.
        var memory = new AssociativeMemory(KnownMaps.Affine([0.5f, 0, 0, 0.5f], [0, 0]), new Matrix(1, 2));
        var inputs = new Matrix(2, 2, [1f, 0.5f, -3f, 4f]);
        var results = Recall.Run(memory, Gemm, inputs);

        for (int r = 0; r < 2; r++)
        {
            double norm = Math.Sqrt(inputs[r, 0] * inputs[r, 0] + inputs[r, 1] * inputs[r, 1]);
            int expected = (int)Math.Floor(Math.Log2(norm / 1e-8)) + 1; // first k with 2^−k·‖x₀‖ < 1e-8
            Assert.Equal(RecallOutcome.StoredExample, results[r].Outcome);
            Assert.Equal(expected, results[r].Steps);
            Assert.Equal(norm * Math.Pow(2, -expected), results[r].FinalStep, 1e-15);
        }
    }

    [Fact]
    public void Rotation_contraction_needs_log_tol_over_log_r_steps()
    {
        double r = 0.9;
        var memory = new AssociativeMemory(KnownMaps.RotationScaling(r, 0.3), new Matrix(1, 2));
        var result = Recall.Run(memory, Gemm, new Matrix(1, 2, [1f, 0f]))[0];
        // ‖x_k − x_{k−1}‖ = r^{k−1}·‖(rR − I)x₀‖ shrinks by r per step.
        double first = Math.Sqrt(Math.Pow(r * Math.Cos(0.3) - 1, 2) + Math.Pow(r * Math.Sin(0.3), 2));
        int predicted = (int)Math.Floor(Math.Log(1e-8 / first) / Math.Log(r)) + 1 + 1;
        Assert.Equal(RecallOutcome.StoredExample, result.Outcome);
        Assert.InRange(result.Steps, predicted - 1, predicted + 1); // float rounding of the last steps
    }

    [Fact]
    public void Two_tanh_has_a_spurious_attractor_at_the_mirror_of_the_stored_one()
    {
        float star = (float)KnownMaps.DoubleTanhFixedPoint();
        var memory = new AssociativeMemory(KnownMaps.DoubleTanh(), new Matrix(1, 1, [star]))
            .LocateFixedPoints(Gemm).Memory;
        var results = Recall.Run(memory, Gemm, new Matrix(4, 1, [0.3f, 2.5f, -0.2f, -4f]));

        Assert.Equal(RecallOutcome.StoredExample, results[0].Outcome);
        Assert.Equal(RecallOutcome.StoredExample, results[1].Outcome);
        Assert.Equal(RecallOutcome.SpuriousFixedPoint, results[2].Outcome);
        Assert.Equal(RecallOutcome.SpuriousFixedPoint, results[3].Outcome);
        Assert.Equal(-star, results[2].EndPoint[0], 1e-5);
    }

    [Fact]
    public void Shifted_sigmoid_recalls_the_three_cycle_with_period_and_phase()
    {
        var map = KnownMaps.ShiftedSigmoid(20);
        // The exact cycle points: iterate from e₁ until it repeats.
        var points = new Matrix(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var memory = new AssociativeMemory(map, points, cycles: [[0, 1, 2]]);
        var inputs = new Matrix(2, 3, [0.8f, 0.3f, 0.1f, 0.2f, 0.1f, 0.9f]);
        var results = Recall.Run(memory, Gemm, inputs, new RecallOptions { Match = MatchCriterion.Loose });

        Assert.All(results, r => Assert.Equal(RecallOutcome.StoredCycle, r.Outcome));
        Assert.All(results, r => Assert.Equal(3, r.Period));
        Assert.All(results, r => Assert.Equal(0, r.Cycle));
        // The end point lands near the stored point whose coordinate is high; its phase is that index.
        foreach (var r in results)
        {
            int hot = Array.IndexOf(r.EndPoint, r.EndPoint.Max());
            Assert.Equal(hot, r.Phase);
        }
    }

    [Fact]
    public void Strict_matching_without_rounding_allowance_is_the_bare_criterion()
    {
        float star = (float)KnownMaps.DoubleTanhFixedPoint();
        var memory = new AssociativeMemory(KnownMaps.DoubleTanh(), new Matrix(1, 1, [star]));
        var anchor = memory.Anchors.Row(0);
        Assert.Equal(1e-7, Recall.StrictThreshold(anchor, new RecallOptions { RoundingAllowance = 0 }));
        Assert.Equal(1e-7 + 16 * Math.Pow(2, -23) * star, Recall.StrictThreshold(anchor, new RecallOptions()), 1e-15);
    }

    [Fact]
    public void Expanding_map_diverges_and_a_slow_one_runs_out_of_steps()
    {
        var grow = new AssociativeMemory(KnownMaps.Affine([3f], [0f]), new Matrix(1, 1));
        Assert.Equal(RecallOutcome.Diverged, Recall.Run(grow, Gemm, new Matrix(1, 1, [1f]))[0].Outcome);

        var slow = new AssociativeMemory(KnownMaps.Affine([0.999f], [0f]), new Matrix(1, 1));
        var result = Recall.Run(slow, Gemm, new Matrix(1, 1, [1f]), new RecallOptions { MaxSteps = 50 })[0];
        Assert.Equal(RecallOutcome.NotConverged, result.Outcome);
        Assert.Equal(50, result.Steps);
    }

    [Fact]
    public void Batched_recall_equals_one_by_one_recall()
    {
        float star = (float)KnownMaps.DoubleTanhFixedPoint();
        var memory = new AssociativeMemory(KnownMaps.DoubleTanh(), new Matrix(1, 1, [star]));
        var inputs = new Matrix(5, 1, [0.3f, -2f, 5f, 0.01f, -0.7f]);
        var batch = Recall.Run(memory, Gemm, inputs);
        for (int r = 0; r < inputs.Rows; r++)
        {
            // Vector and scalar paths of tanh may round differently, so rows agree to float precision.
            var single = Recall.Run(memory, Gemm, new Matrix(1, 1, [inputs[r, 0]]))[0];
            Assert.Equal(single.Outcome, batch[r].Outcome);
            Assert.InRange(batch[r].Steps, single.Steps - 2, single.Steps + 2);
            Assert.Equal(single.EndPoint[0], batch[r].EndPoint[0], 1e-6);
        }
    }
}
