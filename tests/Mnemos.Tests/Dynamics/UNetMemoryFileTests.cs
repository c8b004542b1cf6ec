// U-Net memory files: a U-Net model file (format mnemos.unet, PyTorch names) plus the memory's
// tensors and metadata; everything round-trips exactly, the format key tells the two kinds apart,
// and a file whose parts do not fit is refused with one line.
using Mnemos.Conv;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Conv.ConvTestSupport;

namespace Mnemos.Tests.Dynamics;

public class UNetMemoryFileTests
{
    static AssociativeMemory Memory()
    {
        var net = new UNet(new UNetSpec(3, 4, 4, 1, 2, Activation.Tanh, Kernel: 1));
        net.InitPyTorch(new Rng(5));
        var examples = new Matrix(2, 48, Uniform(96, 6));
        var anchors = new Matrix(2, 48, Uniform(96, 7));
        return new AssociativeMemory(new UNetMap(net), examples, anchors: anchors).WithSpectralRadii([0.25, 1.5]).WithStoredRows([true, false]);
    }

    [Fact]
    public void A_unet_memory_round_trips_exactly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        var memory = Memory();
        var metadata = new ModelMetadata { Training = new Dictionary<string, string> { ["architecture"] = "unet", ["seed"] = "5" } };
        MemoryFile.Save(path, memory, metadata);
        var (loaded, loadedMetadata) = MemoryFile.Load(path);
        var map = Assert.IsType<UNetMap>(loaded.Map);
        var original = (UNetMap)memory.Map;
        Assert.Equal(original.Net.Spec, map.Net.Spec);
        Assert.Equal(original.Net.Parameters, map.Net.Parameters);
        Assert.Equal(memory.Examples.Data, loaded.Examples.Data);
        Assert.Equal(memory.Anchors.Data, loaded.Anchors.Data);
        Assert.Equal([0.25, 1.5], loaded.SpectralRadii!);
        Assert.Equal([true, false], loaded.StoredRows!);
        Assert.Equal(metadata.Training, loadedMetadata.Training);
        // The spec lives in the format's keys, not among the memory's extra metadata.
        Assert.DoesNotContain(loadedMetadata.Extra.Keys, UNetFile.MetadataKeys.Contains);
    }

    [Fact]
    public void The_network_part_is_a_unet_model_file_with_PyTorch_names()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        var memory = Memory();
        MemoryFile.Save(path, memory);
        var file = Safetensors.Read(path);
        Assert.Equal(UNetFile.Format, file.Metadata["format"]);
        var net = UNetFile.FromFile(file, path, "memory.");
        Assert.Equal(((UNetMap)memory.Map).Net.Parameters, net.Parameters);
        Assert.Contains("enc.0.conv1.weight", file.Tensors.Keys);
        Assert.Equal(new[] { 2, 48 }, file.Tensors[MemoryFile.ExamplesTensor].Shape);
    }

    [Fact]
    public void A_plain_unet_model_file_is_refused_as_no_memory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        UNetFile.Save(path, ((UNetMap)Memory().Map).Net);
        var e = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Equal($"'{path}' holds a model but no stored examples (tensor 'memory.examples'): make it with 'mnemos store'", e.Message);
    }

    [Fact]
    public void Examples_of_another_image_size_are_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        MemoryFile.Save(path, Memory());
        var file = Safetensors.Read(path);
        var tensors = file.Tensors.ToDictionary(StringComparer.Ordinal);
        tensors[MemoryFile.ExamplesTensor] = TensorEntry.F32([2, 50], Uniform(100, 8));
        tensors[MemoryFile.AnchorsTensor] = TensorEntry.F32([2, 50], Uniform(100, 9));
        Safetensors.Write(path, new SafetensorsFile(file.Metadata, tensors));
        var e = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Equal($"'{path}': stored examples have 50 values but the U-Net maps 4x4x3 images (48 values)", e.Message);
    }

    [Fact]
    public void A_parameter_the_unet_lacks_is_refused_naming_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        MemoryFile.Save(path, Memory());
        var file = Safetensors.Read(path);
        var tensors = file.Tensors.ToDictionary(StringComparer.Ordinal);
        tensors["layers.0.weight"] = TensorEntry.F32([1], [1f]);
        Safetensors.Write(path, new SafetensorsFile(file.Metadata, tensors));
        var e = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Equal($"{path}: tensor 'layers.0.weight' is not a parameter of this U-Net", e.Message);
    }
}
