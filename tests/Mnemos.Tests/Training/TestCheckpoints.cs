// A small real checkpoint for the checkpoint-file tests: a 3 → 4 → 3 tanh network after a few
// optimizer steps with a fixed gradient, so every optimizer buffer holds non-trivial values.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Training;
using Mnemos.Tests.Support;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

internal static class TestCheckpoints
{
    /// <summary>Saves to <paramref name="path"/> the checkpoint after <paramref name="steps"/> steps of <paramref name="optimizer"/> (31 parameters, epoch = steps).</summary>
    public static string Save(string path, OptimizerSettings optimizer, int steps)
    {
        var spec = new MlpSpec(3, 3, 1, 4, Activation.Tanh);
        var setup = new TrainingSetup(spec, InitScheme.Parse("pytorch"), optimizer, 5);
        var mlp = TestNets.Random(spec, 2);
        var state = setup.Optimizer.Create(mlp.Parameters.Length);
        var gradient = Enumerable.Range(0, mlp.Parameters.Length).Select(i => 0.01f * (i % 7 - 3)).ToArray();
        for (int s = 0; s < steps; s++) state.Step(mlp.Parameters, gradient);
        CheckpointFile.Save(path, mlp, setup, new TrainerState(steps, state.ExportState(), [new LossPoint(steps, 0.5)]), null);
        return path;
    }
}
