// Memory files carry which examples (or cycles) are stored and their ρ; both round-trip exactly, and
// malformed values are refused with one line naming the key and the value.
using Mnemos.Dynamics;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class MemoryFileTests
{
    static AssociativeMemory Memory(IReadOnlyList<int[]>? cycles = null)
    {
        var data = new Matrix(3, 1, [1.9f, 0.001f, -1.9f]);
        return new AssociativeMemory(KnownMaps.DoubleTanh(), data, cycles);
    }

    [Fact]
    public void Stored_rows_and_spectral_radii_round_trip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var memory = Memory().WithSpectralRadii([0.16, 2, 0.16]).WithStoredRows([true, false, true]);
        MemoryFile.Save(path, memory);
        var loaded = MemoryFile.Load(path).Memory;
        Assert.Equal([true, false, true], loaded.StoredRows!);
        Assert.Equal([0.16, 2, 0.16], loaded.SpectralRadii!);
        Assert.False(loaded.IsStored(1));
    }

    [Fact]
    public void A_sequence_memory_keeps_one_flag_per_cycle()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        MemoryFile.Save(path, Memory([[0, 2], [1]]).WithStoredRows([false, true, false]));
        var (loaded, metadata) = MemoryFile.Load(path);
        Assert.Equal("0,1", metadata.Extra[MemoryFile.StoredKey]);
        Assert.Equal([false, true, false], loaded.StoredRows!);
    }

    [Fact]
    public void A_file_without_statuses_counts_every_row_as_stored()
    {
        using var dir = new TempDirectory();
        string path = dir.File("old.safetensors");
        MemoryFile.Save(path, Memory());
        var loaded = MemoryFile.Load(path).Memory;
        Assert.Null(loaded.StoredRows);
        Assert.True(loaded.IsStored(0) && loaded.IsStored(2));
    }

    [Theory]
    [InlineData(MemoryFile.StoredKey, "1,2,0", "metadata memory.stored '1,2,0' is not a list of 1 and 0")]
    [InlineData(MemoryFile.StoredKey, "1,0", "metadata memory.stored has 2 flags for 3 stored examples")]
    [InlineData(MemoryFile.RadiiKey, "0.5,NaN,0.5", "spectral radius NaN: must be a finite number ≥ 0")]
    [InlineData(MemoryFile.RadiiKey, "0.5,-1,0.5", "spectral radius -1: must be a finite number ≥ 0")]
    public void Malformed_metadata_is_refused_naming_the_value(string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.safetensors");
        MemoryFile.Save(path, Memory(), new ModelMetadata { Extra = new Dictionary<string, string> { [key] = value } });
        var error = Assert.Throws<InvalidDataException>(() => MemoryFile.Load(path));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
