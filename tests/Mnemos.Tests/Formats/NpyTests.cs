// Npy: numpy-written golden files (scripts/make_npy_golden.py) read as float32 matrices, and the
// writer reproduces numpy's bytes. Golden values follow the script's closed forms.
using Mnemos.Formats;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Formats;

public class NpyTests
{
    /// <summary>The script's float values: v(i) = i / 8 − 0.5 in C order.</summary>
    static float[] V(int count) => Enumerable.Range(0, count).Select(i => i / 8f - 0.5f).ToArray();

    static void AssertMatrix(int rows, int cols, float[] expected, Matrix actual)
    {
        Assert.Equal((rows, cols), (actual.Rows, actual.Cols));
        Assert.Equal(expected, actual.Data);
    }

    [Theory]
    [InlineData("f4_2x3.npy")]
    [InlineData("f8_2x3.npy")]
    [InlineData("f2_2x3.npy")]
    [InlineData("f4_2x3_v2.npy")]
    [InlineData("f4_2x3_v3.npy")]
    [InlineData("f4_fortran_2x3.npy")]
    [InlineData("f4_bigendian_2x3.npy")]
    [InlineData("f8_bigendian_fortran_2x3.npy")]
    public void Float_arrays_of_every_dtype_version_order_and_byte_order_read_in_C_order(string file)
    {
        AssertMatrix(2, 3, V(6), Npy.Read(Golden.File("Formats", file)));
    }

    [Theory]
    [InlineData("i4_2x3.npy")]
    [InlineData("i8_2x3.npy")]
    [InlineData("i4_bigendian_2x3.npy")]
    public void Integer_arrays_convert_to_float(string file)
    {
        AssertMatrix(2, 3, [-3, -2, -1, 0, 1, 2], Npy.Read(Golden.File("Formats", file)));
    }

    [Fact]
    public void Uint8_arrays_keep_their_raw_byte_values()
    {
        AssertMatrix(3, 4, Enumerable.Range(0, 12).Select(i => 17f * i).ToArray(), Npy.Read(Golden.File("Formats", "u1_3x4.npy")));
    }

    [Fact]
    public void One_dimensional_array_reads_as_a_single_row()
    {
        AssertMatrix(1, 5, V(5), Npy.Read(Golden.File("Formats", "f4_1d_5.npy")));
    }

    [Fact]
    public void Scalar_reads_as_one_by_one()
    {
        AssertMatrix(1, 1, [-0.5f], Npy.Read(Golden.File("Formats", "f4_scalar.npy")));
    }

    [Theory]
    [InlineData("f4_2x3x4.npy")]
    [InlineData("f4_fortran_2x3x4.npy")]
    public void Higher_rank_arrays_flatten_trailing_axes_in_C_order(string file)
    {
        AssertMatrix(2, 12, V(24), Npy.Read(Golden.File("Formats", file)));
    }

    [Theory]
    [InlineData("f4_0x3.npy", 0, 3)]
    [InlineData("f4_0.npy", 1, 0)]
    [InlineData("f4_1234567x0.npy", 1234567, 0)]
    public void Zero_size_arrays_keep_their_shape(string file, int rows, int cols)
    {
        AssertMatrix(rows, cols, [], Npy.Read(Golden.File("Formats", file)));
    }

    [Theory]
    [InlineData("f4_2x3.npy", 1, "<f4", false, new long[] { 2, 3 })]
    [InlineData("f4_2x3_v2.npy", 2, "<f4", false, new long[] { 2, 3 })]
    [InlineData("f4_2x3_v3.npy", 3, "<f4", false, new long[] { 2, 3 })]
    [InlineData("f8_bigendian_fortran_2x3.npy", 1, ">f8", true, new long[] { 2, 3 })]
    [InlineData("f4_scalar.npy", 1, "<f4", false, new long[0])]
    public void Header_reports_version_dtype_order_and_shape(string file, int major, string descr, bool fortran, long[] shape)
    {
        var header = Npy.ReadHeader(Golden.File("Formats", file));
        Assert.Equal((major, 0, descr, fortran), (header.MajorVersion, header.MinorVersion, header.Descr, header.FortranOrder));
        Assert.Equal(shape, header.Shape);
        Assert.Equal(0, header.DataOffset % 64);
    }

    [Theory]
    [InlineData("f4_2x3.npy", 2, 3)]
    [InlineData("f4_0x3.npy", 0, 3)]
    [InlineData("f4_1234567x0.npy", 1234567, 0)]
    public void Write_reproduces_numpy_save_byte_for_byte(string file, int rows, int cols)
    {
        var matrix = new Matrix(rows, cols, V(rows * cols));
        using var stream = new MemoryStream();
        Npy.Write(stream, matrix);
        Assert.Equal(File.ReadAllBytes(Golden.File("Formats", file)), stream.ToArray());
    }

    [Fact]
    public void Write_then_read_is_bit_exact_including_special_values()
    {
        var rng = new Rng(5);
        var matrix = new Matrix(7, 3);
        for (int i = 0; i < matrix.Length; i++) matrix.Data[i] = (float)rng.Gaussian();
        matrix.Data[0] = float.NaN;
        matrix.Data[1] = float.NegativeInfinity;
        matrix.Data[2] = -0f;
        matrix.Data[3] = float.Epsilon;
        using var dir = new TempDirectory();
        string path = dir.File("m.npy");
        Npy.Write(path, matrix);
        var back = Npy.Read(path);
        Assert.Equal((7, 3), (back.Rows, back.Cols));
        Assert.Equal(matrix.Data.Select(BitConverter.SingleToInt32Bits), back.Data.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(["m.npy"], dir.Entries());
    }

    [Fact]
    public void Fortran_to_C_reorders_a_hand_written_2x3()
    {
        // C order [[1, 2, 3], [4, 5, 6]] is stored column by column as 1 4 2 5 3 6.
        Assert.Equal([1f, 2, 3, 4, 5, 6], Npy.FortranToC([1, 4, 2, 5, 3, 6], [2, 3]));
    }
}
