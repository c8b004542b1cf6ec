// Safetensors: every malformed input is refused with a one-line InvalidDataException that names
// the problem and the offending value, and nothing is allocated from sizes the file cannot back.
using System.Buffers.Binary;
using Mnemos.Formats;
using Mnemos.Tests.Support;
using static Mnemos.Tests.Formats.SafetensorsTests;

namespace Mnemos.Tests.Formats;

public class SafetensorsValidationTests
{
    const string Valid = """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    static InvalidDataException Refused(byte[] bytes)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new MemoryStream(bytes)));
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    static byte[] LengthPrefix(ulong length, int extraBytes)
    {
        var bytes = new byte[8 + extraBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        bytes.AsSpan(8).Fill((byte)' ');
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void File_shorter_than_the_length_prefix_is_refused(int length)
    {
        var ex = Refused(new byte[length]);
        Assert.Equal($"file has {length} bytes: a safetensors file starts with an 8-byte header length", ex.Message);
    }

    [Fact]
    public void Header_length_beyond_the_limit_is_refused_without_allocating_it()
    {
        byte[] bytes = LengthPrefix(1UL << 62, 16);
        long allocated = Allocation.Measure(() => Safetensors.Read(new MemoryStream(bytes)));
        Assert.Contains("header length 4611686018427387904 bytes is over the 100000000-byte limit", Refused(bytes).Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Header_length_beyond_the_file_size_is_refused_as_truncated()
    {
        byte[] bytes = LengthPrefix(90_000_000, 16);
        long allocated = Allocation.Measure(() => Safetensors.Read(new MemoryStream(bytes)));
        Assert.Equal("header length 90000000 bytes but only 16 bytes follow the length prefix: truncated file or not a safetensors file", Refused(bytes).Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Truncated_data_buffer_is_refused_naming_the_tensor_and_buffer_size()
    {
        var ex = Refused(Raw(Valid, 0, 0, 0x80, 0x3F, 0, 0));
        Assert.Equal("tensor 'x' data_offsets [0, 8] run past the end of the 6-byte data buffer", ex.Message);
    }

    [Fact]
    public void Tensor_claiming_a_huge_shape_in_a_small_file_is_refused_without_allocating_it()
    {
        byte[] bytes = Raw("""{"x":{"dtype":"F32","shape":[1000000,1000],"data_offsets":[0,4000000000]}}""", 1, 2, 3, 4);
        long allocated = Allocation.Measure(() => Safetensors.Read(new MemoryStream(bytes)));
        Assert.Contains("data_offsets [0, 4000000000] run past the end of the 4-byte data buffer", Refused(bytes).Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", "header is not valid JSON")]
    [InlineData("""[1, 2]""", "header starts with byte 0x5B instead of '{': not a safetensors file")]
    [InlineData("""PK\u0003\u0004""", "header starts with byte 0x50 instead of '{'")]
    [InlineData("""{"x":5}""", "tensor 'x' is a JSON Number, expected an object with dtype, shape and data_offsets")]
    [InlineData("""{"x":{"shape":[2],"data_offsets":[0,8]}}""", "tensor 'x' has no dtype")]
    [InlineData("""{"x":{"dtype":"F32","data_offsets":[0,8]}}""", "tensor 'x' has no shape")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2]}}""", "tensor 'x' has no data_offsets")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"strides":[1]}}""", "tensor 'x' has unknown field 'strides'")]
    [InlineData("""{"x":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "tensor 'x' has field 'dtype' twice")]
    [InlineData("""{"x":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}""", "tensor 'x' has unknown dtype 'F31': expected one of F64, F32, F16, BF16")]
    [InlineData("""{"x":{"dtype":32,"shape":[2],"data_offsets":[0,8]}}""", "tensor 'x' dtype 32 is not a string")]
    [InlineData("""{"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "tensor 'x' shape [-2] has negative dimension -2")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "tensor 'x' shape [2.5] has dimension 2.5: expected a non-negative integer")]
    [InlineData("""{"x":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""", "tensor 'x' shape \"2\" is not an array of integers")]
    [InlineData("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "tensor 'x' of shape [3] and dtype F32 needs 12 bytes but data_offsets [0, 8] hold 8")]
    [InlineData("""{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", "tensor 'x' of shape [2] and dtype F64 needs 16 bytes but data_offsets [0, 8] hold 8")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "tensor 'x' data_offsets [8, 0] end before they begin")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", "tensor 'x' data_offsets [0]: expected two non-negative integers [begin, end]")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[-1,7]}}""", "tensor 'x' data_offsets [-1,7]: expected two non-negative integers")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,99999999999999999999]}}""", "tensor 'x' data_offsets [0,99999999999999999999]: expected two non-negative integers")]
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "name 'x' appears twice in the header")]
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[2,6]},"z":{"dtype":"F16","shape":[1],"data_offsets":[6,8]}}""", "tensors 'x' [0, 4] and 'y' [2, 6] overlap")]
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "bytes [0, 4) of the data buffer, before tensor 'x', belong to no tensor")]
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "data buffer has 8 bytes but the tensors end at byte 4: 4 trailing bytes belong to no tensor")]
    [InlineData("""{"__metadata__":{"k":1},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__ value of 'k' is a JSON Number, expected a string")]
    [InlineData("""{"__metadata__":["k"],"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__ is a JSON Array, expected an object of strings")]
    public void Malformed_header_is_refused_with_a_message_naming_the_problem(string header, string message)
    {
        var ex = Refused(Raw(header, new byte[8]));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Header_that_is_not_utf8_is_refused()
    {
        byte[] bytes = Raw(Valid, new byte[8]);
        bytes[10] = 0xFF;
        Assert.Equal("header is not valid UTF-8: not a safetensors file, or a damaged one", Refused(bytes).Message);
    }

    [Fact]
    public void Element_count_beyond_one_array_is_refused_even_when_offsets_agree()
    {
        // 2^31 one-byte elements: byte sizes agree, but no float[] can hold them. The file is
        // never that long, so offsets fail first unless checked against a virtual length.
        var ex = Assert.Throws<InvalidDataException>(() => SafetensorsHeaderParser.Parse(
            System.Text.Encoding.UTF8.GetBytes("""{"x":{"dtype":"U8","shape":[2147483647,2],"data_offsets":[0,4294967294]}}"""), 8, 4294967294));
        Assert.Equal($"tensor 'x' has 4294967294 elements: more than one array holds ({Array.MaxLength})", ex.Message);
    }

    [Fact]
    public void Errors_read_from_a_path_name_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path));
        Assert.Equal($"{path}: file has 3 bytes: a safetensors file starts with an 8-byte header length", ex.Message);
    }

    [Fact]
    public void Zero_size_tensors_may_share_an_offset()
    {
        var file = Safetensors.Read(new MemoryStream(Raw(
            """{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"c":{"dtype":"F64","shape":[0,3],"data_offsets":[4,4]}}""",
            0, 0, 0x80, 0x3F)));
        Assert.Empty(file.Tensors["a"].Data);
        Assert.Equal([1f], file.Tensors["b"].Data);
        Assert.Equal([0, 3], file.Tensors["c"].Shape);
    }
}
