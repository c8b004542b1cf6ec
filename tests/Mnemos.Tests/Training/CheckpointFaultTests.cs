// Regressions for damaged checkpoints a fuzzer produced: optimizer state that is infinite, negative
// where it cannot be, missing or the wrong length, step counts behind the epoch, and a task that
// contradicts its cycle settings. Each was resumed from (and then reported as "diverged" without
// naming the file, or trained the wrong task); now each is refused on load with one line naming it.
using System.Text.Json;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tests.Support;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training;

public class CheckpointFaultTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    // An Adam checkpoint after two steps at epoch 2: buffers exp_avg and exp_avg_sq, 31 parameters.
    string SaveAdamCheckpoint() => TestCheckpoints.Save(folder.File("run.ckpt.safetensors"), OptimizerSettings.Adam(), 2);

    static void Edit(string path, Action<Dictionary<string, string>, Dictionary<string, TensorEntry>> edit)
    {
        var file = Safetensors.Read(path);
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal);
        var tensors = new Dictionary<string, TensorEntry>(file.Tensors, StringComparer.Ordinal);
        edit(metadata, tensors);
        Safetensors.Write(path, new SafetensorsFile(metadata, tensors));
    }

    static void SetValue(Dictionary<string, TensorEntry> tensors, string name, int index, float value)
    {
        float[] data = (float[])tensors[name].Data.Clone();
        data[index] = value;
        tensors[name] = TensorEntry.F32(tensors[name].Shape, data);
    }

    string Refused(string path)
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.StartsWith($"'{path}': ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void The_unedited_checkpoint_loads()
    {
        var checkpoint = CheckpointFile.Load(SaveAdamCheckpoint());
        Assert.Equal(2, checkpoint.State.Optimizer.StepCount);
        Assert.Equal(["exp_avg", "exp_avg_sq"], checkpoint.State.Optimizer.Buffers.Keys.Order());
    }

    [Theory]
    [InlineData("optimizer.exp_avg", 4, float.PositiveInfinity, "optimizer buffer 'optimizer.exp_avg' [4] is Infinity: must be finite")]
    [InlineData("optimizer.exp_avg_sq", 0, float.NaN, "optimizer buffer 'optimizer.exp_avg_sq' [0] is NaN: must be finite")]
    [InlineData("optimizer.exp_avg_sq", 7, -1e-6f, "optimizer buffer 'optimizer.exp_avg_sq' [7] is -1E-06: a second moment is never negative")]
    public void Bug_infinite_or_negative_optimizer_state_was_resumed_and_reported_only_as_diverged(string name, int index, float value, string expected)
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (_, tensors) => SetValue(tensors, name, index, value));
        Assert.EndsWith(expected, Refused(path));
    }

    [Fact]
    public void A_momentum_buffer_may_be_negative()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (_, tensors) => SetValue(tensors, "optimizer.exp_avg", 3, -2));
        Assert.Equal(-2, CheckpointFile.Load(path).State.Optimizer.Buffers["exp_avg"][3]);
    }

    [Fact]
    public void A_buffer_of_the_wrong_length_is_refused()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (_, tensors) => tensors["optimizer.exp_avg"] = TensorEntry.F32([5], new float[5]));
        Assert.EndsWith("optimizer buffer 'optimizer.exp_avg' has 5 values, expected 31 (one per parameter)", Refused(path));
    }

    [Fact]
    public void A_missing_buffer_is_refused_naming_the_file()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (_, tensors) => tensors.Remove("optimizer.exp_avg_sq"));
        Assert.Contains("lacks buffer 'exp_avg_sq'", Refused(path));
    }

    [Fact]
    public void A_buffer_name_with_control_characters_is_not_echoed()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (_, tensors) => tensors["optimizer.x\n\u001b[2J"] = TensorEntry.F32([31], new float[31]));
        string message = Refused(path);
        Assert.DoesNotContain('\u001b', message);
        Assert.Contains("buffer 'x??[2J'", message);
    }

    [Fact]
    public void Step_counts_behind_the_epoch_are_refused()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (metadata, _) => metadata["optimizer_steps"] = "1");
        Assert.EndsWith("metadata optimizer_steps 1 is below checkpoint_epoch 2: every epoch takes one optimizer step", Refused(path));
    }

    [Fact]
    public void Bug_task_sequence_with_cycle_length_0_trained_an_autoencoder()
    {
        string path = SaveAdamCheckpoint();
        Edit(path, (metadata, _) =>
        {
            var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(metadata["training"])!;
            Assert.Equal("autoencode", settings["task"]);
            settings["task"] = "sequence";
            metadata["training"] = JsonSerializer.Serialize(settings);
        });
        Assert.EndsWith("training setting task 'sequence' does not match cycle_length 0 (expected 'autoencode')", Refused(path));
    }
}
