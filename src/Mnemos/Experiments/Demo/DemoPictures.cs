// Pictures of a demo run: the stored images and recall grids (original | corrupted | iterates |
// recalled | nearest neighbour), both labelled for use on their own, an animated GIF of recall
// trajectories, and spurious attractors.
using Mnemos.Dynamics;
using Mnemos.Imaging;
using Mnemos.Reports;

namespace Mnemos.Experiments.Demo;

/// <summary>Builds the demo's images from a <see cref="DemoResult"/>.</summary>
internal static class DemoPictures
{
    /// <summary>Fashion-MNIST's class names by label 0–9.</summary>
    public static readonly string[] ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The name of a Fashion-MNIST label ("class 11" outside 0–9).</summary>
    public static string ClassName(int label) => label >= 0 && label < ClassNames.Length ? ClassNames[label] : $"class {label}";

    /// <summary>Column headers of a recall grid, left to right (stored | corrupted | step 1, 2, 4, … | end | 1-NN).</summary>
    public static IReadOnlyList<string> RecallColumns =>
        ["stored", "corrupted", .. ShownSteps.Select(s => s == 1 ? "step 1" : $"{s}"), "end", "1-NN"];

    /// <summary>
    /// The cells of a recall grid as images, one list per shown example in <see cref="RecallColumns"/>
    /// order (what <see cref="RecallGrid"/> composes into one picture).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Image>> RecallCells(DemoResult result, DemoRecall recall)
    {
        var rows = new List<IReadOnlyList<Image>>();
        for (int r = 0; r < recall.Results.Length; r++)
        {
            var outcome = recall.Results[r];
            var row = new List<Image>
            {
                ToImage(result, result.Memory.Examples.Row(recall.Rows[r])),
                ToImage(result, recall.Inputs.Row(r)),
            };
            foreach (int step in ShownSteps) row.Add(ToImage(result, Iterate(outcome, step)));
            row.Add(ToImage(result, outcome.EndPoint));
            row.Add(ToImage(result, result.Memory.Examples.Row(Math.Max(0, recall.NearestNeighbour[r]))));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Iterate counts shown between the corrupted input and the end point.</summary>
    public static readonly int[] ShownSteps = [1, 2, 4, 8, 16, 32, 64, 128];

    /// <summary>Pixels per image pixel in grids: 28×28 images at 3×, 14×14 at 6×.</summary>
    public static int Scale(DemoResult result) => Math.Max(1, 84 / result.Settings.Side);

    /// <summary>
    /// Every stored image: one class per row with the class name on its left, or all in one row with
    /// each class name above its image when there is one per class.
    /// </summary>
    public static Image Stored(DemoResult result)
    {
        var rows = new List<IReadOnlyList<Image>>();
        int per = result.Settings.PerClass > 1 ? result.Settings.PerClass : 10;
        for (int start = 0; start < result.Memory.Count; start += per)
            rows.Add(Enumerable.Range(start, Math.Min(per, result.Memory.Count - start)).Select(i => ToImage(result, result.Memory.Examples.Row(i))).ToArray());
        int scale = Scale(result) / 2 + 1, cell = result.Settings.Side * scale;
        var names = Enumerable.Range(0, rows.Count).Select(r => ClassName(result.Labels[r * per])).ToArray();
        var captions = rows.Count == 1
            ? new GridCaptions(rows[0].Select((_, i) => ClassName(result.Labels[i])).ToArray(), [], [])
            : new GridCaptions([], names, []);
        return GridLabels.Draw(ImageGrid.Compose(rows, scale, gap: 2), cell, cell, 2, captions);
    }

    /// <summary>
    /// One row per shown example: stored, corrupted input, the iterates after <see cref="ShownSteps"/>
    /// (or the end point when recall stopped earlier), the end point, and the 1-NN answer; the
    /// <see cref="RecallColumns"/> headers on top, the class name on the left and ✓ (recall ended at
    /// the row's own image) or ✗ on the right of each row.
    /// </summary>
    public static Image RecallGrid(DemoResult result, DemoRecall recall)
    {
        int scale = Scale(result), cell = result.Settings.Side * scale;
        var captions = new GridCaptions(RecallColumns,
            recall.Rows.Select(r => ClassName(result.Labels[r])).ToArray(),
            recall.Rows.Select((row, r) => (bool?)RecallScore.IsRecovered(result.Memory, recall.Results[r], row)).ToArray());
        return GridLabels.Draw(ImageGrid.Compose(RecallCells(result, recall), scale, gap: 2), cell, cell, 2, captions);
    }

    /// <summary>The recall trajectories of one corruption side by side, one frame per shown step (log-spaced), looping.</summary>
    public static byte[] RecallAnimation(DemoResult result, DemoRecall recall)
    {
        int longest = recall.Results.Max(r => r.Trajectory.Count - 1);
        var steps = new SortedSet<int> { 0 };
        for (double s = 1; s <= longest; s *= 1.25) steps.Add((int)Math.Round(s));
        steps.Add(longest);
        var frames = steps.Select(step =>
        {
            var row = recall.Results.Select(r => ToImage(result, Iterate(r, step))).ToArray();
            return new GifFrame(ImageGrid.Compose([row], Scale(result) / 2 + 1, gap: 2), step == longest ? 150 : 8);
        }).ToArray();
        return Gif.Encode(frames);
    }

    /// <summary>Up to <paramref name="count"/> spurious attractors found by the probes (most visited first), or null when none.</summary>
    public static Image? Spurious(DemoResult result, int count = 10)
    {
        var points = result.Probes.SelectMany(p => p.Report.Spurious).OrderByDescending(s => s.Count).Take(count)
            .Select(s => ToImage(result, s.Point)).ToArray();
        return points.Length == 0 ? null : ImageGrid.Compose([points], Scale(result) / 2 + 1, gap: 2);
    }

    /// <summary>Iterate <paramref name="step"/> (0 = input) of a recall kept with TrajectoryEvery = 1; the end point past its end.</summary>
    static float[] Iterate(RecallResult r, int step) => step < r.Trajectory.Count ? r.Trajectory[step] : r.EndPoint;

    static Image ToImage(DemoResult result, ReadOnlySpan<float> values) =>
        ImageGrid.FromExample(values, result.Settings.Side, result.Settings.Side);
}
