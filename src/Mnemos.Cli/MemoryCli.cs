// What the memory commands (recall, certify, probe) share: the memory file option and its loading,
// input checks whose messages name both sizes, recall settings from options, outcome names, and
// the JSON convention of every --json report (docs/json.md).
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mnemos.Dynamics;
using Mnemos.Tensors;

namespace Mnemos.Cli;

static class MemoryCli
{
    public static Option<string> ModelOption() => new("--model") { Description = "Memory file written by 'mnemos store'.", Required = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print a JSON report on stdout." };

    /// <summary>
    /// --margin: ρ within this of 1 (with its error) is undecided. At 1 or above no ρ ≥ 0 could be
    /// certified an attractor, so such a margin is refused rather than silently deciding nothing.
    /// </summary>
    public static Option<double?> MarginOption() => CliOptions.Double("--margin",
        "ρ within this of 1 (ρ ± its error) is reported undecided.", new CertifyOptions().Margin, 0,
        below: 1, belowReason: "at 1 or above no spectral radius could be certified an attractor");

    public static Option<int> ThreadsOption() => CliOptions.Int("--threads", "Threads.", Environment.ProcessorCount, 1, 1024);

    /// <summary>The shared JSON convention (snake_case, null for NaN and ∞, snake enum names), one line per report.</summary>
    public static JsonSerializerOptions Json => Formats.JsonConvention.Compact;

    /// <summary>The memory in <paramref name="path"/>; a missing file or a plain model file is named as such.</summary>
    public static AssociativeMemory Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"memory file '{path}' not found (write one with 'mnemos store')", path);
        return MemoryFile.Load(path).Memory;
    }

    /// <summary>Rows of <paramref name="inputs"/> after checking they are not empty and have the memory's dimension.</summary>
    public static Matrix CheckInputs(Matrix inputs, string source, AssociativeMemory memory, string modelPath)
    {
        if (inputs.Rows == 0 || inputs.Cols == 0)
            throw new InvalidDataException($"inputs '{source}' are empty ({inputs.Rows}×{inputs.Cols})");
        if (inputs.Cols != memory.Dimension)
            throw new InvalidDataException($"inputs '{source}' have {inputs.Cols} values per row but the memory '{modelPath}' stores vectors of {memory.Dimension}");
        foreach (float v in inputs.Data)
            if (!float.IsFinite(v)) throw new InvalidDataException($"inputs '{source}' contain a non-finite value ({v})");
        return inputs;
    }

    /// <summary>Counts of every outcome, in enum order, zeros included.</summary>
    public static Dictionary<string, int> Totals(IEnumerable<RecallResult> results)
    {
        var totals = Enum.GetValues<RecallOutcome>().ToDictionary(Keys.Of, _ => 0);
        foreach (var r in results) totals[Keys.Of(r.Outcome)]++;
        return totals;
    }

    /// <summary>Where stored row <paramref name="row"/> sits: "3", or "3 (cycle 1, phase 0)".</summary>
    public static string Describe(AssociativeMemory memory, int row)
    {
        for (int c = 0; c < memory.Cycles.Count; c++)
        {
            int phase = Array.IndexOf(memory.Cycles[c], row);
            if (phase >= 0) return Invariant($"{row} (cycle {c}, phase {phase})");
        }
        return row.ToString(CultureInfo.InvariantCulture);
    }

    public static string Describe(AssociativeMemory memory) => memory.IsSequence
        ? Invariant($"{memory.Cycles.Count} cycles of {memory.Count} points, d = {memory.Dimension}")
        : Invariant($"{memory.Count} examples, d = {memory.Dimension}") + (memory.Map.Image is { } image ? $", {memory.Map.Architecture} on {image} images" : "");

    /// <summary>Pads to <paramref name="width"/> text elements (x̂ is one, though two chars); negative width aligns left.</summary>
    public static string Pad(string text, int width)
    {
        string fill = new(' ', Math.Max(0, Math.Abs(width) - new StringInfo(text).LengthInTextElements));
        return width < 0 ? text + fill : fill + text;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number as the HTML report shows it (3 significant digits, "2.58e-5"): one format on the console and in reports.</summary>
    public static string Number(double value) => Reports.HtmlReport.FormatNumber(value);

    public static string Seconds(TimeSpan t) => ProgressPrinter.FormatDuration(t);

    /// <summary>
    /// How a memory's vectors are images: <paramref name="text"/> (--image-shape) when given, else the
    /// memory's own (a U-Net's), else square gray when d is a perfect square, else d×1×1; refused in
    /// one line when it does not hold d values.
    /// </summary>
    public static Mnemos.Data.ImageShape ImageShapeOf(string? text, AssociativeMemory memory)
    {
        try
        {
            var shape = text is null ? memory.Map.Image ?? Mnemos.Data.ImageShape.Default(memory.Dimension) : Mnemos.Data.ImageShape.Parse(text);
            if (shape.Size != memory.Dimension)
                throw new CliUsageException(Invariant($"--image-shape {shape} has {shape.Size} values but the memory stores vectors of {memory.Dimension}"));
            return shape;
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}

/// <summary>The recall settings recall and probe share: step cap, tolerance, matching, threads.</summary>
sealed class RecallFlags
{
    public readonly Option<int> MaxSteps = CliOptions.Int("--max-steps", "At most this many applications of f per input.", new RecallOptions().MaxSteps, 1);
    public readonly Option<double?> Tolerance = CliOptions.Double("--tolerance", "Converged when ‖f(x) − x‖₂ is below this.", new RecallOptions().Tolerance, 0, exclusiveMin: true);
    public readonly Option<string> Match = new("--match") { Description = "Matching to stored examples: strict (‖x − x̂ᵢ‖₂ < 1e-7 plus float rounding) or loose (MSE < 1e-2).", DefaultValueFactory = _ => "strict" };
    // A row contracting at rate ρ halves its step every ln 2 / −ln ρ steps; the stall rule fires when
    // the step has not halved for a whole window, so a window W misjudges attractors with
    // ρ > 2^(−1/W) as settled early. The library's 100 covers ρ ≤ 0.9931; 1000 covers ρ ≤ 0.9993,
    // every attractor certify reports at its default margin 1e-3.
    public static readonly int DefaultStallWindow = new Mnemos.Dynamics.RecallOptions().StallWindow;

    public readonly Option<int> StallWindow = CliOptions.Int("--stall-window",
        "Count an input as settled (within float rounding) when its step has not halved for this many steps and is below 1e-4.", DefaultStallWindow, 1);
    public readonly Option<double?> RoundingAllowance = CliOptions.Double("--rounding-allowance",
        "Strict matching allows this many float epsilons of ‖x̂ᵢ‖ beyond 1e-7. A fixed point with ρ near 1 is pinned down only to about ε‖x̂ᵢ‖/(1 − ρ): raise it for slow attractors.",
        new RecallOptions().RoundingAllowance, 0);
    public readonly Option<int> Threads = MemoryCli.ThreadsOption();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { MaxSteps, Tolerance, Match, StallWindow, RoundingAllowance, Threads }) command.Options.Add(option);
    }

    public RecallOptions Options(ParseResult parse)
    {
        string match = parse.GetValue(Match)!;
        var criterion = match.Trim().ToLowerInvariant() switch
        {
            "strict" => MatchCriterion.Strict,
            "loose" => MatchCriterion.Loose,
            _ => throw new CliUsageException($"--match '{match}': expected strict or loose"),
        };
        return new RecallOptions
        {
            MaxSteps = parse.GetValue(MaxSteps), Tolerance = parse.GetValue(Tolerance)!.Value, Match = criterion, StallWindow = parse.GetValue(StallWindow),
            RoundingAllowance = parse.GetValue(RoundingAllowance)!.Value,
        };
    }
}
