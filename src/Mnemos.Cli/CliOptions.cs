// Option factories shared by commands, with validators whose messages name the option and value.
using System.CommandLine;
using System.Globalization;

namespace Mnemos.Cli;

static class CliOptions
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces with errors.", Recursive = true };

    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryValue(result, out int value)) return;
            if (value < min) result.AddError($"{name} {value}: must be at least {min}");
            else if (value > max) result.AddError($"{name} {value}: must be at most {max}");
        });
        return option;
    }

    public static Option<long> Long(string name, string description, long defaultValue, long min)
    {
        var option = new Option<long>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryValue(result, out long value)) return;
            if (value < min) result.AddError($"{name} {value}: must be at least {min}");
        });
        return option;
    }

    /// <summary>A finite double option; null when not given and no default.</summary>
    /// <summary>A finite number option, at least (or above) <paramref name="min"/> and below <paramref name="below"/> (the reason says why).</summary>
    public static Option<double?> Double(string name, string description, double? defaultValue, double min = double.NegativeInfinity, bool exclusiveMin = false,
        double below = double.PositiveInfinity, string? belowReason = null)
    {
        var option = new Option<double?>(name) { Description = description };
        if (defaultValue is { } d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(result =>
        {
            if (!TryValue(result, out double? value) || value is not { } v) return;
            if (!double.IsFinite(v)) result.AddError($"{name} {v.ToString(CultureInfo.InvariantCulture)}: must be a finite number");
            else if (exclusiveMin ? v <= min : v < min)
                result.AddError($"{name} {v.ToString(CultureInfo.InvariantCulture)}: must be {(exclusiveMin ? "greater than" : "at least")} {min.ToString(CultureInfo.InvariantCulture)}");
            else if (v >= below)
                result.AddError($"{name} {v.ToString(CultureInfo.InvariantCulture)}: must be below {below.ToString(CultureInfo.InvariantCulture)}{(belowReason is null ? "" : $" ({belowReason})")}");
        });
        return option;
    }

    // False when the token does not convert to T (e.g. '--width abc'): the parser reports that error
    // itself, and asking for the value would throw instead of producing the one-line message.
    static bool TryValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>The longest duration <see cref="ParseDuration"/> accepts: 100 years, well inside TimeSpan's range.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(36525);

    /// <summary>A duration such as 90s, 10m, 2h or 1h30m, at most <see cref="MaxDuration"/>.</summary>
    public static TimeSpan ParseDuration(string name, string text)
    {
        var span = TimeSpan.Zero;
        int i = 0;
        string t = text.Trim().ToLowerInvariant();
        if (t.Length == 0) throw new CliUsageException($"{name} '{text}': expected a duration such as 90s, 10m or 1h30m");
        while (i < t.Length)
        {
            int start = i;
            while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '.')) i++;
            if (start == i || i == t.Length && start == 0 && !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw new CliUsageException($"{name} '{text}': expected a duration such as 90s, 10m or 1h30m");
            if (!double.TryParse(t[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
                throw new CliUsageException($"{name} '{text}': expected a duration such as 90s, 10m or 1h30m");
            char unit = i < t.Length ? t[i++] : 's';
            double seconds = unit switch
            {
                's' => amount,
                'm' => amount * 60,
                'h' => amount * 3600,
                _ => throw new CliUsageException($"{name} '{text}': unknown unit '{unit}' (use s, m or h)"),
            };
            // TimeSpan holds about 29,000 years; more would overflow (and means "no budget" anyway).
            if (!(seconds + span.TotalSeconds <= MaxDuration.TotalSeconds))
                throw new CliUsageException($"{name} '{text}': too long (at most {MaxDuration.TotalHours:0}h)");
            span += TimeSpan.FromSeconds(seconds);
        }
        if (span <= TimeSpan.Zero) throw new CliUsageException($"{name} '{text}': must be positive");
        return span;
    }
}
