// The recovery curve of one corruption kind: network, 1-NN, modern Hopfield and chance against the
// corruption level (shared by the demo report and the recovery experiment), and for corruptions
// with a single level (half masks) a dot chart of the three methods per corruption.
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Reports;

namespace Mnemos.Experiments;

internal static class RecoveryPlot
{
    /// <summary>A line plot of <paramref name="points"/> (one corruption kind, in level order) with the axis named for that kind.</summary>
    public static LinePlot Curves(string title, IReadOnlyList<RecoveryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("a recovery curve needs at least one point");
        var x = points.Select(p => p.Level).ToArray();
        return new LinePlot { Title = title, XLabel = LevelName(Corruption.Parse(points[0].Corruption)), YLabel = "recovered fraction", YRange = (0, 1), Markers = true }
            .Add("network", x, points.Select(p => p.NetworkRate).ToArray())
            .Add("1-NN", x, points.Select(p => p.NearestNeighbourRate).ToArray())
            .Add("modern Hopfield", x, points.Select(p => p.HopfieldRate).ToArray())
            .Add("chance", x, points.Select(p => p.Chance).ToArray());
    }

    /// <summary>
    /// One row per corruption of <paramref name="points"/> (e.g. half:top … half:right, each at its one
    /// level), a marker per method at its recovered fraction, and chance as a dashed line.
    /// </summary>
    public static DotChart Methods(string title, IReadOnlyList<RecoveryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("a recovery chart needs at least one point");
        var rows = points.Select(p => RowName(Corruption.Parse(p.Corruption))).ToArray();
        return new DotChart(rows) { Title = title, XLabel = "recovered fraction", XRange = (0, 1), Height = DotChart.HeightFor(rows.Length, 3) }
            .Add("network", points.Select(p => p.NetworkRate).ToArray())
            .Add("1-NN", points.Select(p => p.NearestNeighbourRate).ToArray())
            .Add("modern Hopfield", points.Select(p => p.HopfieldRate).ToArray())
            .ReferenceLine(points[0].Chance, "chance");
    }

    /// <summary>A corruption as a row label: "top half masked" for half masks, else its spec.</summary>
    public static string RowName(Corruption corruption) => corruption switch
    {
        Corruption.Half h => $"{h.Side.ToString().ToLowerInvariant()} half masked",
        _ => corruption.Name,
    };

    /// <summary>What a corruption's level measures, for an axis.</summary>
    public static string LevelName(Corruption corruption) => corruption switch
    {
        Corruption.Gaussian { Clip: true } => "noise σ (clipped to [0, 1])",
        Corruption.Gaussian => "noise σ",
        Corruption.Squares s => $"number of {s.Size}×{s.Size} squares",
        _ => "fraction of pixels",
    };
}
