// Everything that decides a training run's result besides the data: architecture, initialization,
// optimizer, seed and task shape. Saved in model files and checkpoints so a run can be resumed or
// reproduced, and compared with the settings of a resume request.
using System.Globalization;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>The settings of one training run. <paramref name="CycleLength"/> 0 means autoencoding.</summary>
public sealed record TrainingSetup(MlpSpec Spec, InitScheme Init, OptimizerSettings Optimizer, ulong Seed, int CycleLength = 0)
{
    const string TaskKey = "task", CycleKey = "cycle_length", InitKey = "init", OptimizerKey = "optimizer", SeedKey = "seed";

    public bool IsSequence => CycleLength > 0;

    public void Validate()
    {
        Spec.Validate();
        Optimizer.Validate();
        if (CycleLength < 0) throw new ArgumentException($"cycle length {CycleLength}: must be at least 0 (0 = autoencode)");
    }

    /// <summary>A network of <see cref="Spec"/> initialized by <see cref="Init"/> from <see cref="Seed"/>.</summary>
    public Mlp CreateNetwork()
    {
        var mlp = new Mlp(Spec);
        Init.Apply(mlp, new Rng(Seed));
        return mlp;
    }

    /// <summary>The training task on <paramref name="data"/>: autoencoding, or consecutive rows as cycles.</summary>
    public TrainingTask CreateTask(Matrix data) =>
        IsSequence ? TrainingTask.SequenceOfLength(data, CycleLength) : TrainingTask.Autoencode(data);

    /// <summary>Key/value form for model-file metadata (the architecture is stored separately).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TaskKey] = IsSequence ? "sequence" : "autoencode",
        [CycleKey] = CycleLength.ToString(CultureInfo.InvariantCulture),
        [InitKey] = Init.Name,
        [OptimizerKey] = Optimizer.Describe(),
        [SeedKey] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the settings written by <see cref="ToMetadata"/>; names the key that is missing or malformed.</summary>
    public static TrainingSetup FromMetadata(MlpSpec spec, IReadOnlyDictionary<string, string> training)
    {
        string Get(string key) => training.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"training setting '{key}' is missing");
        if (!ulong.TryParse(Get(SeedKey), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"training setting seed '{Get(SeedKey)}' is not a non-negative integer");
        if (!int.TryParse(Get(CycleKey), NumberStyles.None, CultureInfo.InvariantCulture, out int cycle))
            throw new InvalidDataException($"training setting cycle_length '{Get(CycleKey)}' is not a non-negative integer");
        try
        {
            return new TrainingSetup(spec, InitScheme.Parse(Get(InitKey)), OptimizerSettings.Parse(Get(OptimizerKey)), seed, cycle);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"training settings: {e.Message}", e);
        }
    }

    /// <summary>
    /// The first setting in which <paramref name="other"/> differs from this one, as "name: this vs other",
    /// or null when a run with <paramref name="other"/> would continue this run exactly.
    /// </summary>
    public string? FirstDifference(TrainingSetup other)
    {
        ArgumentNullException.ThrowIfNull(other);
        (string Name, string Mine, string Theirs)[] fields =
        [
            ("depth", Spec.Depth.ToString(CultureInfo.InvariantCulture), other.Spec.Depth.ToString(CultureInfo.InvariantCulture)),
            ("width", Spec.Width.ToString(CultureInfo.InvariantCulture), other.Spec.Width.ToString(CultureInfo.InvariantCulture)),
            ("input size", Spec.InputSize.ToString(CultureInfo.InvariantCulture), other.Spec.InputSize.ToString(CultureInfo.InvariantCulture)),
            ("activation", Spec.Activation.Name(), other.Spec.Activation.Name()),
            ("bias", Spec.Bias ? "on" : "off", other.Spec.Bias ? "on" : "off"),
            ("init", Init.Name, other.Init.Name),
            ("optimizer", Optimizer.Describe(), other.Optimizer.Describe()),
            ("seed", Seed.ToString(CultureInfo.InvariantCulture), other.Seed.ToString(CultureInfo.InvariantCulture)),
            ("cycle length", CycleLength.ToString(CultureInfo.InvariantCulture), other.CycleLength.ToString(CultureInfo.InvariantCulture)),
        ];
        foreach (var (name, mine, theirs) in fields)
            if (mine != theirs) return $"{name}: {mine} vs {theirs}";
        return null;
    }
}
