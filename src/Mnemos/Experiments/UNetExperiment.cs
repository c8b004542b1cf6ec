// unet: the study's convolutional memory (arXiv 1909.12362 v1 §3.3; PNAS SI Figs. S5–S6): a U-Net
// autoencoder trained on 32×32 colour images (bundled photo patches here, CIFAR-10 there), then the
// one store pipeline (MemoryBuilder over a UNetMap: locate x̂ᵢ, certify ρ(J) there, decide each
// status) and recall of a noisy copy of each image by iterating the network (Recall). The variant
// unet-consolidated adds noisy copies of each image to training (docs/consolidation.md).
// One cell: training is one full-batch run. docs/unet.md states the architecture's choices.
using System.Globalization;
using System.Runtime.InteropServices;
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

/// <summary>
/// What one run found, per image and overall (result.json). ρ, its error, the verdict, the method and
/// ‖f(x̂) − x̂‖ are the certificate's at the located x̂ᵢ; Offset is ‖x̂ᵢ − xᵢ‖; Status the store
/// pipeline's (StoredMemory keys). Recall is from xᵢ plus N(0, σ²) noise: its outcome (Keys), steps,
/// RMS distance of the end point from xᵢ, and Recalled when it ended on x̂ᵢ (RecallScore).
/// </summary>
internal sealed record UNetOutcome(
    string StopReason, long Epochs, double FinalMse, double Seconds, int ParameterCount,
    double[] SpectralRadius, double[] RadiusError, string[] Verdict, double[] FixedPointResidual, string[] Method,
    double[] RecallDistance, bool[] Recalled,
    string[] Status, string[] StatusReason, double[] Offset, int[] NewtonSteps, string[] RecallOutcome, int[] RecallSteps);

/// <summary>The cell: the outcome and the recall end points (float32 bytes, row after row, H×W×C) for the figure.</summary>
internal sealed record UNetCell(UNetOutcome Outcome, byte[] EndPoints);

