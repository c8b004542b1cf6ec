// One (epoch, loss) sample of a training run, as recorded in loss histories and model files.
namespace Mnemos.Training;

public readonly record struct LossPoint(long Epoch, double Loss);
