// The library facade (Memory.Store → Statuses/Recall → Save/Load) on a small net: it must agree with
// the pipeline it wraps, round-trip through a memory file, and refuse bad input with messages
// naming the value.
using Mnemos.Data;
using Mnemos.Dynamics;

namespace Mnemos.Tests;

public sealed class MemoryTests : IClassFixture<MemoryTests.Stored>
{
    /// <summary>The ten builtin digits stored once (4 hidden × 64, ~1 s) for every test here.</summary>
    public sealed class Stored
    {
        public float[][] Digits { get; } = ToRows(BuiltinData.Load("digits"));
        public Memory Memory { get; }

        public Stored() => Memory = Memory.Store(Digits, Options);
    }

    internal static readonly StoreOptions Options = new() { Depth = 4, Width = 64, Threads = 2, MaxEpochs = 20_000 };
    readonly Stored stored;

    public MemoryTests(Stored stored) => this.stored = stored;

    static float[][] ToRows(Mnemos.Tensors.Matrix m) => Enumerable.Range(0, m.Rows).Select(r => m.Row(r).ToArray()).ToArray();

    [Fact]
    public void Store_trains_to_the_target_and_gives_one_status_per_example()
    {
        var memory = stored.Memory;
        Assert.NotNull(memory.Training);
        Assert.True(memory.Training.ReachedTarget, $"stopped: {memory.Training.StopReason} at MSE {memory.Training.FinalMse}");
        Assert.True(memory.Training.FinalMse <= Options.TargetMse);
        Assert.Equal(10, memory.Count);
        Assert.Equal(35, memory.Dimension);
        Assert.Equal(Enumerable.Range(0, 10), memory.Statuses.Select(s => s.Index));
        // Every status follows its certificate: attractor exactly when ρ + error < 1 − margin.
        foreach (var s in memory.Statuses.Where(s => s.Status != StorageStatus.NotStored))
            Assert.Equal(s.SpectralRadius + s.SpectralRadiusError < 1 - Options.Margin, s.IsAttractor);
        Assert.StartsWith($"{memory.Statuses.Count(s => s.Status != StorageStatus.NotStored)} of 10 examples stored: {memory.Attractors} attractor", memory.Summary);
    }

    [Fact]
    public void Certify_again_at_the_located_points_gives_the_same_statuses()
    {
        var before = stored.Memory.Statuses.ToArray();
        var again = Memory.Store(stored.Digits, Options).Certify();
        Assert.Equal(before.Select(s => s.Status), again.Select(s => s.Status));
        Assert.Equal(before.Select(s => s.SpectralRadius), again.Select(s => s.SpectralRadius));
    }

    [Fact]
    public void Recall_from_a_stored_example_ends_on_it_when_it_is_an_attractor()
    {
        var memory = stored.Memory;
        var answers = memory.Recall(stored.Digits);
        Assert.Equal(10, answers.Length);
        foreach (var s in memory.Statuses.Where(s => s.IsAttractor))
        {
            Assert.Equal(s.Index, answers[s.Index].Example);
            Assert.Equal(RecallOutcome.StoredExample, answers[s.Index].Outcome);
            Assert.Equal($"example {s.Index}", answers[s.Index].Describe());
        }
        Assert.Contains(memory.Statuses, s => s.IsAttractor); // else the loop above checked nothing
        int first = memory.Statuses.First(s => s.IsAttractor).Index;
        var single = memory.Recall(stored.Digits[first]);
        Assert.Equal((answers[first].Example, answers[first].Steps), (single.Example, single.Steps));
        Assert.Equal(answers[first].EndPoint, single.EndPoint);
    }

    [Fact]
    public void Save_and_Load_round_trip_statuses_training_and_recall()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemos-memory-{Guid.NewGuid():N}.safetensors");
        try
        {
            stored.Memory.Save(path);
            var loaded = Memory.Load(path, threads: 2);
            // Recall first: a loaded memory matches the examples its file marks stored, before any certifying.
            Assert.Equal(stored.Memory.Recall(stored.Digits).Select(a => a.Example), loaded.Recall(stored.Digits).Select(a => a.Example));
            Assert.Equal(stored.Memory.Training! with { Elapsed = TimeSpan.Zero }, loaded.Training);
            Assert.Equal(stored.Memory.Statuses.Select(s => (s.Status, s.SpectralRadius)), loaded.Statuses.Select(s => (s.Status, s.SpectralRadius)));
            Assert.Equal(stored.Memory.Example(3), loaded.Example(3));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_saved_file_is_what_mnemos_certify_reads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemos-memory-{Guid.NewGuid():N}.safetensors");
        try
        {
            stored.Memory.Save(path);
            var run = Cli.CliRunner.Run("certify", "--model", path, "--json", "--threads", "2");
            Assert.True(run.ExitCode == 0, run.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(run.Out);
            var statuses = json.RootElement.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("status").GetString()).ToArray();
            Assert.Equal(stored.Memory.Statuses.Select(s => StoredMemory.Key(s.Status)), statuses);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_data_and_options_are_refused_naming_the_value()
    {
        Assert.Contains("examples[1] has 2 values but examples[0] has 3",
            Assert.Throws<ArgumentException>(() => Memory.Store([[0f, 1f, 0f], [1f, 0f]])).Message);
        Assert.Contains("examples[0][1] is NaN",
            Assert.Throws<ArgumentException>(() => Memory.Store([[0f, float.NaN]])).Message);
        Assert.Contains("examples: no rows", Assert.Throws<ArgumentException>(() => Memory.Store(Array.Empty<float[]>())).Message);
        Assert.Contains("StoreOptions.Width 0", Assert.Throws<ArgumentException>(() => Memory.Store([[0f, 1f]], new StoreOptions { Width = 0 })).Message);
        Assert.Contains("StoreOptions.Activation 'cosine'",
            Assert.Throws<ArgumentException>(() => Memory.Store([[0f, 1f]], new StoreOptions { Activation = "cosine" })).Message);
        Assert.Contains("inputs have 2 values each but the memory stores vectors of 35",
            Assert.Throws<ArgumentException>(() => stored.Memory.Recall([0f, 1f])).Message);
        Assert.Contains("example 10: the memory stores 10", Assert.Throws<ArgumentOutOfRangeException>(() => stored.Memory.Example(10)).Message);
        Assert.Throws<FileNotFoundException>(() => Memory.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.safetensors")));
    }

    [Fact]
    public void A_cancelled_store_throws()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Memory.Store(stored.Digits, Options, cancel.Token));
    }
}
