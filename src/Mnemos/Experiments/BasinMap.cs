// The result of one basins-2d part: which stored unit (point or cycle) each grid cell reaches under
// iteration, the Voronoi cells for comparison, the vector field f(x) − x, certificates and the
// training that made the network. Labels ≥ 0 are stored units; the negative ones are below.
using System.Text.Json.Serialization;

namespace Mnemos.Experiments;

/// <summary>Labels of grid cells that reach no stored unit.</summary>
internal static class BasinLabel
{
    public const int SpuriousFixedPoint = -1;
    public const int SpuriousCycle = -2;
    public const int Diverged = -3;
    public const int NotConverged = -4;

    /// <summary>Every negative label with its name, in this order.</summary>
    public static IReadOnlyList<(int Label, string Name)> Others { get; } =
        [(SpuriousFixedPoint, "spurious_fixed_point"), (SpuriousCycle, "spurious_cycle"), (Diverged, "diverged"), (NotConverged, "not_converged")];
}

/// <summary>How training went: stop reason, epochs, final MSE and seconds.</summary>
public sealed record TrainingSummary(string StopReason, long Epochs, double FinalMse, double Seconds);

/// <summary>A trained network as stored in a cell: little-endian float32 parameters and how training went.</summary>
internal sealed record TrainedNetwork(byte[] Parameters, TrainingSummary Training);

/// <summary>
/// The certificate of stored unit <paramref name="Unit"/> (a point, or a cycle of the sequence
/// encoder) at its located fixed point or cycle: ρ of the Jacobian (product), verdict, residual.
/// </summary>
public sealed record UnitCertificate(int Unit, bool Located, double SpectralRadius, string Verdict, double Residual, string Status = "");

/// <summary>A spurious attractor found from the grid: where, its period, and how many cells reach it.</summary>
public sealed record SpuriousAttractor(float X, float Y, int Period, int Cells);

/// <summary>
/// One part of basins-2d. <paramref name="Kind"/> is "autoencoder" (units = points) or "sequence"
/// (units = cycles, <paramref name="Cycles"/> as row indices into <paramref name="Points"/>).
/// <paramref name="Labels"/> and <paramref name="VoronoiLabels"/> are per grid cell (index r·columns + c,
/// row 0 at the bottom); a sequence's Voronoi label is the cycle of the nearest point.
/// <paramref name="OwnCellLabels"/>[u] is the label of the cell containing unit u's first point.
/// <paramref name="Field"/> holds (f(x) − x) as x, y pairs per cell of <paramref name="FieldGrid"/>.
/// </summary>
public sealed record BasinMap(
    string Kind, float[][] Points, int[][] Cycles, float[][] Anchors, PlaneGrid Grid, int[] Labels, int[] VoronoiLabels,
    IReadOnlyDictionary<string, int> Counts, double VoronoiDisagreement, int[] OwnCellLabels,
    UnitCertificate[] Certificates, SpuriousAttractor[] Spurious, PlaneGrid FieldGrid, float[] Field,
    TrainingSummary Training, double IterationSeconds, int MostSteps)
{
    [JsonIgnore] public bool IsSequence => Kind == "sequence";

    /// <summary>Number of stored units: points, or cycles.</summary>
    [JsonIgnore] public int UnitCount => IsSequence ? Cycles.Length : Points.Length;

    /// <summary>Name of a label in <see cref="Counts"/>: "point_3", "cycle_1", or a <see cref="BasinLabel"/> name.</summary>
    public string LabelName(int label) => label >= 0
        ? (IsSequence ? "cycle_" : "point_") + label.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : BasinLabel.Others.First(o => o.Label == label).Name;

    /// <summary>Stored units whose own grid cell lies in their own basin.</summary>
    [JsonIgnore] public int UnitsInOwnBasin => OwnCellLabels.Where((label, unit) => label == unit).Count();
}
