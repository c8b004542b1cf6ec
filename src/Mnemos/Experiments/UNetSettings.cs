// Settings of the unet experiments: plain training as the study (arXiv 1909.12362 v1 §3.3) and the
// consolidated variant, which adds noisy copies of every image trained to the clean image
// (docs/consolidation.md). Presets only; the experiment itself is UNetExperiment.
using Mnemos.Conv;
using Mnemos.Kernels;
using Mnemos.Training;

namespace Mnemos.Experiments;

/// <summary>
/// Settings of the unet experiment; <see cref="For"/> gives the presets. <see cref="NoisyCopies"/>
/// copies of each image with fresh N(0, <see cref="NoisySigma"/>²) noise every epoch are trained to
/// the clean image (0: none). <see cref="TimeBudgetSeconds"/> 0 means no time limit.
/// </summary>
internal sealed record UNetSettings(int Images, int Depth, int BaseChannels, Activation Activation, double LearningRate,
    long MaxEpochs, double TargetMse, double TimeBudgetSeconds, double Noise, int RecallSteps, int NoisyCopies = 0, double NoisySigma = 0.1)
{
    /// <summary>The plain presets: quick (a small U-Net, minutes) and full/study (the study's 10 images, U-Net and lr).</summary>
    public static UNetSettings For(ExperimentPreset preset) => preset is ExperimentPreset.Full or ExperimentPreset.Study
        ? new(10, 3, 64, Activation.Relu, 1e-4, 1_000_000, TrainerOptions.StudyTargetMse, 0, 0.05, 10_000)
        : new(3, 2, 8, Activation.Relu, 1e-3, 3000, TrainerOptions.StudyTargetMse, 180, 0.05, 2000);

    /// <summary>
    /// The consolidated variant's quick preset: quick's images, U-Net and optimizer plus one noisy copy
    /// of σ 0.1 per image, for 6,000 epochs (about 3 minutes on two shared cores; at quick's 3,000 no
    /// image was stored yet, docs/unet.md) and no time limit, so a seed gives one result.
    /// </summary>
    public static UNetSettings Consolidated { get; } =
        new(3, 2, 8, Activation.Relu, 1e-3, 6000, TrainerOptions.StudyTargetMse, 0, 0.05, 2000, NoisyCopies: 1, NoisySigma: 0.1);

    public string Describe() => FormattableString.Invariant(
        $"{Images} patches:32 images 32×32 RGB, U-Net depth {Depth} base {BaseChannels} {Activation.Name()}, Adam lr {LearningRate:G3} to MSE {TargetMse:G3} ")
        + FormattableString.Invariant($"(at most {MaxEpochs} epochs{(TimeBudgetSeconds > 0 ? FormattableString.Invariant($", {TimeBudgetSeconds:G4} s") : "")})")
        + (NoisyCopies > 0 ? FormattableString.Invariant($", {NoisyCopies} noisy cop{(NoisyCopies == 1 ? "y" : "ies")} of σ {NoisySigma:G3} per image") : "")
        + FormattableString.Invariant($", recall from noise σ {Noise:G3} (at most {RecallSteps} steps)");

    public void Validate()
    {
        if (Images < 1) throw new ArgumentException($"images {Images}: must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate {LearningRate}: must be positive");
        if (MaxEpochs < 1) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 1");
        if (!(Noise >= 0)) throw new ArgumentException($"noise {Noise}: must be at least 0");
        if (RecallSteps < 1) throw new ArgumentException($"recall steps {RecallSteps}: must be at least 1");
        if (NoisyCopies < 0) throw new ArgumentException($"noisy copies {NoisyCopies}: must be at least 0");
        if (NoisyCopies > 0 && !(NoisySigma > 0 && double.IsFinite(NoisySigma)))
            throw new ArgumentException($"noisy sigma {NoisySigma}: must be a positive number");
        new UNetSpec(3, 32, 32, Depth, BaseChannels, Activation).Validate();
    }
}
