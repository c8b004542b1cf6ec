// ModelFile against PyTorch: scripts/torch_model_check.py make-golden builds seeded torch
// nn.Sequential models, saves them in the Mnemos format with their inputs and torch's outputs;
// here they load, run through a double forward pass and must match torch. Re-saving a loaded
// file must reproduce the script's bytes, so both writers agree on the format.
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using Mnemos.Training;

namespace Mnemos.Tests.Storage;

public class ModelFileGoldenTests
{
    // torch runs in float32 with its own summation order; three float32 layers of ≤ 7 terms stay
    // far inside 1e-5 of the double result.
    const double AbsoluteTolerance = 1e-5, RelativeTolerance = 1e-5;

    /// <summary>y = W_L φ(… φ(W_0 x + b_0) …) + b_L in double, straight from the layer definitions.</summary>
    static double[] Forward(Mlp model, ReadOnlySpan<float> x)
    {
        var spec = model.Spec;
        double[] h = x.ToArray().Select(v => (double)v).ToArray();
        for (int l = 0; l < spec.LayerCount; l++)
        {
            int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
            var w = model.Weight(l);
            var b = model.Bias(l);
            var next = new double[fanOut];
            for (int o = 0; o < fanOut; o++)
            {
                double sum = spec.Bias ? b[o] : 0;
                for (int i = 0; i < fanIn; i++) sum += (double)w[o * fanIn + i] * h[i];
                next[o] = l < spec.Depth ? ReferenceActivations.Value(spec.Activation, sum) : sum;
            }
            h = next;
        }
        return h;
    }

    [Theory]
    [InlineData("mlp_selu", 5, 5, 2, 7, Activation.Selu, true, 4)]
    [InlineData("mlp_cosid_nobias", 3, 3, 1, 4, Activation.Cosid, false, 3)]
    public void Torch_written_model_loads_and_reproduces_torch_outputs(string name, int input, int output, int depth, int width, Activation activation, bool bias, int samples)
    {
        var saved = ModelFile.Load(Golden.File("Storage", name + ".safetensors"));
        Assert.Equal(new MlpSpec(input, output, depth, width, activation, bias), saved.Model.Spec);
        var inputs = Npy.Read(Golden.File("Storage", name + ".inputs.npy"));
        var expected = Npy.Read(Golden.File("Storage", name + ".outputs.npy"));
        Assert.Equal((samples, output), (expected.Rows, expected.Cols));
        for (int n = 0; n < samples; n++)
        {
            double[] y = Forward(saved.Model, inputs.Row(n));
            for (int j = 0; j < output; j++)
            {
                double want = expected[n, j];
                Assert.True(Math.Abs(y[j] - want) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(want),
                    $"sample {n} output {j}: Mnemos {y[j]:R}, torch {want:R}");
            }
        }
    }

    [Theory]
    [InlineData("mlp_selu", "1234")]
    [InlineData("mlp_cosid_nobias", "99")]
    public void Torch_written_metadata_and_extras_decode(string name, string seed)
    {
        var saved = ModelFile.Load(Golden.File("Storage", name + ".safetensors"));
        var inputs = Npy.Read(Golden.File("Storage", name + ".inputs.npy"));
        var metadata = saved.Metadata;
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.0001", ["optimizer"] = "adam", ["seed"] = seed }.OrderBy(p => p.Key), metadata.Training.OrderBy(p => p.Key));
        // The script hashed the inputs with hashlib; DataFingerprint must agree.
        Assert.Equal(DataFingerprint.Of(inputs), metadata.Data);
        Assert.Equal([new LossPoint(0, 1.25), new LossPoint(10, 0.5), new LossPoint(20, 0.0625)], metadata.LossHistory);
        Assert.Equal(new Dictionary<string, string> { ["created_by"] = "scripts/torch_model_check.py make-golden" }, metadata.Extra);
        Assert.Equal(["memory.examples"], saved.Extras.Keys);
        Assert.Equal(inputs.Data, saved.Extras["memory.examples"].ToMatrix().Data);
    }

    [Theory]
    [InlineData("mlp_selu")]
    [InlineData("mlp_cosid_nobias")]
    public void Resaving_a_torch_written_model_reproduces_its_bytes(string name)
    {
        string golden = Golden.File("Storage", name + ".safetensors");
        var saved = ModelFile.Load(golden);
        using var dir = new TempDirectory();
        string path = dir.File("resaved.safetensors");
        ModelFile.Save(path, saved.Model, saved.Metadata, saved.Extras);
        Assert.Equal(File.ReadAllBytes(golden), File.ReadAllBytes(path));
    }
}
