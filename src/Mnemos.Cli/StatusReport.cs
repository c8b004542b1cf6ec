// How store and certify show a StoredMemory: the status of every example (or cycle) with the numbers
// it was decided on, as a table, as summary lines, and as JSON. Counts come from the statuses only.
using System.Numerics;
using Mnemos.Dynamics;

namespace Mnemos.Cli;

static class StatusReport
{
    static readonly StorageStatus[] Order =
        [StorageStatus.StoredAttractor, StorageStatus.StoredNotAttractor, StorageStatus.Undecided, StorageStatus.NotStored];

    /// <summary>
    /// The memory's statuses as JSON fields: counts by status, and per unit its checks and certificate;
    /// with <paramref name="basins"/>, each attractor's certified (and empirical) basin radius.
    /// </summary>
    public static Dictionary<string, object?> JsonFields(StoredMemory stored, double margin, BasinRadii? basins = null)
    {
        var memory = stored.Memory;
        var fields = new Dictionary<string, object?>
        {
            ["kind"] = memory.IsSequence ? "sequence" : "autoencode",
            ["examples"] = memory.Count,
            ["dimension"] = memory.Dimension,
            ["cycles"] = memory.IsSequence ? memory.Cycles : null,
            ["unit"] = stored.UnitName,
            ["margin"] = margin,
            ["stored"] = stored.Stored,
            ["counts"] = Order.ToDictionary(StoredMemory.Key, stored.Count),
            ["max_offset"] = stored.Units.Max(u => u.Offset),
            ["max_residual"] = stored.Units.Max(u => u.Residual),
            ["spectral_radii"] = stored.Units.Select(u => u.Certificate.SpectralRadius).ToArray(),
            ["units"] = stored.Units.Select(u => new Dictionary<string, object?>
            {
                [stored.UnitName] = u.Unit,
                ["rows"] = u.Rows,
                ["status"] = StoredMemory.Key(u.Status),
                ["failure"] = u.Failure == StorageFailure.None ? null : StoredMemory.Key(u.Failure),
                ["reason"] = u.Failure == StorageFailure.None ? null : u.Reason,
                ["other"] = u.Other >= 0 ? u.Other : null,
                ["offset"] = u.Offset,
                ["offset_bound"] = u.OffsetBound,
                ["residual"] = u.Residual,
                ["residual_bound"] = u.ResidualBound,
                ["training_residual"] = u.TrainingResidual,
                ["newton_steps"] = u.NewtonSteps,
                ["spectral_radius"] = u.Certificate.SpectralRadius,
                ["spectral_radius_error"] = double.IsFinite(u.Certificate.SpectralRadiusError) ? u.Certificate.SpectralRadiusError : null,
                ["top_eigenvalues"] = u.Certificate.TopEigenvalues.Select(Eigenvalue).ToArray(),
                ["eigen_residual"] = u.Certificate.EigenResidual,
                ["verdict"] = Keys.Of(u.Certificate.Verdict),
                ["method"] = u.Certificate.Method,
            }).ToArray(),
        };
        if (basins is null) return fields;
        var units = (Dictionary<string, object?>[])fields["units"]!;
        for (int u = 0; u < units.Length; u++)
        {
            if (basins.Certified[u] is not { } c) continue;
            units[u]["certified_radius"] = c.Radius;
            units[u]["certified_radius_exact"] = c.ExactRadius;
            units[u]["basin_settle"] = double.IsFinite(c.Settle) ? c.Settle : null;
            units[u]["basin_centre_shift"] = double.IsFinite(c.CentreShift) ? c.CentreShift : null;
            units[u]["basin_centre_residual"] = double.IsFinite(c.Offset) ? c.Offset : null;
            units[u]["basin_contraction"] = c.Contraction;
            units[u]["basin_lipschitz"] = double.IsFinite(c.Lipschitz) ? c.Lipschitz : null;
            units[u]["basin_float_step"] = double.IsFinite(c.FloatStep) ? c.FloatStep : null;
            if (basins.Empirical?[u] is { } e)
            {
                units[u]["empirical_radius"] = double.IsFinite(e.Radius) ? e.Radius : null;
                units[u]["radius_ratio"] = double.IsFinite(e.Radius) ? c.Radius / e.Radius : null;
            }
        }
        var ratios = basins.Ratios();
        fields["basin_directions"] = basins.Directions;
        fields["radius_ratio_median"] = ratios.Length > 0 ? ratios[ratios.Length / 2] : null;
        fields["radius_ratio_worst"] = ratios.Length > 0 ? ratios[0] : null;
        return fields;
    }

