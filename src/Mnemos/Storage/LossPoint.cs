// One point of a loss curve: the epoch (optimizer steps taken) and the loss there. It lives with the
// model files, whose metadata carries the loss history; the trainers record it.
namespace Mnemos.Storage;

/// <summary>One recorded point of the loss curve.</summary>
internal readonly record struct LossPoint(long Epoch, double Loss);
