// PyTorch state dicts of nn.Sequential Linear stacks. Golden files from
// scripts/torch_state_dict_golden.py (saved as safetensors.torch.save_file saves a state_dict, no
// metadata): a prefix and index gaps (layers.0, layers.3, layers.5) and a plain F64 Sequential
// (0, 2, 4) load, and Mnemos's forward pass reproduces torch's outputs. Writing gives the plain
// keys and reads back to identical weights. Every file that cannot be mapped is refused with one
// line naming the tensor.
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Storage;

public class TorchStateDictTests
{
    // torch ran in float32 (selu) or float64 (cosid, weights rounded to float32 here); three layers
    // of at most 16 terms each stay within ~2e-7 (measured), far inside these.
    const double AbsoluteTolerance = 1e-5, RelativeTolerance = 1e-5;

    [Theory]
    [InlineData("torch_selu_trained", "layers.", new[] { 0, 3, 5 }, Activation.Selu)]
    [InlineData("torch_cosid_f64", "", new[] { 0, 2, 4 }, Activation.Cosid)]
    public void Torch_saved_state_dicts_load_and_reproduce_torch_outputs(string name, string prefix, int[] indices, Activation activation)
    {
        var weights = TorchStateDict.Load(Golden.File("Storage", name + ".safetensors"));
        Assert.Equal(prefix, weights.Prefix);
        Assert.Equal(indices, weights.Layers.Select(l => l.Index));
        Assert.Null(weights.Activation);
        Assert.True(weights.Bias);
        var model = weights.ToMlp(activation);
        int width = name.Contains("selu") ? 16 : 12;
        Assert.Equal(new MlpSpec(8, 8, 2, width, activation), model.Spec);

        var inputs = Npy.Read(Golden.File("Storage", name + ".inputs.npy"));
        var expected = Npy.Read(Golden.File("Storage", name + ".outputs.npy"));
        foreach (IGemm gemm in new IGemm[] { ReferenceGemm.Instance, new ManagedGemm(1) })
        {
            var y = model.Forward(gemm, inputs.Data, new MlpWorkspace(model.Spec, inputs.Rows)).ToArray();
            Assert.Equal(expected.Data.Length, y.Length);
            for (int i = 0; i < y.Length; i++)
                Assert.True(Math.Abs(y[i] - expected.Data[i]) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expected.Data[i]),
                    $"{gemm.Name} output [{i / 8}, {i % 8}]: Mnemos {y[i]:R}, torch {expected.Data[i]:R}");
        }
    }

    [Fact]
    public void Torch_weights_are_copied_as_stored_out_by_in()
    {
        var file = Safetensors.Read(Golden.File("Storage", "torch_selu_init.safetensors"));
        var model = TorchStateDict.FromFile(file).ToMlp(Activation.Selu);
        // PyTorch's Linear weight is [out, in] row-major, as Mlp.Weight: no transpose.
        Assert.Equal(file.Tensors["layers.0.weight"].Data, model.Weight(0).ToArray());
        Assert.Equal(file.Tensors["layers.3.weight"].Data, model.Weight(1).ToArray());
        Assert.Equal(file.Tensors["layers.5.bias"].Data, model.Bias(2).ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Saving_writes_the_plain_sequential_keys_and_reads_back_identical_weights(bool bias)
    {
        var model = TestNets.Random(new MlpSpec(5, 5, 3, 7, Activation.Sinusoid, bias), seed: 3);
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        TorchStateDict.Save(path, model);

        var file = Safetensors.Read(path);
        string[] expected = bias
            ? ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight", "6.bias", "6.weight"]
            : ["0.weight", "2.weight", "4.weight", "6.weight"];
        Assert.Equal(expected, file.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.All(file.Tensors.Values, t => Assert.Equal("F32", t.DType));
        Assert.Equal([7, 5], file.Tensors["0.weight"].Shape);
        Assert.Equal([5, 7], file.Tensors["6.weight"].Shape);
        Assert.Equal("sinusoid", file.Metadata[TorchStateDict.ActivationKey]);

        var read = TorchStateDict.Load(path);
        Assert.Equal(Activation.Sinusoid, read.Activation);
        var again = read.ToMlp(read.Activation!.Value);
        Assert.Equal(model.Spec, again.Spec);
        Assert.Equal(model.Parameters, again.Parameters);
    }

    [Fact]
    public void Layers_are_ordered_by_index_as_numbers_and_a_network_without_biases_has_none()
    {
        var file = File(("net.10.weight", [3, 4]), ("net.2.weight", [4, 3]));
        var weights = TorchStateDict.FromFile(file);
        Assert.Equal([2, 10], weights.Layers.Select(l => l.Index));
        Assert.False(weights.Bias);
        Assert.Equal(new MlpSpec(3, 3, 1, 4, Activation.Tanh, Bias: false), weights.Spec(Activation.Tanh));
        Assert.Equal("2 Linear layers 3 → 4 → 3 (net.2, net.10; no biases)", weights.Describe());
    }

    [Fact]
    public void A_mnemos_model_file_reads_as_a_state_dict_with_its_activation()
    {
        var model = TestNets.Random(new MlpSpec(4, 4, 2, 6, Activation.LeakyRelu), seed: 1);
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        ModelFile.Save(path, model);
        var weights = TorchStateDict.Load(path);
        Assert.Equal("layers.", weights.Prefix);
        Assert.Equal(Activation.LeakyRelu, weights.Activation);
        Assert.Equal(model.Parameters, weights.ToMlp(Activation.LeakyRelu).Parameters);
    }

    public static TheoryData<string, (string Name, int[] Shape)[], string> Refusals => new()
    {
        { "a missing bias", [("0.weight", [4, 4]), ("0.bias", [4]), ("2.weight", [4, 4])], "2.bias is missing but 0.bias is there" },
        { "a bias only the second layer has", [("0.weight", [4, 4]), ("2.weight", [4, 4]), ("2.bias", [4])], "0.bias is missing but 2.bias is there" },
        { "inputs that do not match the layer before", [("0.weight", [6, 4]), ("2.weight", [4, 5])], "2.weight has shape [4, 5]: its 5 inputs do not match the 6 outputs of 0.weight" },
        { "two hidden widths", [("0.weight", [6, 4]), ("2.weight", [7, 6]), ("4.weight", [4, 7])], "2.weight has 7 outputs but 0.weight has 6: a Mnemos network has one hidden width" },
        { "a weight that is not a matrix", [("0.weight", [4])], "0.weight has shape [4]: a Linear weight is [out_features, in_features]" },
        { "a bias of the wrong length", [("0.weight", [4, 4]), ("0.bias", [3])], "0.bias has shape [3], expected [4] (the outputs of 0.weight)" },
        { "a bias without a weight", [("0.weight", [4, 4]), ("2.bias", [4])], "2.bias has no 2.weight" },
        { "a BatchNorm buffer", [("0.weight", [4, 4]), ("1.running_mean", [4])], "1.running_mean is not the weight or bias of a Linear layer" },
        { "an index with a leading zero", [("00.weight", [4, 4])], "00.weight is not the weight or bias of a Linear layer" },
        { "a key without an index", [("weight", [4, 4])], "weight is not the weight or bias of a Linear layer" },
        { "two prefixes", [("decoder.0.weight", [4, 4]), ("encoder.0.weight", [4, 4])], "encoder.0.weight has prefix 'encoder.' but decoder.0.weight has 'decoder.'" },
        { "a memory file", [("layers.0.weight", [4, 4]), ("memory.examples", [2, 4])], "memory.examples is not the weight or bias of a Linear layer in an nn.Sequential (expected keys like 0.weight, 0.bias, 2.weight or layers.0.weight): this is a Mnemos memory file" },
        { "no tensors", [], "the file holds no tensors" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_state_dict_that_cannot_be_mapped_is_refused_naming_the_tensor(string what, (string Name, int[] Shape)[] tensors, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => TorchStateDict.FromFile(File(tensors)));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_network_that_does_not_map_d_to_d_is_refused_by_CheckSquare_naming_its_last_weight()
    {
        var weights = TorchStateDict.FromFile(File(("0.weight", [6, 4]), ("2.weight", [5, 6])));
        var e = Assert.Throws<InvalidDataException>(weights.CheckSquare);
        Assert.StartsWith("2.weight has 5 outputs but 0.weight takes 4 inputs: a memory maps R^d → R^d", e.Message);
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("I64")]
    public void Dtypes_other_than_F32_and_F64_are_refused_naming_the_tensor(string dtype)
    {
        var file = new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry>
        {
            ["0.weight"] = TensorEntry.F32([4, 4], new float[16]),
            ["2.weight"] = new(dtype, [4, 4], new float[16]),
        });
        var e = Assert.Throws<InvalidDataException>(() => TorchStateDict.FromFile(file));
        Assert.Equal($"2.weight has dtype {dtype}: import reads F32 and F64 (in PyTorch, model.float() before saving)", e.Message);
    }

    [Fact]
    public void Non_finite_weights_are_refused_naming_the_entry()
    {
        var weight = new float[12];
        weight[7] = float.NaN;
        var file = new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry>
        {
            ["0.weight"] = TensorEntry.F32([3, 4], weight),
            ["2.weight"] = TensorEntry.F32([4, 3], new float[12]),
        });
        var e = Assert.Throws<InvalidDataException>(() => TorchStateDict.FromFile(file));
        Assert.StartsWith("0.weight[1, 3] is NaN", e.Message);
    }

    [Fact]
    public void Names_from_the_file_stay_on_one_printable_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => TorchStateDict.FromFile(File(("0.weight", [4, 4]), ("x\n\u001b[31m", [4]))));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.StartsWith(@"x\n\x1B[31m is not", e.Message);
    }

    [Fact]
    public void Load_prefixes_the_path_and_names_a_file_that_is_not_safetensors()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.pt");
        System.IO.File.WriteAllBytes(path, [0x50, 0x4B, 3, 4, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => TorchStateDict.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Torch_expressions_name_the_module_of_every_activation()
    {
        Assert.Equal("nn.Sequential(nn.Linear(8, 16), nn.SELU(), nn.Linear(16, 16), nn.SELU(), nn.Linear(16, 8))",
            TorchStateDict.TorchSequential(new MlpSpec(8, 8, 2, 16, Activation.Selu)));
        Assert.Equal("nn.Sequential(nn.Linear(3, 3, bias=False))", TorchStateDict.TorchSequential(new MlpSpec(3, 3, 0, 0, Activation.Cosid, Bias: false)));
        var modules = Enum.GetValues<Activation>().Select(TorchStateDict.TorchModule).ToArray();
        Assert.Equal(modules.Length, modules.Distinct().Count());
        Assert.Equal("nn.LeakyReLU(0.01)", TorchStateDict.TorchModule(Activation.LeakyRelu));
        Assert.Equal("nn.SiLU()", TorchStateDict.TorchModule(Activation.Swish));
    }

    static SafetensorsFile File(params (string Name, int[] Shape)[] tensors) => new(
        new Dictionary<string, string>(),
        tensors.ToDictionary(t => t.Name, t => TensorEntry.F32(t.Shape, Enumerable.Range(0, t.Shape.Aggregate(1, (a, b) => a * b)).Select(i => 0.01f * i).ToArray())));
}
