// RecallTargets: integer .npy files of shape (n,) or (n, 1), integral floats and text lines read as
// indices; non-integers, empty lines, other shapes and missing files refused on one line naming the
// row and value (snapshots of the texts users see, after the CLI's "--targets 'FILE': ").
using System.Buffers.Binary;
using System.Text;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class RecallTargetsTests
{
    /// <summary>A version-1 .npy of little-endian int64 values with the given shape text.</summary>
    internal static byte[] Int64Npy(long[] values, string shape)
    {
        byte[] header = Encoding.Latin1.GetBytes($"{{'descr': '<i8', 'fortran_order': False, 'shape': {shape}, }}\n");
        var bytes = new byte[10 + header.Length + 8 * values.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        header.CopyTo(bytes, 10);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(10 + header.Length + 8 * i), values[i]);
        return bytes;
    }

    [Fact]
    public void Integer_npy_of_shape_n_reads_as_the_indices()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.npy");
        File.WriteAllBytes(path, Int64Npy([3, 0, 2, 9], "(4,)"));
        Assert.Equal([3, 0, 2, 9], RecallTargets.Read(path));
    }

    [Fact]
    public void Integral_float_npy_of_shape_n_by_1_reads_as_the_indices()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.NPY");
        Npy.Write(path, new Matrix(3, 1, [4, 0, 1]));
        Assert.Equal([4, 0, 1], RecallTargets.Read(path));
    }

    [Fact]
    public void Text_has_one_integer_per_line_with_blanks_and_a_final_newline_allowed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.txt");
        File.WriteAllText(path, " 2\r\n0 \n+1\n-3\n\n");
        Assert.Equal([2, 0, 1, -3], RecallTargets.Read(path)); // -3 is read here and refused by Check
        Assert.Empty(RecallTargets.ReadText(""));
    }

    [Theory]
    [InlineData("0\n1.5\n2", "row 1 holds '1.5': not an integer")]
    [InlineData("0\nseven", "row 1 holds 'seven': not an integer")]
    [InlineData("0\n\n2", "row 1 is an empty line: expected one integer per line")]
    [InlineData("99999999999", "row 0 holds 99999999999: beyond any example index")]
    public void Text_that_is_not_one_integer_per_line_is_refused(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<InvalidDataException>(() => RecallTargets.ReadText(text)).Message);
    }

    [Fact]
    public void Npy_values_that_are_not_integers_are_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.npy");
        Npy.Write(path, new Matrix(3, 1, [0, 2.5f, 1]));
        Assert.Equal("row 1 holds 2.5: not an integer", Assert.Throws<InvalidDataException>(() => RecallTargets.Read(path)).Message);
        Npy.Write(path, new Matrix(2, 1, [0, float.NaN]));
        Assert.Equal("row 1 holds NaN: not an integer", Assert.Throws<InvalidDataException>(() => RecallTargets.Read(path)).Message);
    }

    [Fact]
    public void Npy_shapes_other_than_a_column_are_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.npy");
        Npy.Write(path, new Matrix(3, 2));
        Assert.Equal("shape (3, 2) is not a column: expected (n,) or (n, 1), one index per input row",
            Assert.Throws<InvalidDataException>(() => RecallTargets.Read(path)).Message);
        File.WriteAllBytes(path, Int64Npy([1], "()"));
        Assert.Equal("shape () is not a column: expected (n,) or (n, 1), one index per input row",
            Assert.Throws<InvalidDataException>(() => RecallTargets.Read(path)).Message);
    }

    [Fact]
    public void A_missing_file_says_so()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => RecallTargets.Read(dir.File("none.txt")));
        Assert.Equal("file not found", ex.Message);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 0, 1 }, null)]
    [InlineData(new[] { 0, 1, 3, 0, 1 }, "row 2 holds 3, but the memory stores 3 examples (0–2)")]
    [InlineData(new[] { -1, 1, 2, 0, 1 }, "row 0 holds -1, but the memory stores 3 examples (0–2)")]
    [InlineData(new[] { 0, 1, 2, 0, 1, 2 }, "6 targets for 5 inputs: expected one stored-example index per input row")]
    [InlineData(new[] { 0 }, "1 target for 5 inputs: expected one stored-example index per input row")]
    public void Check_wants_one_stored_row_per_input(int[] targets, string? message)
    {
        var memory = KnownMemories.Diagonal();
        if (message is null) RecallTargets.Check(targets, memory, 5);
        else Assert.Equal(message, Assert.Throws<ArgumentException>(() => RecallTargets.Check(targets, memory, 5)).Message);
    }
}
