// Npy: malformed or unsupported input is refused with a one-line InvalidDataException that names
// the problem and the value, and nothing is allocated from sizes the file cannot back.
using System.Buffers.Binary;
using System.Text;
using Mnemos.Formats;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Formats;

public class NpyValidationTests
{
    /// <summary>Magic, version, header length (u16 for v1, u32 otherwise), header text, data.</summary>
    static byte[] NpyBytes(string header, byte major = 1, params byte[] data)
    {
        byte[] text = Encoding.Latin1.GetBytes(header);
        int prefix = major == 1 ? 2 : 4;
        var bytes = new byte[8 + prefix + text.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 }.CopyTo(bytes, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        text.CopyTo(bytes, 8 + prefix);
        data.CopyTo(bytes, 8 + prefix + text.Length);
        return bytes;
    }

    static string Header(string descr, string shape, string fortran = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}\n";

    static string Refused(byte[] bytes)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes)));
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    [Fact]
    public void Hand_built_file_reads_so_the_helper_is_right()
    {
        var m = Npy.Read(new MemoryStream(NpyBytes(Header("<f4", "(1, 2)"), 2, 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0)));
        Assert.Equal((1, 2), (m.Rows, m.Cols));
        Assert.Equal([1f, -2f], m.Data);
    }

    [Fact]
    public void Wrong_magic_is_refused_showing_the_bytes_found()
    {
        byte[] bytes = NpyBytes(Header("<f4", "(1,)"), 1, 0, 0, 0, 0);
        bytes[1] = (byte)'X';
        Assert.Equal("file starts with 9358554D5059 instead of the .npy magic 934E554D5059 (\\x93NUMPY): not an .npy file", Refused(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void File_shorter_than_the_preamble_is_refused(int length)
    {
        Assert.Equal($"file has {length} bytes: an .npy file starts with a 10-byte preamble", Refused(new byte[length]));
    }

    [Fact]
    public void Unknown_format_version_is_refused()
    {
        byte[] bytes = NpyBytes(Header("<f4", "(1,)"), 4, 0, 0, 0, 0);
        Assert.Equal("file has .npy format version 4.0; Mnemos reads 1.0, 2.0 and 3.0", Refused(bytes));
    }

    [Fact]
    public void Header_length_past_the_end_is_refused_as_truncated()
    {
        byte[] bytes = NpyBytes(Header("<f4", "(1,)"), 2)[..40];
        Assert.Equal("header length 58 bytes but only 28 bytes follow: truncated file", Refused(bytes));
    }

    [Fact]
    public void Header_length_over_the_limit_is_refused_without_allocating_it()
    {
        byte[] bytes = NpyBytes("", 2, new byte[64]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0xFFFFFFF0);
        long allocated = Allocation.Measure(() => Npy.Read(new MemoryStream(bytes)));
        Assert.Equal("header length 4294967280 bytes is over the 1048576-byte limit", Refused(bytes));
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Truncated_data_is_refused_naming_shape_and_sizes()
    {
        byte[] bytes = NpyBytes(Header("<f8", "(2, 3)"), 1, new byte[40]);
        Assert.Equal("shape (2, 3) of '<f8' needs 48 bytes of data but only 40 follow the header: truncated file", Refused(bytes));
    }

    [Theory]
    [InlineData("(1000000000000, 1000000000000)", "shape (1000000000000, 1000000000000) of '<f4' needs more than 2^63 bytes of data but only 8 follow the header: truncated file")]
    [InlineData("(100000, 100000)", "shape (100000, 100000) of '<f4' needs 40000000000 bytes of data but only 8 follow the header: truncated file")]
    public void Absurd_shape_is_refused_without_allocating_it(string shape, string message)
    {
        byte[] bytes = NpyBytes(Header("<f4", shape), 1, new byte[8]);
        long allocated = Allocation.Measure(() => Npy.Read(new MemoryStream(bytes)));
        Assert.Equal(message, Refused(bytes));
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "header \"{'descr': '<f4', 'fortran_order': False}\" has no 'shape'")]
    [InlineData("{'descr': '<f4', 'shape': (1,)}", "has no 'fortran_order'")]
    [InlineData("{'fortran_order': False, 'shape': (1,)}", "has no 'descr'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "header has unexpected key 'extra': expected descr, fortran_order and shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "fortran_order 0 is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 1}", "shape 1 is not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "shape (-1) has dimension -1: expected a non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',)}", "shape ('a') has dimension 'a': expected a non-negative integer")]
    [InlineData("{'descr': 4, 'fortran_order': False, 'shape': (1,)}", "descr 4 is not a dtype string")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "header is not a Python literal (expected ',' or '}' in a dict at character")]
    [InlineData("['descr']", "header \"['descr']\" is not a Python dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "integer 99999999999999999999 is not a 64-bit integer")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "dict key 'descr' appears twice")]
    [InlineData("{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,)}", "unexpected character '_'")]
    public void Malformed_header_dict_is_refused_naming_the_field(string header, string message)
    {
        Assert.Contains(message, Refused(NpyBytes(header, 1, new byte[4])));
    }

    [Theory]
    [InlineData("c8_2.npy", "dtype '<c8' is not supported: Mnemos reads <f4, <f8, <f2, |u1")]
    [InlineData("object_2.npy", "object array (descr '|O') holds pickled Python objects: Mnemos reads numeric arrays only")]
    [InlineData("structured_2.npy", "structured dtype (('x', '<f4'), ('y', '<i4')) (a list of fields) is not supported")]
    public void Unsupported_numpy_arrays_are_refused_naming_the_dtype(string file, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(Golden.File("Formats", file)));
        Assert.StartsWith(Golden.File("Formats", file) + ": ", ex.Message);
        Assert.Contains(message, ex.Message);
    }
}
