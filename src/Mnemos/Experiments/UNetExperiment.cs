// unet: the study's convolutional memory (arXiv 1909.12362 v1 §3.3; PNAS SI Figs. S5–S6): a U-Net
// autoencoder trained on 32×32 colour images (bundled photo patches here, CIFAR-10 there), each
// image certified as an attractor by ρ(J) and recalled from a noisy copy by iterating the network.
// One cell: training is one full-batch run. docs/unet.md states the architecture's choices.
using System.Globalization;
using System.Text.Json;
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Experiments;

/// <summary>Settings of the unet experiment; <see cref="For"/> gives the presets.</summary>
internal sealed record UNetSettings(int Images, int Depth, int BaseChannels, Activation Activation, double LearningRate,
    long MaxEpochs, double TargetMse, double TimeBudgetSeconds, double Noise, int RecallSteps)
{
    public static UNetSettings For(ExperimentPreset preset) => preset is ExperimentPreset.Full or ExperimentPreset.Study
        ? new(10, 3, 64, Activation.Relu, 1e-4, 1_000_000, TrainerOptions.StudyTargetMse, 0, 0.05, 1000)
        : new(3, 2, 8, Activation.Relu, 1e-3, 3000, TrainerOptions.StudyTargetMse, 180, 0.05, 300);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Images} patches:32 images 32×32 RGB, U-Net depth {Depth} base {BaseChannels} {Activation.Name()}, Adam lr {LearningRate:G3} to MSE {TargetMse:G3} " +
        $"(at most {MaxEpochs} epochs{(TimeBudgetSeconds > 0 ? $", {TimeBudgetSeconds:G4} s" : "")}), recall from noise σ {Noise:G3}");

    public void Validate()
    {
        if (Images < 1) throw new ArgumentException($"images {Images}: must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate {LearningRate}: must be positive");
        if (MaxEpochs < 1) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 1");
        if (!(Noise >= 0)) throw new ArgumentException($"noise {Noise}: must be at least 0");
        if (RecallSteps < 1) throw new ArgumentException($"recall steps {RecallSteps}: must be at least 1");
        new UNetSpec(3, 32, 32, Depth, BaseChannels, Activation).Validate();
    }
}

/// <summary>What one run found, per image and overall (stored as the experiment's cell).</summary>
internal sealed record UNetOutcome(
    string StopReason, long Epochs, double FinalMse, double Seconds, int ParameterCount,
    double[] SpectralRadius, double[] RadiusError, string[] Verdict, double[] FixedPointResidual, string[] Method,
    double[] RecallDistance, bool[] Recalled);

