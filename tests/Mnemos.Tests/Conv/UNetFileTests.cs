// U-Net model files: a file written from PyTorch's state_dict by scripts/torch_unet_golden.py loads
// and reproduces PyTorch's output; save/load round trips; damaged files are named.
using Mnemos.Conv;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Conv;

public class UNetFileTests
{
    static readonly string TorchModel = Golden.File("Conv", "tiny_unet.safetensors");

    [Fact]
    public void A_file_written_from_PyTorchs_state_dict_loads_and_reproduces_its_output()
    {
        var net = UNetFile.Load(TorchModel);
        Assert.Equal(new UNetSpec(3, 8, 8, 2, 2, Activation.Relu), net.Spec);
        float[] x = Npz.Read(Golden.File("Conv", "tiny_unet.npz"), "input").Data;
        double[] expected = Npz.Read(Golden.File("Conv", "tiny_unet.npz"), "output").Data.Select(v => (double)v).ToArray();
        var y = net.Forward(Mnemos.Kernels.Reference.ReferenceGemm.Instance, x, new UNetWorkspace(net, 2));
        Tolerance.AllClose(expected, y, 1e-5, 1e-6, "output");
    }

    [Fact]
    public void Save_then_load_gives_the_same_network()
    {
        using var dir = new TempDirectory();
        var net = new UNet(new UNetSpec(2, 8, 4, 1, 3, Activation.LeakyRelu, Kernel: 5));
        net.InitPyTorch(new Rng(2));
        string path = Path.Combine(dir.Path, "u.safetensors");
        UNetFile.Save(path, net);
        var loaded = UNetFile.Load(path);
        Assert.Equal(net.Spec, loaded.Spec);
        Assert.Equal(net.Parameters, loaded.Parameters);
        var header = Safetensors.ReadHeader(path);
        Assert.Equal("mnemos.unet", header.Metadata["format"]);
        Assert.Equal("leaky_relu", header.Metadata["activation"]);
    }

    [Fact]
    public void Wrong_shape_missing_tensor_and_foreign_format_are_named()
    {
        using var dir = new TempDirectory();
        var torch = Safetensors.Read(TorchModel);
        string path = Path.Combine(dir.Path, "bad.safetensors");

        var tensors = torch.Tensors.ToDictionary(t => t.Key, t => t.Value);
        tensors["head.weight"] = TensorEntry.F32([3, 2], new float[6]);
        Safetensors.Write(path, torch with { Tensors = tensors });
        var e = Assert.Throws<InvalidDataException>(() => UNetFile.Load(path));
        Assert.Equal($"{path}: tensor 'head.weight' has shape [3, 2], expected [3, 2, 1, 1]", e.Message);

        tensors.Remove("head.weight");
        Safetensors.Write(path, torch with { Tensors = tensors });
        e = Assert.Throws<InvalidDataException>(() => UNetFile.Load(path));
        Assert.Equal($"{path}: tensor 'head.weight' is missing", e.Message);

        var metadata = torch.Metadata.ToDictionary(m => m.Key, m => m.Value);
        metadata["format"] = "mnemos.mlp";
        Safetensors.Write(path, torch with { Metadata = metadata });
        e = Assert.Throws<InvalidDataException>(() => UNetFile.Load(path));
        Assert.Equal($"{path}: format 'mnemos.mlp', expected 'mnemos.unet' (a U-Net model file written by Mnemos)", e.Message);
    }
}
