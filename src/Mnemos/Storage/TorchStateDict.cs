// PyTorch state dicts of nn.Sequential Linear stacks, as safetensors.torch.save_file(model.state_dict())
// writes them: keys "{prefix}{index}.weight" [out, in] and "{prefix}{index}.bias" [out], where the
// indices are the Linear modules' positions in the Sequential (0, 2, 4, … with an activation between
// them, or with any gaps, e.g. a Dropout) and the prefix is empty or the attribute path to the
// Sequential ("layers."). No metadata is needed: sizes come from the shapes. Mnemos's Mlp stores
// weights [out, in] row-major like torch.nn.Linear, so tensors are copied as they are.
// Writing gives the plain form nn.Sequential(Linear, φ, Linear, φ, …, Linear) loads: 0.weight,
// 0.bias, 2.weight, … Described in docs/pytorch.md.
using System.Globalization;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Storage;

/// <summary>One Linear layer of a state dict: its index in the Sequential, tensor names and sizes.</summary>
internal sealed record TorchLinear(int Index, string WeightName, string? BiasName, int Inputs, int Outputs);

/// <summary>
/// The network a PyTorch state dict describes, checked to be one Mnemos can run: Linear layers in
/// order, each feeding the next, one hidden width, biases on every layer or none, F32 or F64 values,
/// all finite. Reading failures throw <see cref="InvalidDataException"/> with one line naming the
/// tensor that cannot be mapped.
/// </summary>
internal sealed class TorchStateDict
{
    /// <summary>Metadata key naming the activation (written by <see cref="Save"/> and by Mnemos model files).</summary>
    public const string ActivationKey = "activation";

    readonly IReadOnlyDictionary<string, TensorEntry> tensors;

    TorchStateDict(string prefix, IReadOnlyList<TorchLinear> layers, IReadOnlyDictionary<string, TensorEntry> tensors, Activation? activation)
    {
        (Prefix, Layers, this.tensors, Activation) = (prefix, layers, tensors, activation);
    }

    /// <summary>What precedes the layer indices in every key: "" or e.g. "layers.".</summary>
    public string Prefix { get; }

    /// <summary>The Linear layers in order.</summary>
    public IReadOnlyList<TorchLinear> Layers { get; }

    /// <summary>The activation the file's metadata names (a file from <see cref="Save"/> or a Mnemos model file), else null.</summary>
    public Activation? Activation { get; }

    public bool Bias => Layers[0].BiasName is not null;
    public int InputSize => Layers[0].Inputs;
    public int OutputSize => Layers[^1].Outputs;
    public int Depth => Layers.Count - 1;

    /// <summary>The hidden width; 0 for a single Linear layer.</summary>
    public int Width => Depth > 0 ? Layers[0].Outputs : 0;

    /// <summary>The architecture with <paramref name="activation"/> between the layers (a state dict does not record it).</summary>
    public MlpSpec Spec(Activation activation) => new(InputSize, OutputSize, Depth, Width, activation, Bias);

