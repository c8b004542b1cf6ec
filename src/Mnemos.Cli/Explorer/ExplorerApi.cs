// What the explorer's JSON endpoints answer, without HTTP: the memory with every stored item's
// status and ρ (certified once at startup through MemoryBuilder.Assess, as `mnemos certify` does),
// an item's values, a corruption (Corruption, as `mnemos recall --corrupt`), and a recall
// (Recall.Run on the memory as loaded, as `mnemos recall`) with the first states of its trajectory.
// Bad input throws ExplorerInputException, whose message names the field and the value.
using System.Globalization;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Tensors;

namespace Mnemos.Cli.Explorer;

internal sealed class ExplorerApi
{
    /// <summary>Most trajectory states a recall returns: steps 0 … MaxStates − 2 and the end point.</summary>
    public const int MaxStates = 500;

    /// <summary>Values a trajectory may hold (a few MB of JSON): large images get fewer states, at least <see cref="FewestStates"/>.</summary>
    public const int ValueBudget = 2_000_000, FewestStates = 10;

    /// <summary>Largest max_steps a request may ask for.</summary>
    public const int StepLimit = 100_000;

    readonly string name;
    readonly AssociativeMemory memory;
    readonly StoredMemory stored;
    readonly ImageShape shape;
    readonly double margin, certifySeconds;

    /// <param name="name">The memory file as the user named it.</param>
    /// <param name="memory">The memory as loaded: recall matches against it exactly as <c>mnemos recall</c> does.</param>
    /// <param name="stored">Its statuses and certificates (<see cref="MemoryBuilder.Assess"/>), computed at startup.</param>
    public ExplorerApi(string name, AssociativeMemory memory, StoredMemory stored, ImageShape shape, double margin, double certifySeconds)
    {
        shape.Check(memory.Dimension);
        (this.name, this.memory, this.stored, this.shape, this.margin, this.certifySeconds) = (name, memory, stored, shape, margin, certifySeconds);
    }

    /// <summary>Trajectory states returned for this memory's dimension: <see cref="MaxStates"/>, fewer for vectors over <see cref="ValueBudget"/>/500 values.</summary>
    public int States => Math.Clamp(ValueBudget / memory.Dimension, FewestStates, MaxStates);

    /// <summary>An image memory shows items as pictures and can be drawn on; a one-row strip is plotted as a line.</summary>
    public bool IsImage => shape.Height > 1;

    /// <summary>GET /api/memory.</summary>
    public Dictionary<string, object?> Memory()
    {
        var examples = memory.Examples.Span;
        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        foreach (float v in examples) (low, high) = (Math.Min(low, v), Math.Max(high, v));
        return new Dictionary<string, object?>
        {
            ["model"] = name,
            ["kind"] = memory.IsSequence ? "sequence" : "autoencode",
            ["dimension"] = memory.Dimension,
            ["count"] = memory.Count,
            ["cycles"] = memory.IsSequence ? memory.Cycles : null,
            ["image_shape"] = shape.ToString(),
            ["image_width"] = shape.Width,
            ["image_height"] = shape.Height,
            ["image_channels"] = shape.Channels,
            ["is_image"] = IsImage,
            ["value_min"] = low,
            ["value_max"] = high,
            ["certified_at_startup"] = true,
            ["certify_seconds"] = certifySeconds,
            ["margin"] = margin,
            ["summary"] = stored.Summary(),
            ["corruptions"] = Corruption.Forms,
            ["max_states"] = States,
            ["default_max_steps"] = new RecallOptions().MaxSteps,
            ["step_limit"] = StepLimit,
            ["items"] = Enumerable.Range(0, memory.Count).Select(Item).ToArray(),
        };
    }

    // One stored row with its unit's status and certificate (a cycle's for every row on it; none for a row outside every cycle).
    Dictionary<string, object?> Item(int row)
    {
        int unit = memory.IsSequence ? memory.CycleOf[row] : row;
        var u = unit >= 0 ? stored.Units[unit] : null;
        return new Dictionary<string, object?>
        {
            ["index"] = row,
            ["cycle"] = memory.IsSequence && unit >= 0 ? unit : null,
            ["phase"] = memory.IsSequence && unit >= 0 ? memory.PhaseOf[row] : null,
            ["status"] = u is null ? null : StoredMemory.Key(u.Status),
            ["status_words"] = u is null ? "in no stored cycle" : StoredMemory.Describe(u.Status),
            ["verdict"] = u is null ? null : Keys.Of(u.Certificate.Verdict),
            ["spectral_radius"] = u?.Certificate.SpectralRadius,
            ["spectral_radius_error"] = u is not null && double.IsFinite(u.Certificate.SpectralRadiusError) ? u.Certificate.SpectralRadiusError : null,
            ["reason"] = u is null || u.Failure == StorageFailure.None ? null : u.Reason,
        };
    }

    /// <summary>GET /api/item/{i}: the stored example's values.</summary>
    public Dictionary<string, object?> Example(string index)
    {
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            throw new ExplorerInputException($"item '{Shorten(index)}': not an item index (0–{memory.Count - 1})");
        if (i >= memory.Count) throw new ExplorerInputException($"item {RecallTargets.OutOfRange(i, memory)}", 404);
        return new Dictionary<string, object?> { ["index"] = i, ["values"] = memory.Examples.Row(i).ToArray() };
    }

