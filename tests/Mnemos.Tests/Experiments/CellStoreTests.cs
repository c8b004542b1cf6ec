// CellStore: reuse on identical settings, recompute on changed settings or a damaged file, nothing
// written when the computation fails.
using Mnemos.Experiments;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public class CellStoreTests
{
    sealed record Settings(int Width, double Rate, int[] Sizes);
    sealed record Result(double Value, int[] Labels);

    [Fact]
    public void Identical_settings_reuse_the_stored_result_without_computing()
    {
        using var dir = new TempDirectory();
        int calls = 0;
        Result Compute() { calls++; return new Result(0.25 * calls, [1, -2, calls]); }
        var first = new CellStore(dir.Path).GetOrCompute("grid", new Settings(4, 1e-4, [1, 2]), Compute);
        var store = new CellStore(dir.Path);
        var second = store.GetOrCompute("grid", new Settings(4, 1e-4, [1, 2]), Compute);
        Assert.Equal(1, calls);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Labels, second.Labels);
        Assert.True(store.Records.Single().Reused);
    }

    [Fact]
    public void Changed_settings_recompute_and_replace_the_file()
    {
        using var dir = new TempDirectory();
        var store = new CellStore(dir.Path);
        store.GetOrCompute("grid", new Settings(4, 1e-4, [1, 2]), () => new Result(1, []));
        var changed = store.GetOrCompute("grid", new Settings(4, 1e-4, [1, 3]), () => new Result(2, []));
        var again = store.GetOrCompute("grid", new Settings(4, 1e-4, [1, 3]), () => new Result(3, []));
        Assert.Equal(2, changed.Value);
        Assert.Equal(2, again.Value);
        Assert.Equal([false, false, true], store.Records.Select(r => r.Reused));
        Assert.Equal("settings changed", store.Records[1].Reason);
    }

    [Fact]
    public void A_half_written_file_is_recomputed_and_a_failed_computation_leaves_the_old_file()
    {
        using var dir = new TempDirectory();
        var store = new CellStore(dir.Path);
        var settings = new Settings(8, 0.5, []);
        store.GetOrCompute("cell", settings, () => new Result(1, [7]));
        string path = store.PathOf("cell");
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var result = store.GetOrCompute("cell", settings, () => new Result(5, [7]));
        Assert.Equal(5, result.Value);
        Assert.Equal("unreadable file", store.Records[^1].Reason);

        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<InvalidOperationException>(() =>
            store.GetOrCompute<Result>("cell", settings with { Width = 9 }, () => throw new InvalidOperationException("stopped midway")));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["cell.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(5, store.GetOrCompute("cell", settings, () => new Result(6, [])).Value);
    }

    [Fact]
    public void Keys_that_are_not_plain_file_names_are_rejected_with_the_key_shown()
    {
        var store = new CellStore(Path.GetTempPath());
        var e = Assert.Throws<ArgumentException>(() => store.GetOrCompute("../x", new Settings(1, 1, []), () => 1));
        Assert.Contains("'../x'", e.Message);
    }

    sealed record Spectrum(System.Numerics.Complex[] Eigenvalues);

    [Fact]
    public void Complex_numbers_read_back_bit_for_bit_including_nan_and_infinity()
    {
        // Regression: complex results were read back as 0, so a report from stored cells differed from the run that made them.
        using var dir = new TempDirectory();
        System.Numerics.Complex[] values = [new(0.06870388377443784, 0), new(-1.970526581346752E-34, 1e-300), new(double.NaN, double.PositiveInfinity)];
        new CellStore(dir.Path).GetOrCompute("spectrum", new Settings(1, 1, []), () => new Spectrum(values));
        var read = new CellStore(dir.Path).GetOrCompute<Spectrum>("spectrum", new Settings(1, 1, []), () => throw new InvalidOperationException("recomputed"));
        Assert.Equal(values.Select(v => (BitConverter.DoubleToInt64Bits(v.Real), BitConverter.DoubleToInt64Bits(v.Imaginary))),
            read.Eigenvalues.Select(v => (BitConverter.DoubleToInt64Bits(v.Real), BitConverter.DoubleToInt64Bits(v.Imaginary))));
        Assert.Contains("\"magnitude\":", File.ReadAllText(Path.Combine(dir.Path, "spectrum.json")));
    }

    [Fact]
    public void A_read_only_store_reads_finished_cells_and_names_a_missing_one_without_computing()
    {
        using var dir = new TempDirectory();
        new CellStore(dir.Path).GetOrCompute("done", new Settings(1, 1, []), () => new Result(1, []));
        var store = new CellStore(dir.Path) { ReadOnly = true };
        Assert.Equal(1, store.GetOrCompute<Result>("done", new Settings(1, 1, []), () => throw new InvalidOperationException("computed")).Value);
        var missing = Assert.Throws<CellMissingException>(() => store.GetOrCompute<Result>("todo", new Settings(1, 1, []), () => throw new InvalidOperationException("computed")));
        Assert.Equal(("todo", "cell todo: not computed yet (new)"), (missing.Key, missing.Message));
        var changed = Assert.Throws<CellMissingException>(() => store.GetOrCompute<Result>("done", new Settings(2, 1, []), () => throw new InvalidOperationException("computed")));
        Assert.Equal("cell done: not computed yet (settings changed)", changed.Message);
        Assert.Equal(["done.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Scratch_files_belong_to_one_key_and_settings_and_go_when_the_result_is_stored()
    {
        using var dir = new TempDirectory();
        var store = new CellStore(dir.Path);
        var settings = new Settings(4, 1e-4, [1, 2]);
        string scratch = store.ScratchPathOf("grid", settings, "checkpoint.safetensors");
        Assert.Equal(dir.Path, Path.GetDirectoryName(scratch));
        Assert.NotEqual(scratch, store.ScratchPathOf("grid", settings with { Rate = 1e-3 }, "checkpoint.safetensors"));
        Assert.NotEqual(scratch, store.ScratchPathOf("grid2", settings, "checkpoint.safetensors"));
        string other = store.ScratchPathOf("grid", settings with { Sizes = [3] }, "checkpoint.safetensors");
        File.WriteAllText(other, "another run's work");

        store.GetOrCompute("grid", settings, () => { File.WriteAllText(scratch, "work in progress"); return new Result(1, []); });
        Assert.False(File.Exists(scratch));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(store.PathOf("grid")));

        File.WriteAllText(scratch, "kept while the computation fails");
        Assert.Throws<InvalidOperationException>(() => store.GetOrCompute("grid", settings with { Width = 5 }, Result () => throw new InvalidOperationException("no")));
        Assert.True(File.Exists(scratch));
        Assert.Throws<ArgumentException>(() => store.ScratchPathOf("grid", settings, "a/b"));
    }
}
