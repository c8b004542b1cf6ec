// Wav reader on malformed input: every truncation point, wrong magic, unsupported formats and
// absurd declared sizes give one-line InvalidDataExceptions, seekable or not, allocating little.
using System.Buffers.Binary;
using System.Text;
using Mnemos.Data;

namespace Mnemos.Tests.Data;

public class WavMalformedTests
{
    // Layout of the default file: 0 RIFF header | 12 'fmt ' (16) | 36 'LIST' (3 + pad) | 48 'data' (16) | 72 end.
    static byte[] Build(ushort tag = 1, ushort channels = 2, uint rate = 8000, ushort bits = 16, ushort? blockAlign = null,
        uint fmtSize = 16, byte[]? fmtExtra = null, uint dataSize = 16, bool dataFirst = false, string magic = "RIFF", string form = "WAVE")
    {
        var fmt = new byte[16 + (fmtExtra?.Length ?? 0)];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        ushort align = blockAlign ?? (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        fmtExtra?.CopyTo(fmt, 16);

        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(form));
        var fmtChunk = Chunk("fmt ", fmt, fmtSize);
        var data = Chunk("data", Enumerable.Range(1, 16).Select(i => (byte)(i * 7)).ToArray(), dataSize);
        if (!dataFirst) body.Write(fmtChunk);
        body.Write(Chunk("LIST", "abc"u8.ToArray(), 3));
        body.Write(data);
        if (dataFirst) body.Write(fmtChunk);
        var file = new byte[8 + body.Length];
        Encoding.ASCII.GetBytes(magic).CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)body.Length);
        body.ToArray().CopyTo(file, 8);
        return file;
    }

    static byte[] Chunk(string id, byte[] payload, uint declaredSize)
    {
        var chunk = new byte[8 + payload.Length + (payload.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize);
        payload.CopyTo(chunk, 8);
        return chunk;
    }

    static string ReadError(byte[] bytes, bool seekable)
    {
        Stream stream = seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes);
        var error = Assert.Throws<InvalidDataException>(() => Wav.Read(stream, "x.wav"));
        Assert.StartsWith("x.wav: WAV ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void The_test_file_itself_is_valid()
    {
        var audio = Wav.Read(new MemoryStream(Build()));
        Assert.Equal(4, audio.Samples.Length);
        // Frame 0: little-endian int16 pairs (7, 14) = 3591 and (21, 28) = 7189.
        Assert.Equal((3591 + 7189) / 2.0 / 32768.0, audio.Samples[0], 1e-7);
    }

    [Theory]
    [InlineData(0, "truncated RIFF header at offset 0: got 0 of 12 bytes")]
    [InlineData(8, "truncated RIFF header at offset 0: got 8 of 12 bytes")]
    [InlineData(12, "no 'fmt ' chunk and no 'data' chunk")]
    [InlineData(15, "truncated chunk header at offset 12: got 3 of 8 bytes")]
    [InlineData(30, "truncated 'fmt ' chunk at offset 20: got 10 of 16 bytes")]
    [InlineData(36, "no 'data' chunk")]
    [InlineData(42, "truncated chunk header at offset 36: got 6 of 8 bytes")]
    [InlineData(46, "truncated inside chunk 'LIST' at offset 36: it needs 4 bytes, 2 remain")]
    [InlineData(47, "truncated inside chunk 'LIST' at offset 36: it needs 4 bytes, 3 remain")]
    [InlineData(60, "'data' chunk at offset 48 declares 16 bytes but 4 remain")]
    [InlineData(71, "'data' chunk at offset 48 declares 16 bytes but 15 remain")]
    public void Truncation_at_every_stage_is_named_with_its_offset(int length, string expected)
    {
        var bytes = Build()[..length];
        Assert.Contains(expected, ReadError(bytes, seekable: true));
        Assert.Contains(expected, ReadError(bytes, seekable: false));
    }

    [Fact]
    public void Wrong_magic_and_form_are_rejected()
    {
        Assert.Contains("'RIFX' files are not supported", ReadError(Build(magic: "RIFX"), true));
        Assert.Contains("magic 'OggS' (4F676753), expected 'RIFF'", ReadError(Build(magic: "OggS"), true));
        Assert.Contains("RIFF form 'AVI ', expected 'WAVE'", ReadError(Build(form: "AVI "), true));
    }

    public static TheoryData<byte[], string> UnsupportedFormats() => new()
    {
        { Build(tag: 2, bits: 4, blockAlign: 2), "format tag 0x0002 (Microsoft ADPCM) is not supported" },
        { Build(tag: 0x55, bits: 16), "format tag 0x0055 (MPEG layer 3) is not supported" },
        { Build(bits: 12, blockAlign: 4), "12 bits per sample is not supported for Pcm" },
        { Build(tag: 3, bits: 16), "16 bits per sample is not supported for Float" },
        { Build(channels: 0, blockAlign: 4), "channel count 0 is not 1..1024" },
        { Build(rate: 0), "sample rate 0 Hz is not 1..10000000" },
        { Build(blockAlign: 3), "block align 3 does not match 2 channels x 16 bits = 4 bytes" },
        { Build(fmtSize: 14), "'fmt ' chunk at offset 12 has size 14, expected 16..1024" },
        { Build(tag: 0xFFFE, fmtSize: 16), "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has size 16, expected at least 40" },
        { Build(tag: 0xFFFE, fmtSize: 40, fmtExtra: ExtensibleTail(subFormat: 2)), "sub-format 0200000000001000800000AA00389B71 is not PCM or IEEE float" },
        { Build(dataFirst: true), "'data' chunk at offset 24 comes before any 'fmt ' chunk" },
        { Build(dataSize: 14), "'data' chunk at offset 48 has 14 bytes, not a whole number of 4-byte frames" },
        { Build(dataSize: 0xFFFFFFFC), "'data' chunk at offset 48 declares 4294967292 bytes, more than this reader holds" },
    };

    static byte[] ExtensibleTail(ushort subFormat)
    {
        var tail = new byte[24];
        BinaryPrimitives.WriteUInt16LittleEndian(tail, 22);          // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(2), 16); // valid bits
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(8), subFormat);
        byte[] guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        guidTail.CopyTo(tail, 10);
        return tail;
    }

    [Theory]
    [MemberData(nameof(UnsupportedFormats))]
    public void Unsupported_or_inconsistent_formats_are_named_with_their_values(byte[] file, string expected)
    {
        Assert.Contains(expected, ReadError(file, seekable: true));
        Assert.Contains(expected, ReadError(file, seekable: false));
    }

    [Fact]
    public void Valid_extensible_pcm_header_is_accepted()
    {
        var audio = Wav.Read(new MemoryStream(Build(tag: 0xFFFE, fmtSize: 40, fmtExtra: ExtensibleTail(subFormat: 1))));
        Assert.Equal((4, WavSampleFormat.Pcm, 16), (audio.Samples.Length, audio.Format, audio.BitsPerSample));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_huge_declared_data_chunk_over_a_short_file_allocates_little(bool seekable)
    {
        var file = Build(dataSize: 0x7FFF0000);
        var (error, allocated) = DataTestStreams.MeasureThrows<InvalidDataException>(() =>
            Wav.Read(seekable ? new MemoryStream(file) : new NonSeekableStream(file)));
        Assert.Contains("'data' chunk at offset 48 declares 2147418112 bytes but 16 remain", error.Message);
        Assert.True(allocated < DataTestStreams.MaxRejectAllocationBytes, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_huge_unknown_chunk_is_reported_as_truncation_without_reading_it()
    {
        var file = Build();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(40), 0xFFFFFFF0); // the LIST chunk's size
        Assert.Contains("truncated inside chunk 'LIST' at offset 36: it needs 4294967280 bytes, 28 remain", ReadError(file, seekable: true));
        Assert.Contains("truncated inside chunk 'LIST' at offset 36: it needs 4294967280 bytes, 28 remain", ReadError(file, seekable: false));
    }
}
