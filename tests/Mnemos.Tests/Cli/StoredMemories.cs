// Two small memories stored once through `mnemos store` and shared by the memory command tests:
// the ten 5×7 digit glyphs autoencoded (leaky ReLU, 2×64: a mix of attractors and repellers at
// seed 0), and the same glyphs as three explicit cycles.
using Mnemos.Dynamics;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public sealed class StoredMemories : IDisposable
{
    public static readonly string[] SmallNet =
        ["--depth", "2", "--width", "64", "--activation", "leaky-relu", "--optimizer", "adam", "--lr", "0.001", "--threads", "1", "--seed", "0"];

    public const string Cycles = "0,1,2;3,4,5,6;7,8,9";

    readonly TempDirectory directory = new();

    public StoredMemories()
    {
        Autoencoder = directory.File("digits.safetensors");
        Sequence = directory.File("cycles.safetensors");
        Store(Autoencoder);
        Store(Sequence, "--cycles", Cycles);
    }

    /// <summary>The autoencoder memory of builtin:digits.</summary>
    public string Autoencoder { get; }

    /// <summary>builtin:digits stored as the cycles <see cref="Cycles"/>.</summary>
    public string Sequence { get; }

    public AssociativeMemory Load(string path) => MemoryFile.Load(path).Memory;

    public string File(string name) => directory.File(name);

    public void Dispose() => directory.Dispose();

    static void Store(string path, params string[] extra)
    {
        var run = CliRunner.Run(["store", "--data", "builtin:digits", "--out", path, .. SmallNet, .. extra]);
        if (run.ExitCode != 0) throw new InvalidOperationException($"storing {path} failed: {run}");
    }
}

[CollectionDefinition(Name)]
public sealed class StoredMemoriesCollection : ICollectionFixture<StoredMemories>
{
    public const string Name = "stored memories";
}
