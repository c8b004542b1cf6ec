// ModelFile.Load: every way a file can disagree with the format is refused with an
// InvalidDataException that starts with the path and names the key, tensor or value at fault.
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Storage;

public class ModelFileValidationTests
{
    static readonly MlpSpec spec = new(5, 3, 2, 7, Activation.Selu);

    /// <summary>Saves a valid model, lets <paramref name="damage"/> edit its metadata and tensors, writes it back and loads it.</summary>
    static string LoadError(Action<Dictionary<string, string>, Dictionary<string, TensorEntry>> damage)
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, ModelFileTests.RandomModel(spec, 8), ModelFileTests.FullMetadata());
        var file = Safetensors.Read(path);
        var metadata = new Dictionary<string, string>(file.Metadata);
        var tensors = new Dictionary<string, TensorEntry>(file.Tensors);
        damage(metadata, tensors);
        Safetensors.Write(path, new SafetensorsFile(metadata, tensors));
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.StartsWith(path + ": ", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message[(path.Length + 2)..];
    }

    const string Architecture = "depth 2 width 7 (input size 5, output size 3, bias true)";

    [Fact]
    public void Unchanged_file_loads_so_the_damage_helper_is_the_only_cause()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, ModelFileTests.RandomModel(spec, 8));
        var file = Safetensors.Read(path);
        Safetensors.Write(path, file);
        Assert.Equal(spec, ModelFile.Load(path).Model.Spec);
    }

    [Fact]
    public void File_that_is_not_safetensors_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        File.WriteAllText(path, "hello");
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Equal($"{path}: not a valid safetensors file: file has 5 bytes: a safetensors file starts with an 8-byte header length", ex.Message);
    }

    public static TheoryData<string, string?, string> MetadataDamage => new()
    {
        { "format", null, "metadata has no 'format' key: expected format mnemos.mlp (a safetensors file, but not a Mnemos model)" },
        { "format", "mnemos.unet", "expected format mnemos.mlp, found 'mnemos.unet'" },
        { "format_version", "2", "file has format_version 2; this Mnemos reads 1: upgrade Mnemos" },
        { "format_version", "0", "format_version 0 is not a valid version; this Mnemos reads 1" },
        { "format_version", "one", "metadata format_version 'one' is not an integer" },
        { "format_version", null, "metadata has no 'format_version' key" },
        { "activation", "gelu", "metadata activation 'gelu' is unknown: expected one of identity, relu, leaky_relu, selu, swish, cosid, sinusoid, sigmoid, tanh" },
        { "activation", "SELU", "metadata activation 'SELU' is unknown" },
        { "activation", null, "metadata has no 'activation' key" },
        { "bias", "yes", "metadata bias 'yes': expected true or false" },
        { "input_size", "-3", "metadata input_size -3: must be between 0 and 2147483647" },
        { "input_size", "0", "metadata describes an invalid network: input size 0: must be at least 1" },
        { "width", "99999999999", "metadata width 99999999999: must be between 0 and 2147483647" },
        { "depth", "2000000000", "metadata depth 2000000000 needs 2000000001 weight tensors but the file holds 6 tensors" },
        { "depth", "1", "layers.1.weight has shape [7, 7], expected [3, 7] for depth 1 width 7 (input size 5, output size 3, bias true)" },
        { "depth", "3", "layers.2.weight has shape [3, 7], expected [7, 7] for depth 3 width 7 (input size 5, output size 3, bias true)" },
        { "width", "6", "layers.0.weight has shape [7, 5], expected [6, 5] for depth 2 width 6 (input size 5, output size 3, bias true)" },
        { "input_size", "4", "layers.0.weight has shape [7, 5], expected [7, 4]" },
        { "output_size", "5", "layers.2.weight has shape [3, 7], expected [5, 7]" },
        { "bias", "false", "unexpected tensor layers.0.bias: a network of depth 2 width 7 (input size 5, output size 3, bias false) has no such parameter" },
        { "training", "[1]", "metadata training is not a JSON object of strings: [1]" },
        { "training", """{"lr":0.1}""", """metadata training is not a JSON object of strings: {"lr":0.1}""" },
        { "loss_history", "[[0,1],[1]]", "metadata loss_history is not a JSON list of [epoch, loss] pairs: [[0,1],[1]]" },
        { "loss_history", """[[0,"lots"]]""", "metadata loss_history is not a JSON list of [epoch, loss] pairs" },
        { "data_shape", null, "metadata has data_sha256 without data_shape" },
        { "data_shape", "10 x 5", "metadata data_shape '10 x 5' is not of the form <rows>x<cols>, e.g. 100x784" },
        { "data_sha256", "xyz", "metadata data_sha256 'xyz' is not 64 lowercase hex digits" },
        // Bug: an upper-case digest was accepted (and lower-cased) though the format documents lower case.
        { "data_sha256", new string('A', 64), $"metadata data_sha256 '{new string('A', 64)}' is not 64 lowercase hex digits" },
        { "data_sha256", "ab\ncd", "metadata data_sha256 'ab?cd' is not 64 lowercase hex digits" },
        // Values from the file never carry a newline or an escape sequence into the message.
        { "activation", "relu\n\u001b[2J", "metadata activation 'relu??[2J' is unknown" },
        { "bias", "yes\r\nno", "metadata bias 'yes??no': expected true or false" },
    };

    [Theory]
    [MemberData(nameof(MetadataDamage))]
    public void Bad_metadata_is_refused_naming_the_key_and_value(string key, string? value, string message)
    {
        string error = LoadError((metadata, _) =>
        {
            if (value == null) metadata.Remove(key);
            else metadata[key] = value;
        });
        Assert.Contains(message, error);
    }

    [Fact]
    public void Missing_parameter_tensor_is_refused()
    {
        Assert.Equal($"tensor layers.1.bias is missing: {Architecture} needs it", LoadError((_, t) => t.Remove("layers.1.bias")));
    }

    [Fact]
    public void Extra_parameter_tensor_is_refused()
    {
        Assert.Equal($"unexpected tensor layers.3.weight: a network of {Architecture} has no such parameter",
            LoadError((_, t) => t["layers.3.weight"] = TensorEntry.F32([3, 3], new float[9])));
    }

    [Fact]
    public void Transposed_weight_is_refused_with_both_shapes()
    {
        Assert.Equal($"layers.0.weight has shape [5, 7], expected [7, 5] for {Architecture}",
            LoadError((_, t) => t["layers.0.weight"] = TensorEntry.F32([5, 7], t["layers.0.weight"].Data)));
    }

    [Theory]
    [InlineData("layers.2.weight", 7 * 1 + 4, float.NaN, "layers.2.weight[1, 4] is NaN: the file holds a diverged or damaged model")]
    [InlineData("layers.1.bias", 6, float.PositiveInfinity, "layers.1.bias[6] is Infinity: the file holds a diverged or damaged model")]
    public void Non_finite_parameters_are_refused_naming_the_element(string name, int index, float value, string message)
    {
        Assert.Equal(message, LoadError((_, t) => t[name].Data[index] = value));
    }

    [Fact]
    public void Other_tensors_are_kept_as_extras_whatever_their_values()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var extras = new Dictionary<string, TensorEntry> { ["memory.examples"] = TensorEntry.F32([1, 2], [float.NaN, 1]) };
        ModelFile.Save(path, ModelFileTests.RandomModel(spec, 8), null, extras);
        Assert.True(float.IsNaN(ModelFile.Load(path).Extras["memory.examples"].Data[0]));
    }
}
