// Safetensors: round trips, the exact bytes of a tiny file, and dtype conversion on read.
using System.Buffers.Binary;
using System.Text;
using Mnemos.Formats;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Formats;

public class SafetensorsTests
{
    /// <summary>u64 little-endian header length, the header text as is, then the data bytes.</summary>
    internal static byte[] Raw(string header, params byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    static byte[] ToBytes(SafetensorsFile file)
    {
        using var stream = new MemoryStream();
        Safetensors.Write(stream, file);
        return stream.ToArray();
    }

    static SafetensorsFile Read(byte[] bytes) => Safetensors.Read(new MemoryStream(bytes));

    [Fact]
    public void Tiny_file_matches_hand_computed_bytes()
    {
        var file = new SafetensorsFile(
            new Dictionary<string, string> { ["k"] = "v" },
            new Dictionary<string, TensorEntry>
            {
                ["b"] = TensorEntry.F32([1], [0.5f]),
                ["a"] = TensorEntry.F32([2], [1f, -2f]),
            });
        // 133 bytes of JSON, padded with 3 spaces to 136 = 0x88; tensors sorted by name, contiguous.
        const string header = """{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}   """;
        byte[] expected =
        [
            0x88, 0, 0, 0, 0, 0, 0, 0,
            .. Encoding.ASCII.GetBytes(header),
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0xC0, // -2.0f
            0x00, 0x00, 0x00, 0x3F, // 0.5f
        ];
        Assert.Equal(136, header.Length);
        Assert.Equal(expected, ToBytes(file));
    }

    [Fact]
    public void Header_without_metadata_omits_the_metadata_key_and_is_padded_to_eight()
    {
        byte[] bytes = ToBytes(new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry> { ["x"] = TensorEntry.F32([0], []) }));
        string json = """{"x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""";
        Assert.Equal(Raw(json.PadRight((json.Length + 7) / 8 * 8)), bytes);
    }

