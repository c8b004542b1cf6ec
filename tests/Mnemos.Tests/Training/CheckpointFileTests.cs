// CheckpointFile: a saved checkpoint loads back to the same settings and optimizer state, and a file
// whose optimizer metadata names an unknown kind, or a kind other than its training settings', is
// refused in one line naming the path and the value instead of resuming as some other optimizer.
using System.Text.Json;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

public class CheckpointFileTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    string SaveSgdCheckpoint() => TestCheckpoints.Save(folder.File("run.ckpt.safetensors"), OptimizerSettings.Sgd(momentum: 0.9), 1);

    /// <summary>Replaces one metadata entry, or with <paramref name="training"/> one key of the "training" JSON object.</summary>
    static void Rewrite(string path, string key, string value, bool training = false)
    {
        var file = Safetensors.Read(path);
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal);
        if (training)
        {
            var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(metadata["training"])!;
            Assert.True(settings.ContainsKey(key), $"no training setting '{key}'");
            settings[key] = value;
            metadata["training"] = JsonSerializer.Serialize(settings);
        }
        else
        {
            Assert.True(metadata.ContainsKey(key), $"no metadata '{key}'");
            metadata[key] = value;
        }
        Safetensors.Write(path, file with { Metadata = metadata });
    }

    [Fact]
    public void A_checkpoint_loads_back_its_settings_and_optimizer_state()
    {
        string path = SaveSgdCheckpoint();
        var checkpoint = CheckpointFile.Load(path);
        Assert.Equal(OptimizerSettings.Sgd(momentum: 0.9), checkpoint.Setup.Optimizer);
        Assert.Equal("sgd", checkpoint.State.Optimizer.Kind);
        Assert.Equal(1, checkpoint.State.Optimizer.StepCount);
        Assert.Equal(["momentum_buffer"], checkpoint.State.Optimizer.Buffers.Keys);
        Assert.Equal([new LossPoint(1, 0.5)], checkpoint.State.LossHistory);
    }

    [Fact]
    public void An_unknown_optimizer_in_the_training_settings_is_refused_naming_it()
    {
        string path = SaveSgdCheckpoint();
        Rewrite(path, "optimizer", "lbfgs lr=1", training: true);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.StartsWith($"'{path}': training settings: optimizer 'lbfgs': unknown kind; expected sgd, rmsprop, adam or adamw", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("lbfgs", "metadata optimizer_kind: optimizer 'lbfgs': unknown kind; expected sgd, rmsprop, adam or adamw")]
    [InlineData("adam", "metadata optimizer_kind 'adam' does not match the training optimizer 'sgd lr=0.1 momentum=0.9 dampening=0 weight_decay=0 nesterov=false'")]
    [InlineData("SGD", "metadata optimizer_kind 'SGD' does not match the training optimizer 'sgd lr=0.1 momentum=0.9 dampening=0 weight_decay=0 nesterov=false'")]
    public void An_unknown_or_mismatched_optimizer_kind_is_refused_naming_it(string kind, string message)
    {
        string path = SaveSgdCheckpoint();
        Rewrite(path, "optimizer_kind", kind);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.Equal($"'{path}': {message}", error.Message);
    }

    [Fact]
    public void A_model_file_with_an_unknown_optimizer_is_refused_by_the_settings_reader()
    {
        var spec = new MlpSpec(3, 3, 1, 4, Activation.Tanh);
        var training = new Dictionary<string, string>(new TrainingSetup(spec, InitScheme.Parse("pytorch"), OptimizerSettings.Adam(), 1).ToMetadata())
        {
            ["optimizer"] = "adagrad lr=0.01",
        };
        var error = Assert.Throws<InvalidDataException>(() => TrainingSetup.FromMetadata(spec, training));
        Assert.Equal("training settings: optimizer 'adagrad': unknown kind; expected sgd, rmsprop, adam or adamw", error.Message);
    }
}