/// <summary>The unet experiment or its consolidated variant. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class UNetExperiment(UNetSettings? settings = null, bool consolidated = false) : IExperiment
{
    public const string ResultFile = "result.json", ModelFile = "unet.safetensors", ReportFile = "unet.md", FigureFile = "unet-recall.png";

    public string Name => consolidated ? "unet-consolidated" : "unet";

    public string Description => consolidated
        ? "unet with one noisy copy (σ 0.1) of each image trained to the clean image, as consolidation does"
        : "Colour images stored as attractors of a U-Net autoencoder, certified by ρ(J) (Arnoldi on J·v) and recalled from noise";

    public UNetSettings SettingsFor(ExperimentPreset preset) => settings ?? (consolidated ? UNetSettings.Consolidated : UNetSettings.For(preset));

    public IReadOnlyList<ExperimentPreset> Presets => consolidated ? [ExperimentPreset.Quick] : [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    // The U-Net's cost per epoch is not 6 FLOPs per parameter per row (convolutions reuse weights
    // over every pixel), so the study preset's estimate uses the epoch time measured here instead:
    // about 5.5 s per epoch of the standard U-Net on 10 images, two cores (docs/unet.md).
    const double SecondsPerEpochOnTwoCores = 5.5;

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + (consolidated, preset) switch
    {
        (true, _) => "; quick's U-Net and images with noisy copies (not in the study, which trains plainly)",
        (_, ExperimentPreset.Full) => "; the study's 10 images and lr, bundled patches instead of CIFAR-10 (about 5.5 s per epoch on two cores: not run here)",
        (_, ExperimentPreset.Study) => StudyScale.Describe(1, SettingsFor(preset).MaxEpochs * SecondsPerEpochOnTwoCores * 2 / 3600, SettingsFor(preset).MaxEpochs)
            + "; the estimate is the measured epoch time, not a FLOP count",
        _ => "; a smaller U-Net and lr than the study's, to fit minutes on two cores",
    };

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var cell = context.Cells.GetOrCompute("unet", new { s, context.Seed, pipeline = "memory" }, () => Compute(s, context));
        var outcome = cell.Outcome;
        AtomicFile.WriteAllText(context.PathOf(ResultFile), JsonSerializer.Serialize(outcome, ExperimentJson.Indented));
        var images = LoadImages(s);
        var endPoints = new Matrix(s.Images, images.Cols, MemoryMarshal.Cast<byte, float>(cell.EndPoints).ToArray());
        UNetReport.WriteFigure(context.PathOf(FigureFile), images, NoisyInputs(images, s, context.Seed), endPoints, outcome.Recalled);
        AtomicFile.WriteAllText(context.PathOf(ReportFile), UNetReport.Markdown(Name, s, context.Seed, outcome, FigureFile));
        return UNetReport.Summary(s, outcome, [ResultFile, ReportFile, FigureFile, ModelFile]);
    }

    static UNetCell Compute(UNetSettings s, ExperimentContext context)
    {
        var images = LoadImages(s);
        var net = new UNet(new UNetSpec(3, 32, 32, s.Depth, s.BaseChannels, s.Activation));
        net.InitPyTorch(new Rng(context.Seed));
        var map = new UNetMap(net);
        var planes = new Matrix(images.Rows, images.Cols);
        map.ToPlanes(images.Span, planes.Span);
        var task = TrainingTask.Autoencode(planes);
        // The noise is i.i.d. per entry, so drawing it on planes rather than rows changes nothing.
        if (s.NoisyCopies > 0) task = task.WithNoisyCopies(Enumerable.Range(0, s.Images).ToArray(), s.NoisyCopies, s.NoisySigma, 1, context.Seed);
        var trainer = new ConvTrainer(net, OptimizerSettings.Adam(s.LearningRate).Create(net.ParameterCount), task, context.Gemm);
        trainer.Progress += p => context.Report(string.Create(CultureInfo.InvariantCulture, $"unet epoch {p.Epoch}: MSE {p.Loss:G4}"));
        var result = trainer.Run(new TrainerOptions
        {
            TargetMse = s.TargetMse, MaxEpochs = s.MaxEpochs, ProgressEvery = 500,
            TimeBudget = s.TimeBudgetSeconds > 0 ? TimeSpan.FromSeconds(s.TimeBudgetSeconds) : null,
        }, context.Cancellation);

        context.Report($"unet: locating and certifying {s.Images} images");
        var stored = MemoryBuilder.Build(new AssociativeMemory(map, images), context.Gemm, context.Threads,
            new CertifyOptions { TopCount = 3 }, cancellation: context.Cancellation);
        MemoryFile.Save(context.PathOf(ModelFile), stored.Memory);
        context.Report($"unet: {stored.Summary()}; recalling from noise");
        var recall = Recall.Run(stored.Memory, context.Gemm, NoisyInputs(images, s, context.Seed),
            new RecallOptions { MaxSteps = s.RecallSteps }, cancellation: context.Cancellation);

        var units = stored.Units;
        var outcome = new UNetOutcome(result.Reason.Key(), result.Epochs, result.FinalLoss, result.Elapsed.TotalSeconds, net.ParameterCount,
            units.Select(u => u.Certificate.SpectralRadius).ToArray(), units.Select(u => u.Certificate.SpectralRadiusError).ToArray(),
            units.Select(u => Keys.Of(u.Certificate.Verdict)).ToArray(), units.Select(u => u.Certificate.FixedPointResidual).ToArray(),
            units.Select(u => u.Certificate.Method).ToArray(),
            recall.Select((r, i) => Math.Sqrt(VectorOps.SumSquaredDifference(r.EndPoint, images.Row(i)) / images.Cols)).ToArray(),
            recall.Select((r, i) => RecallScore.IsRecovered(stored.Memory, r, i)).ToArray(),
            units.Select(u => StoredMemory.Key(u.Status)).ToArray(), units.Select(u => u.Reason).ToArray(),
            units.Select(u => u.Offset).ToArray(), units.Select(u => u.NewtonSteps).ToArray(),
            recall.Select(r => Keys.Of(r.Outcome)).ToArray(), recall.Select(r => r.Steps).ToArray());
        var ends = recall.SelectMany(r => r.EndPoint).ToArray();
        return new UNetCell(outcome, MemoryMarshal.AsBytes(ends.AsSpan()).ToArray());
    }

    /// <summary>The first <see cref="UNetSettings.Images"/> patches:32 images as rows (32×32×3, channel fastest).</summary>
    static Matrix LoadImages(UNetSettings s)
    {
        var set = BundledData.LoadImages("patches:32", s.Images);
        if (set.Count < s.Images) throw new ArgumentException($"images {s.Images}: patches:32 has only {set.Count}");
        return set.Images;
    }

    /// <summary>Each image plus N(0, σ²) noise (gaussian corruption, unclipped), drawn from seed + 1: the same for the run and its figure.</summary>
    static Matrix NoisyInputs(Matrix images, UNetSettings s, ulong seed)
    {
        var rng = new Rng(seed + 1);
        var corruption = new Corruption.Gaussian(s.Noise);
        var shape = new ImageShape(32, 32, 3);
        var inputs = new Matrix(images.Rows, images.Cols);
        for (int i = 0; i < images.Rows; i++) corruption.Apply(images.Row(i), shape, rng).CopyTo(inputs.Row(i));
        return inputs;
    }
}
