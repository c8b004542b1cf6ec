// One-line text form of optimizer settings, "kind key=value ...", with torch's argument names:
// written into model-file metadata by Describe and read back (or from the command line) by Parse.
using System.Globalization;

namespace Mnemos.Training.Optimizers;

internal sealed partial record OptimizerSettings
{
    static readonly string[] SgdKeys = ["lr", "momentum", "dampening", "weight_decay", "nesterov"];
    static readonly string[] RmsPropKeys = ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"];
    static readonly string[] AdamKeys = ["lr", "betas", "eps", "weight_decay", "amsgrad"];

    /// <summary>sgd, rmsprop, adam or adamw.</summary>
    public static string KindName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "sgd",
        OptimizerKind.RmsProp => "rmsprop",
        OptimizerKind.Adam => "adam",
        OptimizerKind.AdamW => "adamw",
        _ => throw UnknownKind(kind),
    };

    const string KindList = "sgd, rmsprop, adam or adamw";

    /// <summary>
    /// The kind named sgd, rmsprop, adam or adamw (any case), as <see cref="KindName"/> writes it.
    /// Throws <see cref="FormatException"/> naming any other text.
    /// </summary>
    public static OptimizerKind ParseKind(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToLowerInvariant() switch
        {
            "sgd" => OptimizerKind.Sgd,
            "rmsprop" => OptimizerKind.RmsProp,
            "adam" => OptimizerKind.Adam,
            "adamw" => OptimizerKind.AdamW,
            _ => throw new FormatException($"optimizer '{text}': unknown kind; expected {KindList}"),
        };
    }

    /// <summary>
    /// Every hyper-parameter the kind uses, e.g. <c>adam lr=0.0001 betas=0.9,0.999 eps=1e-08
    /// weight_decay=0 amsgrad=false</c>. Numbers are shortest round-trip, so
    /// <c>Parse(s.Describe()) == s</c>.
    /// </summary>
    public string Describe() =>
        KindName(Kind) + string.Concat(KeysOf(Kind).Select(key => $" {key}={ValueText(key)}"));

    /// <summary>
    /// The same content as <see cref="Describe"/> as pairs for metadata: ("optimizer", kind) first,
    /// then every hyper-parameter the kind uses under torch's name, values as Describe writes them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToKeyValuePairs()
    {
        var pairs = new List<KeyValuePair<string, string>> { new("optimizer", KindName(Kind)) };
        foreach (string key in KeysOf(Kind)) pairs.Add(new(key, ValueText(key)));
        return pairs;
    }

    /// <summary>
    /// Reads "kind key=value ..." (kind: sgd, rmsprop, adam, adamw; keys as in <see cref="Describe"/>,
    /// any subset, any order; betas as "b1,b2"; booleans true/false). Missing keys take the kind's
    /// defaults. Throws <see cref="FormatException"/> for unknown kinds, keys or malformed values and
    /// <see cref="ArgumentException"/> from <see cref="Validate"/>.
    /// </summary>
    public static OptimizerSettings Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) throw new FormatException($"optimizer '': expected a kind: {KindList}");
        var kind = ParseKind(words[0]);
        var settings = Default(kind);
        var seen = new HashSet<string>();
        foreach (string word in words.AsSpan(1))
        {
            int eq = word.IndexOf('=');
            string key = eq > 0 ? word[..eq] : word;
            string value = eq > 0 ? word[(eq + 1)..] : "";
            if (eq <= 0 || value.Length == 0)
                throw new FormatException($"optimizer '{text}': '{word}' is not key=value");
            if (Array.IndexOf(KeysOf(kind), key) < 0)
                throw new FormatException($"optimizer '{text}': {words[0]} has no '{key}'; keys: {string.Join(", ", KeysOf(kind))}");
            if (!seen.Add(key)) throw new FormatException($"optimizer '{text}': '{key}' given twice");
            settings = settings.With(key, value, text);
        }
        settings.Validate();
        return settings;
    }

    static string[] KeysOf(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => SgdKeys,
        OptimizerKind.RmsProp => RmsPropKeys,
        OptimizerKind.Adam or OptimizerKind.AdamW => AdamKeys,
        _ => throw UnknownKind(kind),
    };

    string ValueText(string key) => key switch
    {
        "lr" => Format(LearningRate),
        "momentum" => Format(Momentum),
        "dampening" => Format(Dampening),
        "weight_decay" => Format(WeightDecay),
        "nesterov" => Format(Nesterov),
        "alpha" => Format(Alpha),
        "eps" => Format(Eps),
        "centered" => Format(Centered),
        "betas" => $"{Format(Beta1)},{Format(Beta2)}",
        "amsgrad" => Format(AmsGrad),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "unknown key"),
    };

    OptimizerSettings With(string key, string value, string text)
    {
        double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            ? x
            : throw new FormatException($"optimizer '{text}': {key}={value}: '{s}' is not a number");
        bool Flag() => value switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException($"optimizer '{text}': {key}={value}: expected true or false"),
        };
        switch (key)
        {
            case "lr": return this with { LearningRate = Number(value) };
            case "momentum": return this with { Momentum = Number(value) };
            case "dampening": return this with { Dampening = Number(value) };
            case "weight_decay": return this with { WeightDecay = Number(value) };
            case "nesterov": return this with { Nesterov = Flag() };
            case "alpha": return this with { Alpha = Number(value) };
            case "eps": return this with { Eps = Number(value) };
            case "centered": return this with { Centered = Flag() };
            case "amsgrad": return this with { AmsGrad = Flag() };
            case "betas":
                string[] betas = value.Split(',');
                if (betas.Length != 2)
                    throw new FormatException($"optimizer '{text}': betas={value}: expected two numbers 'b1,b2'");
                return this with { Beta1 = Number(betas[0]), Beta2 = Number(betas[1]) };
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "unknown key");
        }
    }

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    static string Format(bool value) => value ? "true" : "false";
}
