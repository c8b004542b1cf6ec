// The U-Net as a list of nodes in evaluation order, each naming its sources: built once from a spec
// and walked forwards (values, tangents) and backwards (gradients) by UNet and ReferenceUNet.
namespace Mnemos.Conv;

internal enum NodeKind { Input, Conv, Pool, Up, Concat }

/// <summary>
/// One node producing [Channels × Height × Width] per image from node <see cref="Source"/> (and
/// <see cref="Source2"/> for a concatenation). Conv and Up nodes own layer <see cref="Layer"/>.
/// </summary>
internal sealed record UNetNode(NodeKind Kind, int Source, int Source2, int Channels, int Height, int Width, int Layer)
{
    public int Size => Channels * Height * Width;
}

/// <summary>
/// A layer's parameters in the flat buffer: weight then bias, PyTorch names and shapes. For an
/// up-convolution <see cref="Geometry"/> only carries C, O and the input size (its kernel field is
/// 1, not 2): the weight is [C × O × 2 × 2] and the output 2H × 2W.
/// </summary>
internal sealed record UNetLayer(string Name, ConvGeometry Geometry, bool IsUp, bool HasActivation, int WeightOffset, int BiasOffset)
{
    public int InChannels => Geometry.Channels;
    public int OutChannels => Geometry.OutChannels;
    public int WeightCount => IsUp ? UpConv2x2.WeightCount(InChannels, OutChannels) : Geometry.WeightCount;
    public int[] WeightShape => IsUp ? [InChannels, OutChannels, 2, 2] : [OutChannels, InChannels, Geometry.Kernel, Geometry.Kernel];
}

internal sealed class UNetGraph
{
    readonly List<UNetNode> nodes = [];
    readonly List<UNetLayer> layers = [];
    readonly Dictionary<string, int> layerIndex = [];

    public UNetGraph(UNetSpec spec)
    {
        spec.Validate();
        int h = spec.Height, w = spec.Width, k = spec.Kernel, d = spec.Depth;
        int C(int level) => spec.LevelChannels(level);

        // Layers in the registration order of the PyTorch module (scripts/torch_unet_golden.py):
        // encoder blocks, bottom, up-convolutions, decoder blocks, head. Level l works at h/2ˡ × w/2ˡ.
        for (int l = 0; l < d; l++)
        {
            int cin = l == 0 ? spec.ImageChannels : C(l - 1);
            AddConv($"enc.{l}.conv1", cin, h >> l, w >> l, C(l), k, true);
            AddConv($"enc.{l}.conv2", C(l), h >> l, w >> l, C(l), k, true);
        }
        AddConv("bottom.conv1", d == 0 ? spec.ImageChannels : C(d - 1), h >> d, w >> d, C(d), k, true);
        AddConv("bottom.conv2", C(d), h >> d, w >> d, C(d), k, true);
        for (int l = 0; l < d; l++)
            AddLayer($"up.{l}", new ConvGeometry(C(l + 1), h >> (l + 1), w >> (l + 1), C(l), 1), isUp: true, activation: false);
        for (int l = 0; l < d; l++)
        {
            AddConv($"dec.{l}.conv1", 2 * C(l), h >> l, w >> l, C(l), k, true);
            AddConv($"dec.{l}.conv2", C(l), h >> l, w >> l, C(l), k, true);
        }
        AddConv("head", C(0), h, w, spec.ImageChannels, 1, false);

        // Nodes in evaluation order.
        int x = Add(NodeKind.Input, -1, -1, spec.ImageChannels, h, w, -1);
        var skips = new int[d];
        for (int l = 0; l < d; l++)
        {
            x = Conv($"enc.{l}.conv2", Conv($"enc.{l}.conv1", x));
            skips[l] = x;
            x = Add(NodeKind.Pool, x, -1, C(l), h >> (l + 1), w >> (l + 1), -1);
        }
        x = Conv("bottom.conv2", Conv("bottom.conv1", x));
        for (int l = d - 1; l >= 0; l--)
        {
            int up = Add(NodeKind.Up, x, -1, C(l), h >> l, w >> l, layerIndex[$"up.{l}"]);
            int cat = Add(NodeKind.Concat, skips[l], up, 2 * C(l), h >> l, w >> l, -1);
            x = Conv($"dec.{l}.conv2", Conv($"dec.{l}.conv1", cat));
        }
        Conv("head", x);
    }

    public IReadOnlyList<UNetNode> Nodes => nodes;
    public IReadOnlyList<UNetLayer> Layers => layers;
    public int ParameterCount { get; private set; }

    int Conv(string layerName, int source)
    {
        int layer = layerIndex[layerName];
        var g = layers[layer].Geometry;
        return Add(NodeKind.Conv, source, -1, g.OutChannels, g.OutHeight, g.OutWidth, layer);
    }

    int Add(NodeKind kind, int source, int source2, int channels, int height, int width, int layer)
    {
        nodes.Add(new UNetNode(kind, source, source2, channels, height, width, layer));
        return nodes.Count - 1;
    }

    void AddConv(string name, int channels, int height, int width, int outChannels, int kernel, bool activation) =>
        AddLayer(name, new ConvGeometry(channels, height, width, outChannels, kernel, 1, (kernel - 1) / 2), false, activation);

    void AddLayer(string name, ConvGeometry geometry, bool isUp, bool activation)
    {
        int weights = isUp ? UpConv2x2.WeightCount(geometry.Channels, geometry.OutChannels) : geometry.WeightCount;
        long total = (long)ParameterCount + weights + geometry.OutChannels;
        if (total > Array.MaxLength)
            throw new ArgumentException($"U-Net has more than {Array.MaxLength} parameters: more than one buffer holds");
        layerIndex[name] = layers.Count;
        layers.Add(new UNetLayer(name, geometry, isUp, activation, ParameterCount, ParameterCount + weights));
        ParameterCount = (int)total;
    }
}
