// ModelFile: save/load round trips parameters bit for bit and metadata exactly; Save refuses
// models and metadata the format cannot hold.
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Storage;

public class ModelFileTests
{
    internal static Mlp RandomModel(MlpSpec spec, ulong seed)
    {
        var model = new Mlp(spec);
        var rng = new Rng(seed);
        for (int i = 0; i < model.Parameters.Length; i++) model.Parameters[i] = (float)rng.Gaussian();
        return model;
    }

    internal static ModelMetadata FullMetadata() => new()
    {
        Training = new Dictionary<string, string> { ["optimizer"] = "adam", ["lr"] = "0.0001", ["seed"] = "42", ["note"] = "quote \" and n×d" },
        Data = new DataFingerprint(new string('a', 64), 10, 5),
        LossHistory = [new(0, 1.0 / 3), new(100, 1e-300), new(200, double.NaN), new(300, double.PositiveInfinity), new(400, -0.0)],
        Extra = new Dictionary<string, string> { ["created_by"] = "test", ["json"] = """{"a":[1,2]}""" },
    };

    internal static void AssertSameMetadata(ModelMetadata expected, ModelMetadata actual)
    {
        Assert.Equal(expected.Training.OrderBy(p => p.Key), actual.Training.OrderBy(p => p.Key));
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(expected.LossHistory.Select(p => (p.Epoch, BitConverter.DoubleToInt64Bits(p.Loss))),
            actual.LossHistory.Select(p => (p.Epoch, BitConverter.DoubleToInt64Bits(p.Loss))));
        Assert.Equal(expected.Extra.OrderBy(p => p.Key), actual.Extra.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(5, 5, 2, 7, Activation.Selu, true)]
    [InlineData(3, 4, 0, 0, Activation.Identity, true)]
    [InlineData(6, 2, 3, 1, Activation.Cosid, false)]
    public void Save_then_load_round_trips_architecture_parameters_metadata_and_extras(int input, int output, int depth, int width, Activation activation, bool bias)
    {
        var spec = new MlpSpec(input, output, depth, width, activation, bias);
        var model = RandomModel(spec, seed: 17);
        var examples = new Matrix(2, input, Enumerable.Range(0, 2 * input).Select(i => i * 0.25f).ToArray());
        var extras = new Dictionary<string, TensorEntry> { ["memory.examples"] = TensorEntry.FromMatrix(examples) };
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, model, FullMetadata(), extras);
        var saved = ModelFile.Load(path);
        Assert.Equal(spec, saved.Model.Spec);
        Assert.Equal(model.Parameters.Select(BitConverter.SingleToInt32Bits), saved.Model.Parameters.Select(BitConverter.SingleToInt32Bits));
        AssertSameMetadata(FullMetadata(), saved.Metadata);
        Assert.Equal(["memory.examples"], saved.Extras.Keys);
        Assert.Equal([2, input], saved.Extras["memory.examples"].Shape);
        Assert.Equal(examples.Data, saved.Extras["memory.examples"].ToMatrix().Data);
        Assert.Equal(["m.safetensors"], dir.Entries());
    }

    [Fact]
    public void Tensor_names_and_shapes_follow_pytorch_linear_layers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, RandomModel(new MlpSpec(5, 3, 2, 7, Activation.Tanh), 1));
        var header = Safetensors.ReadHeader(path);
        Assert.Equal(
            ["layers.0.bias [7]", "layers.0.weight [7, 5]", "layers.1.bias [7]", "layers.1.weight [7, 7]", "layers.2.bias [3]", "layers.2.weight [3, 7]"],
            header.Tensors.Select(t => $"{t.Key} {t.Value.ShapeText}"));
        Assert.All(header.Tensors.Values, t => Assert.Equal("F32", t.DType));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["format"] = "mnemos.mlp", ["format_version"] = "1", ["input_size"] = "5", ["output_size"] = "3",
                ["depth"] = "2", ["width"] = "7", ["activation"] = "tanh", ["bias"] = "true",
            }.OrderBy(p => p.Key),
            header.Metadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void Metadata_encoding_is_the_documented_json()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var metadata = new ModelMetadata
        {
            Training = new Dictionary<string, string> { ["seed"] = "42", ["lr"] = "0.0001" },
            Data = new DataFingerprint(new string('0', 64), 100, 784),
            LossHistory = [new(0, 0.5), new(10, double.NaN)],
        };
        ModelFile.Save(path, RandomModel(new MlpSpec(2, 2, 0, 0, Activation.Relu), 1), metadata);
        var entries = Safetensors.ReadHeader(path).Metadata;
        Assert.Equal("""{"lr":"0.0001","seed":"42"}""", entries["training"]);
        Assert.Equal(new string('0', 64), entries["data_sha256"]);
        Assert.Equal("100x784", entries["data_shape"]);
        Assert.Equal("""[[0,0.5],[10,"NaN"]]""", entries["loss_history"]);
    }

    [Fact]
    public void Inspect_reads_architecture_and_metadata_from_the_header()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, RandomModel(new MlpSpec(4, 4, 1, 9, Activation.Swish, false), 2), FullMetadata());
        var (spec, metadata) = ModelFile.Inspect(path);
        Assert.Equal(new MlpSpec(4, 4, 1, 9, Activation.Swish, false), spec);
        AssertSameMetadata(FullMetadata(), metadata);
    }

    [Fact]
    public void Data_fingerprint_is_sha256_of_little_endian_float32_bytes()
    {
        // sha256 of the 8 bytes 00 00 80 3F 00 00 00 C0 (1.0f, -2.0f), computed by hashlib.
        var fingerprint = DataFingerprint.Of(new Matrix(1, 2, [1f, -2f]));
        Assert.Equal("1x2", fingerprint.Shape);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0]), Convert.FromHexString(fingerprint.Sha256));
        Assert.NotEqual(fingerprint, DataFingerprint.Of(new Matrix(2, 1, [1f, -2f])));
    }

    [Fact]
    public void Save_refuses_non_finite_parameters_naming_the_element()
    {
        var model = RandomModel(new MlpSpec(3, 3, 1, 4, Activation.Relu), 3);
        model.Weight(1)[2 * 4 + 1] = float.NaN;
        using var dir = new TempDirectory();
        var ex = Assert.Throws<ArgumentException>(() => ModelFile.Save(dir.File("m.safetensors"), model));
        Assert.Equal("layers.1.weight[2, 1] is NaN: a model with non-finite parameters cannot be saved", ex.Message);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Save_refuses_extras_named_like_parameters_and_reserved_metadata_keys()
    {
        var model = RandomModel(new MlpSpec(2, 2, 0, 0, Activation.Relu), 4);
        using var dir = new TempDirectory();
        var extra = new Dictionary<string, TensorEntry> { ["layers.9.weight"] = TensorEntry.F32([1], [0]) };
        Assert.Equal("extra tensor 'layers.9.weight': names starting with 'layers.' belong to the network",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(dir.File("m"), model, null, extra)).Message);
        var reserved = new ModelMetadata { Extra = new Dictionary<string, string> { ["depth"] = "3" } };
        Assert.Equal("extra metadata key 'depth' is reserved by the model format",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(dir.File("m"), model, reserved)).Message);
        var badSha = new ModelMetadata { Data = new DataFingerprint("ABC", 1, 1) };
        Assert.Equal("data fingerprint 'ABC' is not 64 lowercase hex digits",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(dir.File("m"), model, badSha)).Message);
        Assert.Empty(dir.Entries());
    }
}
