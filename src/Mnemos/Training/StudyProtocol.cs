// The study's training protocol (PNAS 2020, Materials and Methods; arXiv 1909.12362 v1, Sec. 3 and
// the captions of its tables): the optimizers' settings, constant learning rates, the epoch cap and
// the two losses that decide a run. One place, so presets, CLI defaults and tests agree.
using Mnemos.Training.Optimizers;

namespace Mnemos.Training;

/// <summary>The study's optimizer settings, epoch cap, target loss and "did not converge" threshold.</summary>
internal static class StudyProtocol
{
    /// <summary>Learning rate of GD, GD + momentum and GD + momentum + weight decay.</summary>
    public const double GdLearningRate = 0.1;

    /// <summary>Momentum of GD + momentum (with and without weight decay).</summary>
    public const double Momentum = 0.009;

    /// <summary>Weight decay of GD + momentum + weight decay.</summary>
    public const double WeightDecay = 1e-4;

    /// <summary>Learning rate of RMSprop and Adam.</summary>
    public const double AdaptiveLearningRate = 1e-4;

    /// <summary>The cap on a run's epochs.</summary>
    public const long MaxEpochs = 1_000_000;

    /// <summary>Training aims at this mean squared error (interpolation to numerical precision).</summary>
    public const double TargetMse = TrainerOptions.StudyTargetMse;

    /// <summary>
    /// A run that stops (at the epoch cap) with its loss above this did not converge: its table cell
    /// is "did not converge". At or below it the cell's count stands, with the reached MSE beside it.
    /// </summary>
    public const double NotConvergedMse = 1e-5;

    /// <summary>GD: SGD on the full batch at lr 0.1.</summary>
    public static OptimizerSettings Gd => OptimizerSettings.Parse(FormattableString.Invariant($"sgd lr={GdLearningRate}"));

    /// <summary>GD + momentum: lr 0.1, momentum 0.009.</summary>
    public static OptimizerSettings GdMomentum => OptimizerSettings.Parse(FormattableString.Invariant($"sgd lr={GdLearningRate} momentum={Momentum}"));

    /// <summary>GD + momentum + weight decay: lr 0.1, momentum 0.009, weight decay 1e-4.</summary>
    public static OptimizerSettings GdMomentumWeightDecay =>
        OptimizerSettings.Parse(FormattableString.Invariant($"sgd lr={GdLearningRate} momentum={Momentum} weight_decay={WeightDecay}"));

    /// <summary>RMSprop at lr 1e-4 (PyTorch's other defaults).</summary>
    public static OptimizerSettings RmsProp => OptimizerSettings.Parse(FormattableString.Invariant($"rmsprop lr={AdaptiveLearningRate}"));

    /// <summary>Adam at lr 1e-4 (PyTorch's other defaults).</summary>
    public static OptimizerSettings Adam => OptimizerSettings.Adam(AdaptiveLearningRate);

    /// <summary>The study's learning rate for an optimizer of this kind: 0.1 for SGD with or without momentum, 1e-4 for the adaptive ones.</summary>
    public static double LearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => GdLearningRate,
        OptimizerKind.RmsProp or OptimizerKind.Adam or OptimizerKind.AdamW => AdaptiveLearningRate,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"optimizer kind {kind}: no study learning rate"),
    };

    /// <summary>True when a run that ended at <paramref name="finalMse"/> did not converge (above 1e-5, or not a number).</summary>
    public static bool DidNotConverge(double finalMse) => !(finalMse <= NotConvergedMse);
}
