// Noisy copies of chosen examples, each trained to the clean example's target: the training signal
// of consolidation (Dynamics.Consolidation). Near an interpolated example f(x) ≈ x, so
// E‖f(x + σξ) − x‖² ≈ ‖f(x) − x‖² + σ²‖J_f(x)‖_F² for ξ ~ N(0, I) and small σ: the copies penalize
// the Jacobian at the examples (Hutchinson's estimate of ‖J‖_F², with a finite-difference
// Jacobian-vector product) without second derivatives, and ‖J‖_F bounds ρ(J) from above. Fresh
// noise every epoch, drawn from (seed, epoch), so a resumed run sees the same copies.
using Mnemos.Tensors;

namespace Mnemos.Training;

/// <summary>
/// The noisy rows of a <see cref="TrainingTask"/>: row <c>ExampleRows + k</c> of its inputs is
/// input row <see cref="Sources"/>[k] plus Gaussian noise of standard deviation <see cref="Sigma"/>;
/// its target is that example's target. <see cref="Weight"/> scales their MSE in the objective.
/// </summary>
internal sealed class NoisyCopies
{
    readonly Matrix inputs;
    readonly int exampleRows;
    long filledFor = -1;

    internal NoisyCopies(Matrix inputs, int exampleRows, int[] sources, double sigma, double weight, ulong seed)
    {
        this.inputs = inputs;
        this.exampleRows = exampleRows;
        Sources = sources;
        Sigma = sigma;
        Weight = weight;
        Seed = seed;
    }

    /// <summary>The example (input row) each copy is drawn around, in order.</summary>
    public IReadOnlyList<int> Sources { get; }
    public double Sigma { get; }
    public double Weight { get; }
    public ulong Seed { get; }

    /// <summary>Draws the copies of <paramref name="epoch"/> into the task's inputs (again only when the epoch changes).</summary>
    public void Refresh(long epoch)
    {
        if (epoch == filledFor) return;
        var rng = new Rng(Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1)));
        for (int k = 0; k < Sources.Count; k++)
        {
            var row = inputs.Row(exampleRows + k);
            rng.FillGaussianPairs(row, 0, (float)Sigma);
            var clean = inputs.Row(Sources[k]);
            for (int j = 0; j < row.Length; j++) row[j] += clean[j];
        }
        filledFor = epoch;
    }
}