    [Fact]
    public void Write_then_read_round_trips_metadata_shapes_and_values()
    {
        var rng = new Mnemos.Tensors.Rng(11);
        float[] big = new float[3 * 4 * 5];
        for (int i = 0; i < big.Length; i++) big[i] = rng.Uniform(-3, 3);
        var file = new SafetensorsFile(
            new Dictionary<string, string> { ["json"] = """{"a":"b\"c"}""", ["unicode"] = "n×d ✓", ["empty"] = "" },
            new Dictionary<string, TensorEntry>
            {
                ["layers.0.weight"] = TensorEntry.F32([3, 4, 5], big),
                ["scalar"] = TensorEntry.F32([], [float.Pi]),
                ["empty"] = TensorEntry.F32([0, 7], []),
                ["special"] = TensorEntry.F32([4], [float.NaN, float.PositiveInfinity, -0f, float.Epsilon]),
            });
        var back = Read(ToBytes(file));
        Assert.Equal(file.Metadata.OrderBy(p => p.Key), back.Metadata.OrderBy(p => p.Key));
        Assert.Equal(["empty", "layers.0.weight", "scalar", "special"], back.Tensors.Keys);
        foreach (var (name, entry) in file.Tensors)
        {
            Assert.Equal("F32", back.Tensors[name].DType);
            Assert.Equal(entry.Shape, back.Tensors[name].Shape);
            Assert.Equal(entry.Data.Select(BitConverter.SingleToInt32Bits), back.Tensors[name].Data.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Write_to_path_then_read_header_and_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.safetensors");
        Safetensors.Write(path, new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry> { ["w"] = TensorEntry.F32([2, 2], [1, 2, 3, 4]) }));
        var header = Safetensors.ReadHeader(path);
        var info = header.Tensors["w"];
        Assert.Equal(("F32", 0L, 16L), (info.DType, info.Begin, info.End));
        Assert.Equal(new FileInfo(path).Length, header.DataStart + header.DataLength);
        Assert.Equal([1f, 2, 3, 4], Safetensors.Read(path).Tensors["w"].Data);
        Assert.Equal(["t.safetensors"], dir.Entries());
    }

    [Fact]
    public void Other_dtypes_are_converted_to_float32()
    {
        byte[] f64 = new byte[16], i64 = new byte[16], i32 = new byte[8], f16 = new byte[4], bf16 = new byte[4];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(f64.AsSpan(8), -1e300);
        BinaryPrimitives.WriteInt64LittleEndian(i64, -5);
        BinaryPrimitives.WriteInt64LittleEndian(i64.AsSpan(8), (1L << 40) + 1);
        BinaryPrimitives.WriteInt32LittleEndian(i32, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(i32.AsSpan(4), 7);
        BinaryPrimitives.WriteHalfLittleEndian(f16, (Half)1.5);
        BinaryPrimitives.WriteHalfLittleEndian(f16.AsSpan(2), Half.NegativeInfinity);
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, 0x3FC0); // 1.5
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), 0xC120); // -10
        byte[] u8 = [0, 255], boolean = [0, 1];
        string header = """{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"I64","shape":[2],"data_offsets":[16,32]},"c":{"dtype":"I32","shape":[2],"data_offsets":[32,40]},"d":{"dtype":"F16","shape":[2],"data_offsets":[40,44]},"e":{"dtype":"BF16","shape":[2],"data_offsets":[44,48]},"f":{"dtype":"U8","shape":[2],"data_offsets":[48,50]},"g":{"dtype":"BOOL","shape":[2],"data_offsets":[50,52]}}""";
        var file = Read(Raw(header, [.. f64, .. i64, .. i32, .. f16, .. bf16, .. u8, .. boolean]));
        Assert.Equal("F64", file.Tensors["a"].DType);
        Assert.Equal([0.1f, float.NegativeInfinity], file.Tensors["a"].Data);
        Assert.Equal([-5f, (float)((1L << 40) + 1)], file.Tensors["b"].Data);
        Assert.Equal([-2147483648f, 7f], file.Tensors["c"].Data);
        Assert.Equal([1.5f, float.NegativeInfinity], file.Tensors["d"].Data);
        Assert.Equal([1.5f, -10f], file.Tensors["e"].Data);
        Assert.Equal([0f, 255f], file.Tensors["f"].Data);
        Assert.Equal([0f, 1f], file.Tensors["g"].Data);
    }

    [Fact]
    public void Known_but_unconvertible_dtype_is_refused_on_read_with_the_list_of_readable_ones()
    {
        byte[] bytes = Raw("""{"q":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", 1, 2);
        Assert.Equal("F8_E4M3", Safetensors.ReadHeader(new MemoryStream(bytes)).Tensors["q"].DType);
        var ex = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains("tensor 'q' has dtype F8_E4M3, which Mnemos cannot convert to float32: it reads F64, F32", ex.Message);
    }

    [Fact]
    public void Unpadded_header_from_another_writer_is_read()
    {
        var file = Read(Raw("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 0, 0, 0x80, 0x3F));
        Assert.Equal([1f], file.Tensors["x"].Data);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Non_seekable_stream_is_read()
    {
        byte[] bytes = ToBytes(new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry> { ["x"] = TensorEntry.F32([2], [3, 4]) }));
        using var forwardOnly = new System.IO.Compression.GZipStream(new MemoryStream(Gzip(bytes)), System.IO.Compression.CompressionMode.Decompress);
        Assert.False(forwardOnly.CanSeek);
        Assert.Equal([3f, 4f], Safetensors.Read(forwardOnly).Tensors["x"].Data);
    }

    static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    [Theory]
    [InlineData("x", new[] { 2 }, 3, "tensor 'x' shape [2] has 2 elements but its data holds 3")]
    [InlineData("x", new[] { -1 }, 0, "tensor 'x' shape [-1] has negative dimension -1")]
    [InlineData("__metadata__", new[] { 1 }, 1, "tensor name '__metadata__' is reserved for metadata")]
    [InlineData("", new[] { 1 }, 1, "tensor name is empty")]
    public void Write_refuses_inconsistent_tensors(string name, int[] shape, int length, string message)
    {
        var file = new SafetensorsFile(new Dictionary<string, string>(), new Dictionary<string, TensorEntry> { [name] = TensorEntry.F32(shape, new float[length]) });
        var ex = Assert.Throws<ArgumentException>(() => ToBytes(file));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Tensor_entry_flattens_to_a_matrix_like_npy()
    {
        Assert.Equal((1, 3), Shape(TensorEntry.F32([3], new float[3])));
        Assert.Equal((1, 1), Shape(TensorEntry.F32([], new float[1])));
        Assert.Equal((2, 12), Shape(TensorEntry.F32([2, 3, 4], new float[24])));
        Assert.Equal((0, 12), Shape(TensorEntry.F32([0, 3, 4], [])));
        static (int, int) Shape(TensorEntry e) => (e.ToMatrix().Rows, e.ToMatrix().Cols);
    }
}
