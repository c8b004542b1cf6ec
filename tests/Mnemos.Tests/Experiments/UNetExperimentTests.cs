// The unet experiment at a tiny scale: it trains, saves a model that loads back, and its
// certificates and summary agree with certifying the saved model again.
using System.Text.Json;
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Experiments;
using Mnemos.Kernels;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public class UNetExperimentTests
{
    static readonly UNetSettings Tiny = new(1, 1, 4, Activation.Relu, 1e-3, 40, 1e-8, 0, 0.05, 5);

    [Fact]
    public void Tiny_run_trains_saves_and_certifies_consistently()
    {
        using var folder = new TempDirectory();
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var context = new ExperimentContext(folder.Path, ExperimentPreset.Quick, seed: 2, threads: 1, gemm);
        var summary = new UNetExperiment(Tiny).Run(context);
        Mnemos.Tests.Cli.JsonSchemas.AssertValid("experiment-unet-result", File.ReadAllText(Path.Combine(folder.Path, UNetExperiment.ResultFile)));

        var outcome = JsonSerializer.Deserialize<UNetOutcome>(File.ReadAllText(Path.Combine(folder.Path, UNetExperiment.ResultFile)), ExperimentJson.Indented)!;
        Assert.Equal(40, outcome.Epochs);
        Assert.Equal(outcome.FinalMse, summary.Values["final_mse"]);
        Assert.Equal(outcome.Verdict.Count(v => v == "attractor"), (int)summary.Values["attractors"]);
        Assert.StartsWith("trained 40 epochs (max_epochs) to MSE", summary.Lines[0]);

        // The saved model is the trained one: certifying image 0 again gives the recorded ρ.
        var net = UNetFile.Load(Path.Combine(folder.Path, UNetExperiment.ModelFile));
        Assert.Equal(outcome.ParameterCount, net.ParameterCount);
        var patches = BundledData.LoadImages("patches:32", 1);
        var image = new float[3072];
        for (int p = 0; p < 1024; p++)
            for (int c = 0; c < 3; c++) image[c * 1024 + p] = patches.Images.Data[p * 3 + c];
        var again = ConvCertifier.FixedPoint(net, gemm, image, new CertifyOptions { TopCount = 3 });
        Assert.Equal(outcome.SpectralRadius[0], again.SpectralRadius, 1e-9);
        Assert.Equal(outcome.FixedPointResidual[0], again.FixedPointResidual, 1e-9);
        Assert.StartsWith("arnoldi on J (3072×3072)", outcome.Method[0]);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny with { Images = 0 }).Validate());
        Assert.Equal("images 0: must be at least 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => (Tiny with { Depth = 6 }).Validate());
        Assert.Equal("image 32×32 at depth 6: both sides must be multiples of 2^6 = 64", e.Message);
    }
}