/// <summary>The unet experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class UNetExperiment(UNetSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json", ModelFile = "unet.safetensors";

    // A recall succeeds when the iterate ends within this RMS distance of its image (pixels in [0, 1]).
    const double RecallTolerance = 1e-3;

    public string Name => "unet";

    public string Description => "Colour images stored as attractors of a U-Net autoencoder, certified by ρ(J) (Arnoldi on J·v) and recalled from noise";

    public UNetSettings SettingsFor(ExperimentPreset preset) => settings ?? UNetSettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    // The U-Net's cost per epoch is not 6 FLOPs per parameter per row (convolutions reuse weights
    // over every pixel), so the study preset's estimate uses the epoch time measured here instead:
    // about 5.5 s per epoch of the standard U-Net on 10 images, two cores (docs/unet.md).
    const double SecondsPerEpochOnTwoCores = 5.5;

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + preset switch
    {
        ExperimentPreset.Full => "; the study's 10 images and lr, bundled patches instead of CIFAR-10 (about 5.5 s per epoch on two cores: not run here)",
        ExperimentPreset.Study => StudyScale.Describe(1, SettingsFor(preset).MaxEpochs * SecondsPerEpochOnTwoCores * 2 / 3600, SettingsFor(preset).MaxEpochs)
            + "; the estimate is the measured epoch time, not a FLOP count",
        _ => "; a smaller U-Net and lr than the study's, to fit minutes on two cores",
    };

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var outcome = context.Cells.GetOrCompute("unet", new { s, context.Seed }, () => Compute(s, context));
        AtomicFile.WriteAllText(context.PathOf(ResultFile), JsonSerializer.Serialize(outcome, ExperimentJson.Indented));
        int attractors = outcome.Verdict.Count(v => v == Keys.Of(Dynamics.Verdict.Attractor));
        int recalled = outcome.Recalled.Count(r => r);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"trained {outcome.Epochs} epochs ({outcome.StopReason}) to MSE {outcome.FinalMse:G3} in {outcome.Seconds:F0} s, {outcome.ParameterCount} parameters"),
            $"{attractors} of {s.Images} images certified attractors; {recalled} of {s.Images} recalled from noise σ {s.Noise.ToString("G3", CultureInfo.InvariantCulture)}",
        };
        for (int i = 0; i < s.Images; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  image {i}: ρ = {outcome.SpectralRadius[i]:F6} ± {outcome.RadiusError[i]:G2} ({outcome.Verdict[i]}), ‖f(x) − x‖ = {outcome.FixedPointResidual[i]:G3}, recall distance {outcome.RecallDistance[i]:G3}"));
        var values = new Dictionary<string, double>
        {
            ["final_mse"] = outcome.FinalMse,
            ["epochs"] = outcome.Epochs,
            ["attractors"] = attractors,
            ["recalled"] = recalled,
            ["max_spectral_radius"] = outcome.SpectralRadius.Max(),
        };
        return new ExperimentSummary(lines, values, [ResultFile, ModelFile]);
    }

    static UNetOutcome Compute(UNetSettings s, ExperimentContext context)
    {
        var images = Planar(BundledData.LoadImages("patches:32", s.Images));
        if (images.Rows < s.Images) throw new ArgumentException($"images {s.Images}: patches:32 has only {images.Rows}");
        var net = new UNet(new UNetSpec(3, 32, 32, s.Depth, s.BaseChannels, s.Activation));
        net.InitPyTorch(new Rng(context.Seed));
        var trainer = new ConvTrainer(net, OptimizerSettings.Adam(s.LearningRate).Create(net.ParameterCount), TrainingTask.Autoencode(images), context.Gemm);
        trainer.Progress += p => context.Report(string.Create(CultureInfo.InvariantCulture, $"unet epoch {p.Epoch}: MSE {p.Loss:G4}"));
        var result = trainer.Run(new TrainerOptions
        {
            TargetMse = s.TargetMse, MaxEpochs = s.MaxEpochs, ProgressEvery = 500,
            TimeBudget = s.TimeBudgetSeconds > 0 ? TimeSpan.FromSeconds(s.TimeBudgetSeconds) : null,
        }, context.Cancellation);
        UNetFile.Save(context.PathOf(ModelFile), net);

        int n = s.Images, d = net.Spec.ImageSize;
        var certificates = new Certificate[n];
        for (int i = 0; i < n; i++)
        {
            context.Report($"unet: certifying image {i}");
            certificates[i] = ConvCertifier.FixedPoint(net, context.Gemm, images.Row(i), new CertifyOptions { TopCount = 3 });
        }
        var distance = Recall(net, context.Gemm, images, s, new Rng(context.Seed + 1));
        return new UNetOutcome(result.Reason.Key(), result.Epochs, result.FinalLoss, result.Elapsed.TotalSeconds, net.ParameterCount,
            certificates.Select(c => c.SpectralRadius).ToArray(), certificates.Select(c => c.SpectralRadiusError).ToArray(),
            certificates.Select(c => Keys.Of(c.Verdict)).ToArray(), certificates.Select(c => c.FixedPointResidual).ToArray(),
            certificates.Select(c => c.Method).ToArray(), distance, distance.Select(x => x <= RecallTolerance).ToArray());
    }

    // Each image plus N(0, σ²) noise, iterated x ← f(x) RecallSteps times; RMS distance to the image at the end.
    static double[] Recall(UNet net, IGemm gemm, Matrix images, UNetSettings s, Rng rng)
    {
        var x = new float[images.Data.Length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(images.Data[i] + s.Noise * rng.Gaussian());
        var workspace = new UNetWorkspace(net, images.Rows);
        for (int step = 0; step < s.RecallSteps; step++)
            net.Forward(gemm, x, workspace).CopyTo(x);
        var distance = new double[images.Rows];
        for (int i = 0; i < images.Rows; i++)
            distance[i] = Math.Sqrt(VectorOps.SumSquaredDifference(x.AsSpan(i * images.Cols, images.Cols), images.Row(i)) / images.Cols);
        return distance;
    }

    // Bundled images are interleaved r, g, b per pixel; the U-Net takes planes (NCHW).
    static Matrix Planar(LabeledImages set)
    {
        int hw = set.Height * set.Width, c = set.Channels;
        var planar = new Matrix(set.Count, set.Images.Cols);
        for (int n = 0; n < set.Count; n++)
        {
            var src = set.Images.Row(n);
            var dst = planar.Row(n);
            for (int p = 0; p < hw; p++)
                for (int ch = 0; ch < c; ch++) dst[ch * hw + p] = src[p * c + ch];
        }
        return planar;
    }
}
