// One point of a loss curve: the epoch (optimizer steps taken) and the MSE there.
namespace Mnemos.Training;

/// <summary>One recorded point of the loss curve.</summary>
public readonly record struct LossPoint(long Epoch, double Loss);