    /// <summary>POST /api/corrupt: the corrupted values, the corruption's canonical text and the image shape it was applied at.</summary>
    public Dictionary<string, object?> Corrupt(CorruptRequest request)
    {
        var values = CheckValues(request.Values);
        if (request.Corruption is not { } text) throw new ExplorerInputException($"corruption: missing; expected one of {string.Join(", ", Corruption.Forms)}");
        if (request.Seed < 0) throw new ExplorerInputException(Invariant($"seed {request.Seed}: must be at least 0"));
        Corruption corruption;
        try
        {
            corruption = Corruption.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ExplorerInputException(UsageErrors.MessageOf(e));
        }
        return new Dictionary<string, object?>
        {
            ["corruption"] = corruption.Name,
            ["image_shape"] = shape.ToString(),
            ["seed"] = request.Seed,
            ["values"] = corruption.Apply(values, shape, new Rng((ulong)request.Seed)),
        };
    }

    /// <summary>POST /api/recall: where recall from the values ends, and its first states with the nearest stored item to each.</summary>
    public Dictionary<string, object?> Recall(RecallRequest request, CancellationToken cancellation)
    {
        var values = CheckValues(request.Values);
        int maxSteps = request.MaxSteps ?? new RecallOptions().MaxSteps;
        if (maxSteps is < 1 or > StepLimit) throw new ExplorerInputException(Invariant($"max_steps {maxSteps}: must be from 1 to {StepLimit}"));
        var match = (request.Match ?? "strict") switch
        {
            "strict" => MatchCriterion.Strict,
            "loose" => MatchCriterion.Loose,
            var other => throw new ExplorerInputException($"match '{Shorten(other)}': expected strict or loose"),
        };
        if (request.Target is { } t && (t < 0 || t >= memory.Count))
            throw new ExplorerInputException($"target {RecallTargets.OutOfRange(t, memory)}");

        var options = new RecallOptions { MaxSteps = maxSteps, Match = match };
        var input = new Matrix(1, memory.Dimension);
        values.CopyTo(input.Row(0));
        using var gemm = GemmChoice.Create(1);
        var result = Dynamics.Recall.Run(memory, gemm, input, options, cancellation: cancellation)[0];
        // The first states again, recorded: the same deterministic iteration, stopped at the cap.
        var prefix = Dynamics.Recall.Run(memory, gemm, input, options with { MaxSteps = Math.Min(maxSteps, States - 2), TrajectoryEvery = 1 },
            cancellation: cancellation)[0];
        var states = prefix.Trajectory.ToList();
        var steps = Enumerable.Range(0, states.Count).ToList();
        if (result.Steps > steps[^1])
        {
            states.Add(result.EndPoint);
            steps.Add(result.Steps);
        }
        var nearest = states.Select(s => Dynamics.Recall.Nearest(memory.Anchors, s)).ToArray();
        return new Dictionary<string, object?>
        {
            ["max_steps"] = maxSteps,
            ["match"] = match == MatchCriterion.Strict ? "strict" : "loose",
            ["end"] = result.Outcome switch { RecallOutcome.Diverged => "diverged", RecallOutcome.NotConverged => "not_converged", _ => "converged" },
            ["outcome"] = Keys.Of(result.Outcome),
            ["steps"] = result.Steps,
            ["period"] = result.Period,
            ["final_step"] = result.FinalStep,
            ["end_example"] = result.ReachedStored ? result.Example : null,
            ["cycle"] = result.Outcome == RecallOutcome.StoredCycle ? result.Cycle : null,
            ["phase"] = result.Outcome == RecallOutcome.StoredCycle ? result.Phase : null,
            ["nearest"] = result.NearestExample >= 0 ? result.NearestExample : null,
            ["nearest_distance"] = result.NearestDistance,
            ["target"] = request.Target,
            ["recovered"] = request.Target is { } target ? RecallScore.IsRecovered(memory, result, target) : null,
            ["trajectory_complete"] = steps.Count == result.Steps + 1,
            ["state_steps"] = steps,
            ["state_nearest"] = nearest.Select(n => n.Index >= 0 ? n.Index : (int?)null).ToArray(),
            ["state_distance"] = nearest.Select(n => n.Distance).ToArray(),
            ["states"] = states,
        };
    }

    float[] CheckValues(float[]? values)
    {
        if (values is null) throw new ExplorerInputException(Invariant($"values: missing; expected {memory.Dimension} numbers"));
        if (values.Length != memory.Dimension)
            throw new ExplorerInputException(Invariant($"values: {values.Length} number{(values.Length == 1 ? "" : "s")} but the memory stores vectors of {memory.Dimension}"));
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) throw new ExplorerInputException(Invariant($"values[{i}] is {(float.IsNaN(values[i]) ? "null or NaN" : values[i])}: every value must be a finite number"));
        return values;
    }

    static string Shorten(string text)
    {
        string line = new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= 40 ? line : line + "…";
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
