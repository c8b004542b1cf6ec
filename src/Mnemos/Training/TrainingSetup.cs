// Everything that decides a training run's result besides the data: architecture, initialization,
// optimizer, seed and task shape. Saved in model files and checkpoints so a run can be resumed or
// reproduced, and compared with the settings of a resume request.
using System.Globalization;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>
/// The settings of one training run. <paramref name="CycleLength"/> 0 and no <paramref name="Cycles"/>
/// mean autoencoding; <paramref name="Cycles"/> lists explicit cycles as row indices into the data.
/// </summary>
internal sealed record TrainingSetup(MlpSpec Spec, InitScheme Init, OptimizerSettings Optimizer, ulong Seed, int CycleLength = 0,
    IReadOnlyList<int[]>? Cycles = null)
{
    const string TaskKey = "task", CycleKey = "cycle_length", CyclesKey = "cycles", InitKey = "init", OptimizerKey = "optimizer", SeedKey = "seed";

    public bool IsSequence => CycleLength > 0 || HasExplicitCycles;

    bool HasExplicitCycles => Cycles is { Count: > 0 };

    public void Validate()
    {
        Spec.Validate();
        Optimizer.Validate();
        if (CycleLength < 0) throw new ArgumentException($"cycle length {CycleLength}: must be at least 0 (0 = autoencode)");
        if (CycleLength > 0 && HasExplicitCycles)
            throw new ArgumentException($"cycle length {CycleLength} and explicit cycles '{FormatCycles(Cycles!)}': give one or the other");
        if (Cycles is not null)
            for (int c = 0; c < Cycles.Count; c++)
            {
                if (Cycles[c].Length == 0) throw new ArgumentException($"cycle {c} of '{FormatCycles(Cycles)}' is empty");
                if (Cycles[c].Any(i => i < 0)) throw new ArgumentException($"cycle {c} of '{FormatCycles(Cycles)}' has a negative row index");
            }
    }

    /// <summary>"0,1,2;3,4,5": cycles separated by ';', row indices by ','.</summary>
    public static string FormatCycles(IReadOnlyList<int[]> cycles) =>
        string.Join(";", cycles.Select(c => string.Join(",", c.Select(i => i.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>Parses <see cref="FormatCycles"/>'s form (blanks allowed); <see cref="FormatException"/> names the bad part.</summary>
    public static int[][] ParseCycles(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cycles = text.Split(';', StringSplitOptions.TrimEntries);
        if (cycles.Length == 0 || cycles.All(c => c.Length == 0)) throw new FormatException($"'{text}' lists no cycles (expected e.g. 0,1,2;3,4,5)");
        return cycles.Select(c =>
        {
            if (c.Length == 0) throw new FormatException($"'{text}' has an empty cycle (expected e.g. 0,1,2;3,4,5)");
            return c.Split(',', StringSplitOptions.TrimEntries).Select(i =>
                int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int row) ? row
                    : throw new FormatException($"'{text}': '{i}' is not a row index (expected e.g. 0,1,2;3,4,5)")).ToArray();
        }).ToArray();
    }

    /// <summary>A network of <see cref="Spec"/> initialized by <see cref="Init"/> from <see cref="Seed"/>.</summary>
    public Mlp CreateNetwork()
    {
        var mlp = new Mlp(Spec);
        Init.Apply(mlp, new Rng(Seed));
        return mlp;
    }

    /// <summary>The training task on <paramref name="data"/>: autoencoding, the explicit cycles, or consecutive rows as cycles.</summary>
    public TrainingTask CreateTask(Matrix data)
    {
        if (!HasExplicitCycles)
            return IsSequence ? TrainingTask.SequenceOfLength(data, CycleLength) : TrainingTask.Autoencode(data);
        // Checked here because TrainingTask.Sequence reads the next row of a cycle before checking it.
        ArgumentNullException.ThrowIfNull(data);
        for (int c = 0; c < Cycles!.Count; c++)
            foreach (int row in Cycles[c])
                if ((uint)row >= (uint)data.Rows) throw new ArgumentException($"cycle {c} refers to row {row}, but the data has {data.Rows} rows");
        return TrainingTask.Sequence(data, Cycles);
    }

    /// <summary>Key/value form for model-file metadata (the architecture is stored separately).</summary>
    /// <remarks>The "cycles" key is written only for explicit cycles, so other runs keep their metadata.</remarks>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TaskKey] = IsSequence ? "sequence" : "autoencode",
            [CycleKey] = CycleLength.ToString(CultureInfo.InvariantCulture),
            [InitKey] = Init.Name,
            [OptimizerKey] = Optimizer.Describe(),
            [SeedKey] = Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (HasExplicitCycles) metadata[CyclesKey] = FormatCycles(Cycles!);
        return metadata;
    }

    /// <summary>
    /// Reads the settings written by <see cref="ToMetadata"/>; <see cref="InvalidDataException"/> names the
    /// key that is missing or malformed (an unknown optimizer or init included).
    /// </summary>
    public static TrainingSetup FromMetadata(MlpSpec spec, IReadOnlyDictionary<string, string> training)
    {
        string Get(string key) => training.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"training setting '{key}' is missing");
        if (!ulong.TryParse(Get(SeedKey), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"training setting seed '{Get(SeedKey)}' is not a non-negative integer");
        if (!int.TryParse(Get(CycleKey), NumberStyles.None, CultureInfo.InvariantCulture, out int cycle))
            throw new InvalidDataException($"training setting cycle_length '{Get(CycleKey)}' is not a non-negative integer");
        int[][]? cycles = null;
        if (training.TryGetValue(CyclesKey, out var cyclesText))
        {
            try { cycles = ParseCycles(cyclesText); }
            catch (Exception e) when (e is FormatException or OverflowException) { throw new InvalidDataException($"training setting cycles: {e.Message}", e); }
        }
        // The task must agree with what the cycle settings make of it: "sequence" with cycle length 0
        // and no cycles would silently train (or resume) an autoencoder.
        if (training.TryGetValue(TaskKey, out var taskName))
        {
            bool sequence = cycle > 0 || cycles is not null;
            if (taskName is not ("sequence" or "autoencode") || (taskName == "sequence") != sequence)
                throw new InvalidDataException($"training setting task '{(taskName.Length <= 40 ? taskName : taskName[..40] + "…")}' does not match cycle_length {cycle}{(cycles is null ? "" : " and explicit cycles")} (expected '{(sequence ? "sequence" : "autoencode")}')");
        }
        try
        {
            return new TrainingSetup(spec, InitScheme.Parse(Get(InitKey)), OptimizerSettings.Parse(Get(OptimizerKey)), seed, cycle, cycles);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
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
            ("cycles", FormatCycles(Cycles ?? []), FormatCycles(other.Cycles ?? [])),
        ];
        foreach (var (name, mine, theirs) in fields)
            if (mine != theirs) return $"{name}: {mine} vs {theirs}";
        return null;
    }
}