    /// <summary>"3 Linear layers 8 → 16 → 16 → 8 (layers.0, layers.3, layers.5; with biases)": sizes, keys, biases.</summary>
    public string Describe()
    {
        var keys = Layers.Select(l => Name(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{l.Index}"))).ToList();
        if (keys.Count > 6) keys = [.. keys.Take(3), "…", .. keys.TakeLast(2)];
        return $"{Layers.Count} Linear layer{(Layers.Count == 1 ? "" : "s")} {string.Join(" → ", Layers.Select(l => l.Inputs).Append(OutputSize))}" +
            $" ({string.Join(", ", keys)}; {(Bias ? "with biases" : "no biases")})";
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless the network maps ℝ^d → ℝ^d (a memory iterates
    /// it), naming the last weight.
    /// </summary>
    public void CheckSquare()
    {
        if (OutputSize != InputSize)
            throw new InvalidDataException(
                $"{Name(Layers[^1].WeightName)} has {OutputSize} outputs but {Name(Layers[0].WeightName)} takes {InputSize} inputs: a memory maps R^d → R^d, so the last layer must give as many values as the first takes");
    }

    /// <summary>An Mlp with these weights and <paramref name="activation"/> after every hidden layer.</summary>
    public Mlp ToMlp(Activation activation)
    {
        var model = new Mlp(Spec(activation));
        for (int l = 0; l < Layers.Count; l++)
        {
            tensors[Layers[l].WeightName].Data.CopyTo(model.Weight(l));
            if (Layers[l].BiasName is { } bias) tensors[bias].Data.CopyTo(model.Bias(l));
        }
        return model;
    }

    /// <summary>Reads and checks a state dict saved as safetensors.</summary>
    public static TorchStateDict Load(string path)
    {
        SafetensorsFile file;
        try
        {
            file = Safetensors.Read(path);
        }
        catch (InvalidDataException ex) when (ex.InnerException is InvalidDataException inner)
        {
            throw new InvalidDataException($"{path}: not a valid safetensors file: {inner.Message}", ex);
        }
        return Safetensors.WithPath(path, () => FromFile(file));
    }

    /// <summary>Checks the tensors of <paramref name="file"/> form a Linear stack Mnemos can run; metadata is read only for the activation.</summary>
    public static TorchStateDict FromFile(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Tensors.Count == 0)
            throw new InvalidDataException("the file holds no tensors: expected a state dict with keys like 0.weight, 0.bias, 2.weight, …");
        // Every tensor's dtype and values first, in name order, so the message names the first bad one.
        foreach (var (name, entry) in file.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (entry.DType is not ("F32" or "F64"))
                throw new InvalidDataException($"{Name(name)} has dtype {entry.DType}: import reads F32 and F64 (in PyTorch, model.float() before saving)");
        }
        var keys = new List<(string Name, string Prefix, int Index, bool IsWeight)>();
        foreach (var name in file.Tensors.Keys.Order(StringComparer.Ordinal))
        {
            if (!TryParseKey(name, out string prefix, out int index, out bool isWeight))
                throw new InvalidDataException($"{Name(name)} is not the weight or bias of a Linear layer in an nn.Sequential (expected keys like 0.weight, 0.bias, 2.weight or layers.0.weight){Hint(name)}");
            keys.Add((name, prefix, index, isWeight));
        }
        string commonPrefix = keys[0].Prefix;
        if (keys.FirstOrDefault(k => k.Prefix != commonPrefix) is { Name: not null } other)
            throw new InvalidDataException(
                $"{Name(other.Name)} has prefix '{Name(other.Prefix)}' but {Name(keys[0].Name)} has '{Name(commonPrefix)}': import reads one nn.Sequential, whose keys share one prefix");

        var layers = new List<TorchLinear>();
        foreach (var group in keys.GroupBy(k => k.Index).OrderBy(g => g.Key))
        {
            string weightName = Key(commonPrefix, group.Key, "weight"), biasName = Key(commonPrefix, group.Key, "bias");
            bool hasBias = group.Any(k => !k.IsWeight);
            if (!group.Any(k => k.IsWeight)) throw new InvalidDataException($"{Name(biasName)} has no {Name(weightName)}: every Linear layer has a weight");
            var weight = file.Tensors[weightName];
            if (weight.Shape.Length != 2 || weight.Shape[0] < 1 || weight.Shape[1] < 1)
                throw new InvalidDataException($"{Name(weightName)} has shape {Safetensors.FormatShape(weight.Shape)}: a Linear weight is [out_features, in_features], both at least 1");
            int outputs = weight.Shape[0], inputs = weight.Shape[1];
            if (layers.Count > 0 && inputs != layers[^1].Outputs)
                throw new InvalidDataException(
                    $"{Name(weightName)} has shape {Safetensors.FormatShape(weight.Shape)}: its {inputs} inputs do not match the {layers[^1].Outputs} outputs of {Name(layers[^1].WeightName)}, the layer before it");
            if (hasBias)
            {
                var bias = file.Tensors[biasName];
                if (bias.Shape.Length != 1 || bias.Shape[0] != outputs)
                    throw new InvalidDataException($"{Name(biasName)} has shape {Safetensors.FormatShape(bias.Shape)}, expected [{outputs}] (the outputs of {Name(weightName)})");
            }
            if (layers.Count > 0 && hasBias != (layers[0].BiasName is not null))
            {
                var (missing, present) = hasBias ? (Key(commonPrefix, layers[0].Index, "bias"), biasName) : (biasName, layers[0].BiasName!);
                throw new InvalidDataException($"{Name(missing)} is missing but {Name(present)} is there: a Mnemos network has a bias on every layer or on none");
            }
            layers.Add(new TorchLinear(group.Key, weightName, hasBias ? biasName : null, inputs, outputs));
        }
        // Mnemos networks have one hidden width: every layer but the last gives as many outputs as the first.
        for (int l = 1; l < layers.Count - 1; l++)
            if (layers[l].Outputs != layers[0].Outputs)
                throw new InvalidDataException(
                    $"{Name(layers[l].WeightName)} has {layers[l].Outputs} outputs but {Name(layers[0].WeightName)} has {layers[0].Outputs}: a Mnemos network has one hidden width");
        foreach (var layer in layers)
        {
            CheckFinite(layer.WeightName, file.Tensors[layer.WeightName]);
            if (layer.BiasName is { } b) CheckFinite(b, file.Tensors[b]);
        }
        var result = new TorchStateDict(commonPrefix, layers, file.Tensors, ActivationOf(file.Metadata));
        try
        {
            result.Spec(Kernels.Activation.Identity).Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{Name(layers[0].WeightName)}: {e.Message}", e);
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="model"/> as the state dict of nn.Sequential(Linear, φ, …, Linear): keys
    /// 0.weight, 0.bias, 2.weight, … (F32), metadata format "pt" and the activation's Mnemos name.
    /// </summary>
    public static void Save(string path, Mlp model) => Safetensors.Write(path, ToFile(model));

    /// <summary>The file <see cref="Save"/> writes.</summary>
    public static SafetensorsFile ToFile(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        for (int l = 0; l < model.LayerCount; l++)
        {
            int outputs = model.Spec.LayerOutputs(l), inputs = model.Spec.LayerInputs(l);
            tensors.Add(WeightName(l), TensorEntry.F32([outputs, inputs], model.Weight(l).ToArray()));
            if (model.Spec.Bias) tensors.Add(BiasName(l), TensorEntry.F32([outputs], model.Bias(l).ToArray()));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            [ActivationKey] = model.Spec.Activation.Name(),
        };
        return new SafetensorsFile(metadata, tensors);
    }

    /// <summary>
    /// The torch module for <paramref name="activation"/>: nn.SELU(), nn.SiLU() for swish, …; cosid
    /// and sinusoid have none in torch and are the small modules Cosid() and Sinusoid() of docs/pytorch.md.
    /// </summary>
    public static string TorchModule(Activation activation) => activation switch
    {
        Kernels.Activation.Identity => "nn.Identity()",
        Kernels.Activation.Relu => "nn.ReLU()",
        Kernels.Activation.LeakyRelu => "nn.LeakyReLU(0.01)",
        Kernels.Activation.Selu => "nn.SELU()",
        Kernels.Activation.Swish => "nn.SiLU()",
        Kernels.Activation.Cosid => "Cosid()",
        Kernels.Activation.Sinusoid => "Sinusoid()",
        Kernels.Activation.Sigmoid => "nn.Sigmoid()",
        Kernels.Activation.Tanh => "nn.Tanh()",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>The torch expression of <paramref name="spec"/>: "nn.Sequential(nn.Linear(8, 16), nn.SELU(), …, nn.Linear(16, 8))".</summary>
    public static string TorchSequential(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var modules = new List<string>();
        for (int l = 0; l < spec.LayerCount; l++)
        {
            if (l > 0) modules.Add(TorchModule(spec.Activation));
            modules.Add(string.Create(CultureInfo.InvariantCulture, $"nn.Linear({spec.LayerInputs(l)}, {spec.LayerOutputs(l)}{(spec.Bias ? "" : ", bias=False")})"));
        }
        return $"nn.Sequential({string.Join(", ", modules)})";
    }

    /// <summary>Layer l's weight in the plain form: "{2l}.weight" (an activation module sits between Linear layers).</summary>
    public static string WeightName(int layer) => Key("", 2 * layer, "weight");

    public static string BiasName(int layer) => Key("", 2 * layer, "bias");

    static string Key(string prefix, int index, string kind) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{index}.{kind}");

    /// <summary>"{prefix}{index}.weight|bias" with index a plain decimal (no sign or leading zeros).</summary>
    static bool TryParseKey(string name, out string prefix, out int index, out bool isWeight)
    {
        (prefix, index, isWeight) = ("", 0, false);
        int dot = name.LastIndexOf('.');
        if (dot < 1) return false;
        string kind = name[(dot + 1)..];
        if (kind is not ("weight" or "bias")) return false;
        isWeight = kind == "weight";
        string rest = name[..dot];
        int start = rest.LastIndexOf('.') + 1;
        string digits = rest[start..];
        if (digits.Length is 0 or > 9 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')) return false;
        index = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        prefix = rest[..start];
        return true;
    }

    static string Hint(string name) =>
        name.StartsWith("memory.", StringComparison.Ordinal) ? ": this is a Mnemos memory file, which recall, certify and probe read as it is"
        : name.StartsWith("optimizer.", StringComparison.Ordinal) ? ": this is a Mnemos checkpoint (continue it with train --resume)"
        : "";

    static Activation? ActivationOf(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(ActivationKey, out var name) && Activations.TryParse(name, out var activation) && activation.Name() == name ? activation : null;

    static void CheckFinite(string name, TensorEntry entry)
    {
        for (int i = 0; i < entry.Data.Length; i++)
        {
            if (float.IsFinite(entry.Data[i])) continue;
            string at = entry.Shape.Length == 2 ? $"[{i / entry.Shape[1]}, {i % entry.Shape[1]}]" : $"[{i}]";
            string why = entry.DType == "F64" && !double.IsNaN(entry.Data[i]) ? " (too large for float32)" : "";
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Name(name)}{at} is {entry.Data[i]}{why}: Mnemos needs finite weights"));
        }
    }

    /// <summary>A name from the file, on one printable line.</summary>
    static string Name(string name) => FileText.Escape(name, 80);
}
