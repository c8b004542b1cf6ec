// The experiments mnemos knows, in the order `mnemos experiment --list` shows them.
namespace Mnemos.Experiments;

/// <summary>Looks experiments up by name.</summary>
internal static class ExperimentRegistry
{
    /// <summary>Every experiment, in listing order.</summary>
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new Basins2d(), new Sequences(), new RecoveryExperiment(), new Sweeps.CapacitySweep(),
        new Sweeps.AttractorTable(Sweeps.AttractorTableKind.Optimizer), new Sweeps.AttractorTable(Sweeps.AttractorTableKind.Init),
        new Sweeps.Spectra(), new Theory.TheoryExperiment(), new TextRnn(),
        new TextRnn(variant: TextRnnVariant.TokenReadout), new TextRnn(variant: TextRnnVariant.PyTorchInit), new UNetExperiment(), new UNetExperiment(consolidated: true),
    ];

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    /// <summary>The experiment called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static IExperiment? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Like <see cref="Find"/>, but an unknown name throws with the list of known ones.</summary>
    public static IExperiment Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown experiment '{name}' (known: {string.Join(", ", Names)})");
}
