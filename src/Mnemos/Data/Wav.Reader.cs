// WAV parser: RIFF header, chunk walk (fmt, data, unknown chunks skipped with their pad byte),
// format validation, and decoding frames to mono floats. Stops at the data chunk; chunks after it
// are never read. Not supported: RIFX (big-endian), RF64, compressed formats.
using System.Buffers.Binary;
using System.Text;
using Mnemos.Formats;

namespace Mnemos.Data;

internal static partial class Wav
{
    const ushort TagPcm = 1, TagFloat = 3, TagExtensible = 0xFFFE;

    /// <summary>Bytes 4..15 of the KSDATAFORMAT_SUBTYPE GUIDs for PCM and IEEE float (the first 4 hold the tag).</summary>
    static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    sealed class Reader(Stream stream, string source)
    {
        long offset; // bytes consumed so far, for messages

        public WavAudio Read()
        {
            Span<byte> riff = stackalloc byte[12];
            ReadExactly(riff, "RIFF header");
            string id = FourCc(riff[..4]);
            if (id is "RIFX" or "RF64")
                throw Error($"{Quote(riff[..4])} files are not supported (only little-endian 'RIFF')");
            if (id != "RIFF") throw Error($"magic {Quote(riff[..4])} ({Convert.ToHexString(riff[..4])}), expected 'RIFF'");
            string form = FourCc(riff[8..12]);
            if (form != "WAVE") throw Error($"RIFF form {Quote(riff[8..12])}, expected 'WAVE'");

            Format? format = null;
            Span<byte> header = stackalloc byte[8];
            while (true)
            {
                long chunkOffset = offset;
                int got = IdxStreams.ReadAtMost(stream, header);
                offset += got;
                if (got == 0)
                    throw Error(format is null ? "no 'fmt ' chunk and no 'data' chunk" : "no 'data' chunk");
                if (got < 8) throw Error($"truncated chunk header at offset {chunkOffset}: got {got} of 8 bytes");
                string chunk = FourCc(header[..4]);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                if (chunk == "fmt ")
                {
                    // A second 'fmt ' would silently redefine how the samples read; players disagree on which wins.
                    if (format is not null) throw Error($"second 'fmt ' chunk at offset {chunkOffset}: a file has exactly one");
                    format = ReadFormat(size, chunkOffset);
                    SkipPad(size, "'fmt '");
                }
                else if (chunk == "data")
                {
                    if (format is null) throw Error($"'data' chunk at offset {chunkOffset} comes before any 'fmt ' chunk");
                    return ReadData(format.Value, size, chunkOffset);
                }
                else
                {
                    Skip(size + (size & 1), Quote(header[..4]), chunkOffset);
                }
            }
        }

        readonly record struct Format(WavSampleFormat Kind, int Channels, int SampleRate, int Bits)
        {
            public int BlockAlign => Channels * Bits / 8;
        }

        Format ReadFormat(uint size, long chunkOffset)
        {
            if (size < 16 || size > 1024) throw Error($"'fmt ' chunk at offset {chunkOffset} has size {size}, expected 16..1024");
            Span<byte> fmt = stackalloc byte[(int)size];
            ReadExactly(fmt, "'fmt ' chunk");
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
            int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
            uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
            int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
            int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

            ushort effective = tag;
            if (tag == TagExtensible)
            {
                if (size < 40) throw Error($"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has size {size}, expected at least 40");
                effective = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                bool knownGuid = BinaryPrimitives.ReadUInt16LittleEndian(fmt[26..]) == 0 && fmt.Slice(28, 12).SequenceEqual(SubFormatTail);
                if (!knownGuid || (effective != TagPcm && effective != TagFloat))
                    throw Error($"WAVE_FORMAT_EXTENSIBLE sub-format {Convert.ToHexString(fmt.Slice(24, 16))} is not PCM or IEEE float");
            }
            var kind = effective switch
            {
                TagPcm => WavSampleFormat.Pcm,
                TagFloat => WavSampleFormat.Float,
                _ => throw Error($"format tag 0x{tag:X4} ({TagName(tag)}) is not supported; supported: 1 PCM, 3 IEEE float, 0xFFFE extensible"),
            };
            bool bitsOk = kind == WavSampleFormat.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
            if (!bitsOk)
                throw Error($"{bits} bits per sample is not supported for {kind} (PCM: 8, 16, 24, 32; float: 32, 64)");
            if (channels < 1 || channels > MaxChannels) throw Error($"channel count {channels} is not 1..{MaxChannels}");
            if (sampleRate < 1 || sampleRate > MaxSampleRate) throw Error($"sample rate {sampleRate} Hz is not 1..{MaxSampleRate}");
            var format = new Format(kind, channels, (int)sampleRate, bits);
            if (blockAlign != format.BlockAlign)
                throw Error($"block align {blockAlign} does not match {channels} channels x {bits} bits = {format.BlockAlign} bytes");
            return format;
        }

        WavAudio ReadData(Format format, uint size, long chunkOffset)
        {
            if (size % format.BlockAlign != 0)
                throw Error($"'data' chunk at offset {chunkOffset} has {size} bytes, not a whole number of {format.BlockAlign}-byte frames");
            if (size > Array.MaxLength)
                throw Error($"'data' chunk at offset {chunkOffset} declares {size} bytes, more than this reader holds ({Array.MaxLength})");
            if (stream.CanSeek && stream.Length - stream.Position < size)
                throw Error($"truncated: 'data' chunk at offset {chunkOffset} declares {size} bytes but {stream.Length - stream.Position} remain");
            byte[] bytes = IdxStreams.ReadExactlyGrowing(stream, size, got =>
                $"{source}: WAV truncated: 'data' chunk at offset {chunkOffset} declares {size} bytes but {got} remain");
            offset += size;
            var samples = new float[size / format.BlockAlign];
            DecodeMono(bytes, format, samples);
            return new WavAudio(samples, format.SampleRate, format.Channels, format.Bits, format.Kind);
        }

        /// <summary>
        /// F = frames, C = channels, B = bytes per sample. bytes [F × C × B], little-endian,
        /// channels interleaved → mono [F] = mean over C of each sample scaled to [−1, 1).
        /// </summary>
        static void DecodeMono(ReadOnlySpan<byte> bytes, Format format, Span<float> mono)
        {
            int channels = format.Channels, width = format.Bits / 8;
            bool isFloat = format.Kind == WavSampleFormat.Float;
            for (int f = 0; f < mono.Length; f++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    var s = bytes.Slice((f * channels + c) * width, width);
                    sum += (isFloat, width) switch
                    {
                        (true, 4) => BinaryPrimitives.ReadSingleLittleEndian(s),
                        (true, _) => BinaryPrimitives.ReadDoubleLittleEndian(s),
                        (false, 1) => (s[0] - 128) / 128.0,
                        (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                        (false, 3) => ((s[0] | s[1] << 8 | s[2] << 16) << 8 >> 8) / 8388608.0,
                        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                    };
                }
                mono[f] = (float)(sum / channels);
            }
        }

        void Skip(long count, string chunk, long chunkOffset)
        {
            if (stream.CanSeek)
            {
                long remaining = stream.Length - stream.Position;
                if (remaining < count)
                    throw Error($"truncated inside chunk {chunk} at offset {chunkOffset}: it needs {count} bytes, {remaining} remain");
                stream.Seek(count, SeekOrigin.Current);
                offset += count;
                return;
            }
            Span<byte> sink = stackalloc byte[4096];
            long left = count;
            while (left > 0)
            {
                int n = stream.Read(sink[..(int)Math.Min(left, sink.Length)]);
                if (n == 0) throw Error($"truncated inside chunk {chunk} at offset {chunkOffset}: it needs {count} bytes, {count - left} remain");
                left -= n;
                offset += n;
            }
        }

        void SkipPad(uint size, string chunk)
        {
            if ((size & 1) != 0) Skip(1, chunk, offset);
        }

        void ReadExactly(Span<byte> buffer, string what)
        {
            int got = IdxStreams.ReadAtMost(stream, buffer);
            if (got < buffer.Length)
                throw Error($"truncated {what} at offset {offset}: got {got} of {buffer.Length} bytes");
            offset += got;
        }

        InvalidDataException Error(string problem) => new($"{source}: WAV {problem}");

        /// <summary>A chunk id as text for comparisons; non-ASCII bytes become '?', so they never match.</summary>
        static string FourCc(ReadOnlySpan<byte> bytes)
        {
            var text = new StringBuilder(4);
            foreach (byte b in bytes) text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
            return text.ToString();
        }

        /// <summary>A chunk id as messages show it: quoted, unprintable bytes escaped.</summary>
        static string Quote(ReadOnlySpan<byte> bytes) => FileText.Quote(bytes);

        static string TagName(ushort tag) => tag switch
        {
            0x0002 => "Microsoft ADPCM",
            0x0006 => "A-law",
            0x0007 => "mu-law",
            0x0011 => "IMA ADPCM",
            0x0055 => "MPEG layer 3",
            _ => "unknown",
        };
    }
}
