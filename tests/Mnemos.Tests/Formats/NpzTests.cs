// Npz: numpy.savez / savez_compressed archives (golden files from scripts/make_npy_golden.py)
// listed and read by name; Mnemos-written archives read back; damaged archives refused.
using System.Buffers.Binary;
using Mnemos.Formats;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Formats;

public class NpzTests
{
    [Theory]
    [InlineData("pair.npz")]
    [InlineData("pair_compressed.npz")]
    public void Numpy_archives_stored_or_deflated_list_and_read_by_name(string file)
    {
        string path = Golden.File("Formats", file);
        Assert.Equal(["a", "b"], Npz.List(path));
        var a = Npz.Read(path, "a");
        Assert.Equal((2, 3), (a.Rows, a.Cols));
        Assert.Equal([-0.5f, -0.375f, -0.25f, -0.125f, 0f, 0.125f], a.Data);
        var b = Npz.Read(path, "b");
        Assert.Equal((1, 4), (b.Rows, b.Cols));
        Assert.Equal([0f, 17, 34, 51], b.Data);
    }

    [Fact]
    public void Missing_array_is_refused_listing_the_names_present()
    {
        string path = Golden.File("Formats", "pair.npz");
        var ex = Assert.Throws<InvalidDataException>(() => Npz.Read(path, "c"));
        Assert.Equal($"{path}: archive has no array 'c': it holds 'a', 'b'", ex.Message);
    }

    [Fact]
    public void Npy_file_is_not_an_archive()
    {
        string path = Golden.File("Formats", "f4_2x3.npy");
        var ex = Assert.Throws<InvalidDataException>(() => Npz.List(path));
        Assert.StartsWith($"{path}: not an .npz (zip) archive: ", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_then_read_round_trips_every_array(bool compress)
    {
        var rng = new Rng(3);
        var x = new Matrix(4, 3);
        for (int i = 0; i < x.Length; i++) x.Data[i] = rng.Uniform(-1, 1);
        var arrays = new Dictionary<string, Matrix> { ["x"] = x, ["empty"] = new Matrix(0, 5) };
        using var dir = new TempDirectory();
        string path = dir.File("d.npz");
        Npz.Write(path, arrays, compress);
        Assert.Equal(["x", "empty"], Npz.List(path));
        Assert.Equal(x.Data, Npz.Read(path, "x").Data);
        Assert.Equal((0, 5), (Npz.Read(path, "empty").Rows, Npz.Read(path, "empty").Cols));
    }

    [Fact]
    public void Entry_declaring_more_bytes_than_its_compressed_data_can_hold_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.npz");
        Npz.Write(path, new Dictionary<string, Matrix> { ["x"] = new Matrix(2, 2) });
        // Patch the central directory's uncompressed size (offset 24 of its entry) to 2 GB.
        byte[] bytes = File.ReadAllBytes(path);
        int central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), int.MaxValue);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => Npz.Read(path, "x"));
        Assert.Equal($"{path}: array 'x' declares 2147483647 bytes from 144 compressed bytes in a {bytes.Length}-byte archive: damaged archive", ex.Message);
    }

    [Fact]
    public void Malformed_array_inside_an_archive_is_refused_naming_the_array()
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.npz");
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("bad.npy").Open();
            entry.Write("not numpy"u8);
        }
        var ex = Assert.Throws<InvalidDataException>(() => Npz.Read(path, "bad"));
        Assert.Equal($"{path}: array 'bad': file has 9 bytes: an .npy file starts with a 10-byte preamble", ex.Message);
    }
}
