// mnemos store --architecture unet and the memory commands on its file, in-process: a tiny U-Net on
// two bundled 32×32 RGB patches, trained a few epochs (not an attractor: these tests check that the
// commands agree with each other and with the library, not that the U-Net stores). A resumed store
// retraces the uninterrupted one; options and data a U-Net cannot take are refused in one line.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Conv;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class UNetStoreCommandTests
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Managed, 1);

    static string[] Store(string output, long epochs, params string[] extra) =>
        ["store", "--architecture", "unet", "--data", "bundled:patches:32:2", "--depth", "1", "--base-channels", "4", "--lr", "1e-3",
         "--threads", "1", "--seed", "2", "--max-epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output, .. extra];

    static string[] Statuses(JsonElement report) =>
        report.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("status").GetString()!).ToArray();

    [Fact]
    public void Store_recall_certify_and_probe_agree_on_a_unet_memory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        var store = CliRunner.Run([.. Store(path, 20), "--json"]);
        Assert.True(store.ExitCode == CliApp.StoppedShort, store.ToString());
        JsonSchemas.AssertValid("store", store.Out);
        using var storeJson = JsonDocument.Parse(store.Out);
        Assert.Equal("unet", storeJson.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(20, storeJson.RootElement.GetProperty("epochs").GetInt64());

        var (memory, metadata) = MemoryFile.Load(path);
        var map = Assert.IsType<UNetMap>(memory.Map);
        Assert.Equal(new UNetSpec(3, 32, 32, 1, 4, Activation.Relu), map.Net.Spec);
        Assert.Equal(Mnemos.Data.DataSource.Load("bundled:patches:32:2").Data, memory.Examples.Data);
        Assert.Equal("unet", metadata.Training["architecture"]);

        var certify = CliRunner.Run("certify", "--model", path, "--json", "--threads", "1", "--top", "3");
        Assert.True(certify.ExitCode == 0, certify.ToString());
        JsonSchemas.AssertValid("certify", certify.Out);
        using var certifyJson = JsonDocument.Parse(certify.Out);
        Assert.Equal(Statuses(storeJson.RootElement.GetProperty("memory")), Statuses(certifyJson.RootElement));
        var radii = certifyJson.RootElement.GetProperty("spectral_radii").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        for (int i = 0; i < memory.Count; i++)
        {
            var planes = new float[memory.Dimension];
            map.ToPlanes(memory.Anchors.Row(i), planes);
            var expected = ConvCertifier.FixedPoint(map.Net, Gemm, planes, new CertifyOptions { TopCount = 3 });
            // Arnoldi on float J·v products: another process's run may round differently in the last
            // bits (about 1e-11 here), far below the certificate's own error of 1e-5·ρ.
            Tolerance.Close(expected.SpectralRadius, radii[i], 1e-9, 0, $"certify ρ of example {i}");
            Tolerance.Close(expected.SpectralRadius, memory.SpectralRadii![i], 1e-9, 0, $"stored ρ of example {i}");
        }

        // The library's public facade reads the same file and certifies to the same statuses.
        var facade = Mnemos.Memory.Load(path, threads: 1).Certify();
        Assert.Equal(Statuses(certifyJson.RootElement), facade.Select(f => StoredMemory.Key(f.Status)).ToArray());
        for (int i = 0; i < facade.Count; i++) Tolerance.Close(radii[i], facade[i].SpectralRadius, 1e-9, 0, $"facade ρ of example {i}");

        string ends = dir.File("ends.npy");
        var recall = CliRunner.Run("recall", "--model", path, "--data", "stored", "--corrupt", "gaussian:0.05", "--tolerance", "1e-5",
            "--max-steps", "300", "--threads", "1", "--json", "--out", ends);
        Assert.True(recall.ExitCode == 0, recall.ToString());
        JsonSchemas.AssertValid("recall", recall.Out);
        using var recallJson = JsonDocument.Parse(recall.Out);
        Assert.Equal("32x32x3", recallJson.RootElement.GetProperty("image_shape").GetString());
        var endPoints = Npy.Read(ends);
        foreach (var r in recallJson.RootElement.GetProperty("results").EnumerateArray())
        {
            if (r.GetProperty("outcome").GetString() is not ("spurious_fixed_point" or "stored_example")) continue;
            double residual = map.Residual(Gemm, endPoints.Row(r.GetProperty("input").GetInt32()), out _);
            Assert.True(residual < 10 * 1e-5, $"input {r.GetProperty("input")}: end point residual {residual}");
        }

        var probe = CliRunner.Run("probe", "--model", path, "--data", "noisy:0.05", "--count", "4", "--max-steps", "100", "--threads", "1", "--json");
        Assert.True(probe.ExitCode == 0, probe.ToString());
        JsonSchemas.AssertValid("probe", probe.Out);
        using var probeJson = JsonDocument.Parse(probe.Out);
        var p = probeJson.RootElement;
        Assert.Equal(4, p.GetProperty("totals").EnumerateObject().Sum(t => t.Value.GetInt32()));
        Assert.Equal(p.GetProperty("reached_stored").GetInt32(), p.GetProperty("per_example").EnumerateArray().Sum(e => e.GetInt32()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_resumed_store_retraces_the_uninterrupted_one(int noisyCopies)
    {
        using var dir = new TempDirectory();
        string whole = dir.File("whole.safetensors"), parts = dir.File("parts.safetensors");
        string[] copies = ["--noisy-copies", noisyCopies.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run([.. Store(whole, 12), .. copies]).ExitCode);
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run([.. Store(parts, 5), .. copies]).ExitCode);
        string checkpoint = TrainCommand.DefaultCheckpointPath(parts);
        var resumed = CliRunner.Run("store", "--architecture", "unet", "--data", "bundled:patches:32:2", "--threads", "1",
            "--max-epochs", "12", "--resume", checkpoint, "--out", parts);
        Assert.True(resumed.ExitCode == CliApp.StoppedShort, resumed.ToString());
        Assert.Contains($"resuming '{checkpoint}' at epoch 5", resumed.Error);
        var a = (UNetMap)MemoryFile.Load(whole).Memory.Map;
        var b = (UNetMap)MemoryFile.Load(parts).Memory.Map;
        Assert.Equal(a.Net.Parameters, b.Net.Parameters);
    }

    [Fact]
    public void A_resume_with_another_optimizer_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(path, 2)).ExitCode);
        string checkpoint = TrainCommand.DefaultCheckpointPath(path);
        var run = CliRunner.Run([.. Store(path, 4, "--resume", checkpoint).Select(a => a == "1e-3" ? "1e-2" : a)]);
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith($"mnemos store: --resume '{checkpoint}': the checkpoint's optimizer is 'adam lr=0.001", run.Error);
    }

    [Fact]
    public void A_resume_with_another_network_is_refused_naming_the_option()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(path, 2)).ExitCode);
        string checkpoint = TrainCommand.DefaultCheckpointPath(path);
        var run = CliRunner.Run([.. Store(path, 6, "--resume", checkpoint).Select(a => a == "4" ? "8" : a)]);
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal($"mnemos store: --resume '{checkpoint}': the checkpoint's U-Net is depth 1, base 4, kernel 3, relu; --base-channels differs: drop or match it", run.Error.Trim());
    }

    [Theory]
    [InlineData("--architecture unet needs image data: 'builtin:digits' gives rows of 35 values and no image shape", "--data", "builtin:digits")]
    [InlineData("--width with --architecture unet: a U-Net's widths are --base-channels doubling per level", "--width", "16")]
    [InlineData("--cycles with --architecture unet: a U-Net memory autoencodes; sequence memories are fully connected", "--cycles", "0,1")]
    [InlineData("--guarantee with --architecture unet: consolidation trains fully connected networks only", "--guarantee")]
    [InlineData("--image-shape 16x16x12: 'bundled:patches:32:2' holds 32x32x3 images", "--image-shape", "16x16x12")]
    [InlineData("--architecture unet: image 32×32 at depth 6: both sides must be multiples of 2^6 = 64", "--depth", "6")]
    [InlineData("--architecture 'conv': expected mlp or unet", "--architecture", "conv")]
    public void What_a_unet_cannot_take_is_refused_in_one_line(string message, params string[] extra)
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        var args = Store(path, 1).ToList();
        for (int i = 0; i < extra.Length; i++)
        {
            int at = args.IndexOf(extra[i]);
            if (extra[i].StartsWith("--", StringComparison.Ordinal) && at >= 0 && i + 1 < extra.Length && !extra[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                args[at + 1] = extra[++i]; // replace an option's value already in the command
                continue;
            }
            args.Add(extra[i]);
        }
        var run = CliRunner.Run([.. args]);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.StartsWith($"mnemos store: {message}", run.Error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Unet_options_without_the_architecture_are_refused()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("store", "--data", "builtin:digits", "--kernel", "5", "--out", dir.File("m.safetensors"));
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal("mnemos store: --kernel: only with --architecture unet", run.Error.Trim());
    }

    [Fact]
    public void Basin_radii_are_refused_for_a_unet_memory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("u.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(path, 1)).ExitCode);
        var run = CliRunner.Run("certify", "--model", path, "--radius");
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal($"mnemos certify: --radius: basin radii are bounded layer by layer for fully connected networks only; '{path}' is a unet memory", run.Error.Trim());
    }
}
