// Regressions for malformed memory files a fuzzer produced: each was an unhandled exception or a
// silently accepted value; now each is refused with one line naming the file, the key and the value.
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class MemoryFileFaultTests
{
    // f(x) = x/2 in the plane, storing three points; rows 0..2.
    static Mlp Half() => KnownMaps.Affine([0.5f, 0, 0, 0.5f], [0, 0]);
    static readonly float[] Points = [1, 2, 3, 4, 5, 6];

    static string SaveRaw(TempDirectory dir, Dictionary<string, TensorEntry> extras, Dictionary<string, string>? metadata = null)
    {
        string path = dir.File("m.safetensors");
        ModelFile.Save(path, Half(), new ModelMetadata { Extra = metadata ?? [] }, extras);
        return path;
    }

    static InvalidDataException Refused(string path)
    {
        var error = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Bug_cycle_index_above_int_max_overflowed_while_reading_the_file()
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points) },
            new() { [MemoryFile.CyclesKey] = "0,1;4294967296" });
        Assert.Contains("'0,1;4294967296' is not a list of cycles", Refused(path).Message);
    }

    [Fact]
    public void Bug_examples_of_shape_0_65536_65536_threw_converting_to_a_matrix()
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([0, 65536, 65536], []) });
        Assert.Contains("tensor memory.examples has shape [0, 65536, 65536]", Refused(path).Message);
    }

    [Theory]
    [InlineData(MemoryFile.ExamplesTensor, float.NaN, "NaN")]
    [InlineData(MemoryFile.ExamplesTensor, float.PositiveInfinity, "Infinity")]
    [InlineData(MemoryFile.AnchorsTensor, float.NegativeInfinity, "-Infinity")]
    public void Bug_non_finite_examples_or_anchors_were_accepted(string tensor, float bad, string shown)
    {
        using var dir = new TempDirectory();
        float[] values = (float[])Points.Clone();
        values[3] = bad;
        var extras = new Dictionary<string, TensorEntry>
        {
            [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points),
            [tensor] = TensorEntry.F32([3, 2], values),
        };
        string message = Refused(SaveRaw(dir, extras)).Message;
        Assert.Contains($"tensor {tensor} [1, 1] is {shown}", message);
    }

    [Theory]
    [InlineData("0,0,0", "cycle 0 lists row 0 twice")]
    [InlineData("0,1;1,2", "row 1 is in cycle 0 and cycle 1")]
    [InlineData("0;0;0;0", "row 0 is in cycle 0 and cycle 1")]
    public void Bug_inconsistent_cycles_were_accepted(string cycles, string expected)
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points) },
            new() { [MemoryFile.CyclesKey] = cycles });
        Assert.Contains(expected, Refused(path).Message);
    }

    [Fact]
    public void Bug_200000_one_row_cycles_on_row_0_took_seconds_and_gigabytes_instead_of_a_refusal()
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points) },
            new() { [MemoryFile.CyclesKey] = string.Join(";", Enumerable.Repeat("0", 200_000)) });
        // Bounded by what the refusal allocates, not by a clock (a loaded machine is slow, not wrong):
        // the file's 400 KB cycle list is read and split once (a few MB); the bug built gigabytes.
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("row 0 is in cycle 0 and cycle 1", Refused(path).Message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L << 20, $"refusing allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData("0.5,1e999,0.5", "spectral radius Infinity")]
    [InlineData("0.5,NaN,0.5", "spectral radius NaN")]
    [InlineData("0.5,-1,0.5", "spectral radius -1")]
    public void Bug_absurd_spectral_radii_are_refused_naming_the_file(string radii, string expected)
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points) },
            new() { [MemoryFile.RadiiKey] = radii });
        Assert.Contains(expected, Refused(path).Message);
    }

    [Fact]
    public void Control_characters_in_a_bad_value_are_not_echoed()
    {
        using var dir = new TempDirectory();
        string path = SaveRaw(dir, new() { [MemoryFile.ExamplesTensor] = TensorEntry.F32([3, 2], Points) },
            new() { [MemoryFile.CyclesKey] = "0,\n1\u001b[31m" });
        string message = Refused(path).Message;
        Assert.DoesNotContain('\u001b', message);
    }

    [Fact]
    public void Bug_an_absurd_weight_let_the_eigensolver_failure_escape_certify()
    {
        // One weight of −3.6e36 in a 2×64 leaky-ReLU network of the digits' size: the Jacobian's
        // entries span ~1e38, and the Francis QR gives up. Certify now stops with one line.
        var spec = new MlpSpec(35, 35, 2, 64, Activation.LeakyRelu);
        var mlp = new Mlp(spec);
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(1));
        mlp.Weight(0)[5] = -3.6e36f;
        var examples = new Matrix(2, 35);
        new Rng(2).FillGaussian(examples.Data, 0, 1);
        using var gemm = GemmBackends.Create(GemmBackend.Reference, 1);
        var memory = new AssociativeMemory(mlp, examples);
        var error = Assert.Throws<InvalidDataException>(() => MemoryBuilder.Assess(memory, gemm, threads: 1));
        Assert.Contains("cannot certify: the network's largest |parameter| is 3.6E+36", error.Message);
        Assert.IsType<Mnemos.Linalg.ConvergenceException>(error.InnerException);
        Assert.DoesNotContain('\n', error.Message);
    }
}
