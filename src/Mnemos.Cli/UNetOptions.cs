// The options of mnemos store that choose a U-Net memory (--architecture unet) and shape it, and
// how they become a UNetSpec for image data. --depth and --activation are the train options', read
// with U-Net defaults; options that only mean something for a fully connected network are refused.
using System.CommandLine;
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Kernels;

namespace Mnemos.Cli;

sealed class UNetOptions
{
    public const int DefaultDepth = 2, DefaultBaseChannels = 8;
    public const string DefaultActivation = "relu";

    public readonly Option<string> Architecture = new("--architecture")
    {
        Description = "Network: mlp (fully connected, --depth hidden layers of --width) or unet (a U-Net on image data: --depth poolings, "
            + $"default {DefaultDepth}; --base-channels; --kernel; --activation, default {DefaultActivation}).",
        DefaultValueFactory = _ => "mlp",
    };
    public readonly Option<int> BaseChannels = CliOptions.Int("--base-channels", "With --architecture unet: channels at the top level, doubling per level.", DefaultBaseChannels, 1, 1 << 16);
    public readonly Option<int> Kernel = CliOptions.Int("--kernel", "With --architecture unet: side of every convolution kernel (odd; padding keeps the size).", 3, 1, 31);
    public readonly Option<string?> Image = new("--image-shape")
    {
        Description = "With --architecture unet: the image under each data row, WxHxC (row-major, channel fastest); needed when the data source does not fix it (bundled image sets and image files do).",
    };

    public readonly Option<int> NoisyCopies = CliOptions.Int("--noisy-copies",
        "With --architecture unet: also train this many noisy copies of every image to the clean image (fresh noise each epoch; docs/consolidation.md).", 0, 0, 1000);
    public readonly Option<double?> NoisySigma = CliOptions.Double("--noisy-sigma",
        "With --noisy-copies: standard deviation of the copies' Gaussian noise (data on [0, 1]).", 0.1, 0, exclusiveMin: true);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Architecture, BaseChannels, Kernel, Image, NoisyCopies, NoisySigma }) command.Options.Add(option);
    }

    /// <summary>True for --architecture unet, false for mlp; anything else is a usage error.</summary>
    public bool IsUNet(ParseResult parse)
    {
        string text = parse.GetValue(Architecture)!;
        return text.Trim().ToLowerInvariant() switch
        {
            "mlp" => false,
            "unet" => true,
            _ => throw new CliUsageException($"--architecture '{text}': expected mlp or unet"),
        };
    }

    /// <summary>The U-Net options given with --architecture mlp are refused, naming the first.</summary>
    public void CheckUnused(ParseResult parse)
    {
        foreach (var option in new Option[] { BaseChannels, Kernel, Image, NoisyCopies, NoisySigma })
            if (Given(parse, option)) throw new CliUsageException($"{option.Name}: only with --architecture unet");
    }

    /// <summary>
    /// Train and store options that mean nothing for a U-Net memory, refused naming the first given:
    /// the U-Net autoencodes, has biases and PyTorch's initialisation, and is not consolidated.
    /// </summary>
    public static void CheckFullyConnectedOnly(ParseResult parse, TrainOptions o, GuaranteeOptions g)
    {
        (Option Option, string Why)[] refused =
        [
            (o.Width, "a U-Net's widths are --base-channels doubling per level"),
            (o.NoBias, "every U-Net layer has a bias"),
            (o.Init, "a U-Net starts from PyTorch's default initialisation"),
            (o.InitFrom, "U-Net weights come from --resume only"),
            (o.CycleLength, "a U-Net memory autoencodes; sequence memories are fully connected"),
            (o.Cycles, "a U-Net memory autoencodes; sequence memories are fully connected"),
            (g.Guarantee, "consolidation trains fully connected networks only"),
        ];
        foreach (var (option, why) in refused)
            if (Given(parse, option)) throw new CliUsageException($"{option.Name} with --architecture unet: {why}");
    }

    /// <summary>
    /// The image shape of the data rows: --image-shape, else the source's own (<paramref name="sourceShape"/>).
    /// Data with neither is refused: a U-Net needs images.
    /// </summary>
    public ImageShape Shape(ParseResult parse, string source, int columns, ImageShape? sourceShape)
    {
        ImageShape? given = null;
        if (parse.GetValue(Image) is { } text)
        {
            try { given = ImageShape.Parse(text); }
            catch (ArgumentException e) { throw new CliUsageException($"--image-shape: {e.Message}"); }
            if (given.Value.Size != columns)
                throw new CliUsageException($"--image-shape {given}: {given.Value.Size} values, but '{source}' has {columns} per row");
            if (sourceShape is { } own && own != given)
                throw new CliUsageException($"--image-shape {given}: '{source}' holds {own} images");
        }
        return given ?? sourceShape ?? throw new CliUsageException(
            $"--architecture unet needs image data: '{source}' gives rows of {columns} values and no image shape (use bundled image sets or image files, or give --image-shape WxHxC)");
    }

    /// <summary>The U-Net for images of <paramref name="shape"/> that the options describe.</summary>
    public UNetSpec Spec(ParseResult parse, TrainOptions o, ImageShape shape)
    {
        int depth = Given(parse, o.Depth) ? parse.GetValue(o.Depth) : DefaultDepth;
        string activationText = Given(parse, o.Activation) ? parse.GetValue(o.Activation)! : DefaultActivation;
        if (!Activations.TryParse(activationText, out var activation))
            throw new CliUsageException($"--activation: unknown activation '{activationText}' (expected one of {string.Join(", ", Activations.Names)})");
        var spec = new UNetSpec(shape.Channels, shape.Height, shape.Width, depth, parse.GetValue(BaseChannels), activation, parse.GetValue(Kernel));
        try { spec.Validate(); }
        catch (ArgumentException e) { throw new CliUsageException($"--architecture unet: {e.Message}"); }
        return spec;
    }

    /// <summary>The first U-Net option given on the command line whose value differs from <paramref name="spec"/>'s, else null.</summary>
    public string? FirstDifference(ParseResult parse, TrainOptions o, UNetSpec spec)
    {
        if (Given(parse, o.Depth) && parse.GetValue(o.Depth) != spec.Depth) return o.Depth.Name;
        if (Given(parse, BaseChannels) && parse.GetValue(BaseChannels) != spec.BaseChannels) return BaseChannels.Name;
        if (Given(parse, Kernel) && parse.GetValue(Kernel) != spec.Kernel) return Kernel.Name;
        if (Given(parse, o.Activation) && !(Activations.TryParse(parse.GetValue(o.Activation)!, out var a) && a == spec.Activation)) return o.Activation.Name;
        return null;
    }

    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
