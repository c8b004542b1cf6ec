// Settings shared by the checks that train a small network in double by plain gradient descent
// (EmpiricalCheck for one example, CycleCheck for a cycle): the dimension of the examples, the
// learning rate, when to stop, and the seed of the examples.
namespace Mnemos.Experiments.Theory;

/// <summary>Plain gradient descent in double on examples in ℝ^<see cref="Dimension"/>.</summary>
internal abstract record DescentOptions
{
    public int Dimension { get; init; } = 8;
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Stop when the loss is below this.</summary>
    public double LossTarget { get; init; } = 1e-24;
    public long MaxSteps { get; init; } = 5_000_000;
    public ulong Seed { get; init; }

    public void Validate()
    {
        if (Dimension < 1) throw new ArgumentException($"dimension {Dimension}: must be at least 1");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"learning rate {LearningRate}: must be a finite number > 0");
        if (!(LossTarget > 0)) throw new ArgumentException($"loss target {LossTarget}: must be > 0");
        if (MaxSteps < 1) throw new ArgumentException($"max steps {MaxSteps}: must be at least 1");
    }
}