    /// <summary>Counts by status, the largest offset and residual, and each unit not stored with its reason (the first 10).</summary>
    public static void WriteSummary(TextWriter o, StoredMemory stored)
    {
        void Row(string name, FormattableString value, string note = "") =>
            o.WriteLine($"  {MemoryCli.Pad(name, -26)}{MemoryCli.Invariant(value),10}{note}");
        string units = stored.Memory.IsSequence ? "cycles" : "examples";
        Row(units, $"{stored.Units.Count}");
        foreach (var status in Order) Row(StoredMemory.Describe(status), $"{stored.Count(status)}");
        Row("max ‖x̂ᵢ − xᵢ‖", $"{MemoryCli.Number(stored.Units.Max(u => u.Offset))}", "   (x̂ᵢ: " + (stored.Memory.IsSequence ? "cycle points located by iteration)" : "fixed point by Newton)"));
        Row(stored.Memory.IsSequence ? "max ‖f(x̂ᵢ) − x̂_next‖" : "max ‖f(x̂ᵢ) − x̂ᵢ‖", $"{MemoryCli.Number(stored.Units.Max(u => u.Residual))}");
        var missing = stored.Units.Where(u => !u.IsStored).ToArray();
        foreach (var u in missing.Take(10)) o.WriteLine($"not stored: {stored.UnitName} {u.Unit}: {u.Reason}");
        if (missing.Length > 10) o.WriteLine($"not stored: {missing.Length - 10} more (--json lists all)");
    }

    /// <summary>One row per unit: ρ, the top |λ|, residuals, offset, basin radii when given, status (and the reason when not stored).</summary>
    public static void WriteTable(TextWriter w, StoredMemory stored, int top, BasinRadii? basins = null)
    {
        string RadiusHeader() => basins is null ? "" : MemoryCli.Invariant($"{"r certified",11}  ") + (basins.Empirical is null ? "" : MemoryCli.Invariant($"{"r empirical",11}  "));
        string Radius(int u) => basins is null ? "" : Cell(basins.Certified[u]?.Radius) + (basins.Empirical is null ? "" : Cell(basins.Empirical[u]?.Radius));
        static string Cell(double? r) => MemoryCli.Invariant($"{(r is { } v ? MemoryCli.Number(v) : "-"),11}  ");
        var memory = stored.Memory;
        string residualHeader = memory.IsSequence ? "max‖f(x)−next‖" : "‖f(x̂)−x̂‖";
        w.WriteLine(MemoryCli.Invariant(
            $"{stored.UnitName,7}  {"ρ",10}  {"± error",9}  {MemoryCli.Pad("|λ| top " + top, -30)}  {MemoryCli.Pad(residualHeader, 14)}  {MemoryCli.Pad("‖Jv−λv‖/‖v‖", 12)}  {MemoryCli.Pad("‖x̂−x‖", 10)}  {RadiusHeader()}status"));
        foreach (var u in stored.Units)
        {
            var c = u.Certificate;
            string eigen = string.Join(" ", c.TopEigenvalues.Take(top).Select(l => MemoryCli.Invariant($"{l.Magnitude:F4}")));
            string status = StoredMemory.Describe(u.Status) + (u.IsStored ? "" : $" ({u.Reason})");
            w.WriteLine(MemoryCli.Invariant(
                $"{u.Unit,7}  {c.SpectralRadius,10:F6}  {MemoryCli.Number(c.SpectralRadiusError),9}  {eigen,-30}  {MemoryCli.Number(u.Residual),14}  {MemoryCli.Number(c.EigenResidual),12}  {MemoryCli.Number(u.Offset),10}  {Radius(u.Unit)}{status}"));
        }
    }

    static Dictionary<string, double> Eigenvalue(Complex l) => new() { ["re"] = l.Real, ["im"] = l.Imaginary, ["abs"] = l.Magnitude };
}

/// <summary>Certified radii per unit (null where none was computed) and, optionally, empirical ones from <paramref name="Directions"/> directions.</summary>
sealed record BasinRadii(BasinCertificate?[] Certified, EmpiricalBasin?[]? Empirical, int Directions)
{
    /// <summary>certified / empirical per attractor with both finite, ascending (worst first: the smallest).</summary>
    public double[] Ratios() => Empirical is null ? [] : Certified
        .Select((c, u) => c is not null && Empirical[u] is { } e && double.IsFinite(e.Radius) && e.Radius > 0 ? c.Radius / e.Radius : double.NaN)
        .Where(double.IsFinite).Order().ToArray();
}
