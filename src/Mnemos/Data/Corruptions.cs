// Corruption of a batch of examples (one per row) and level sweeps for recovery curves.
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Batch helpers around <see cref="Corruption"/>.</summary>
internal static class Corruptions
{
    /// <summary>
    /// A corrupted copy of every row of <paramref name="examples"/>, rows in order drawing from one
    /// <paramref name="rng"/>; the input is left unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The row length does not match the shape, or low ≥ high.</exception>
    public static Matrix Apply(Corruption corruption, Matrix examples, ImageShape shape, Rng rng, double low = 0, double high = 1)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        ArgumentNullException.ThrowIfNull(examples);
        var result = examples.Clone();
        if (examples.Rows > 0) shape.Check(examples.Cols);
        for (int r = 0; r < result.Rows; r++) corruption.ApplyInPlace(result.Row(r), shape, rng, low, high);
        return result;
    }

    /// <summary>
    /// <paramref name="corruption"/> at each of <paramref name="levels"/> (see
    /// <see cref="Corruption.WithLevel"/>), in the order given: the x-axis of a recovery curve.
    /// </summary>
    public static Corruption[] AtLevels(Corruption corruption, IEnumerable<double> levels)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Select(corruption.WithLevel).ToArray();
    }
}
