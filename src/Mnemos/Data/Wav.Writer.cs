// WAV writer: mono 16-bit PCM (44-byte canonical header) or mono 32-bit float (fmt with cbSize 0
// plus the fact chunk that non-PCM formats carry). Little-endian throughout.
using System.Buffers.Binary;
using System.Text;

namespace Mnemos.Data;

internal static partial class Wav
{
    static void Validate(ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding)
    {
        if (sampleRate <= 0 || sampleRate > MaxSampleRate)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"sample rate must be 1..{MaxSampleRate} Hz");
        if (!Enum.IsDefined(encoding)) throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown WavEncoding");
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
                throw new ArgumentException($"sample {i} is {samples[i]}: WAV samples must be finite", nameof(samples));
        }
        long dataBytes = (long)samples.Length * BytesPerSample(encoding);
        if (dataBytes > uint.MaxValue - 64)
            throw new ArgumentException($"{samples.Length} samples need {dataBytes} bytes: more than a RIFF file holds", nameof(samples));
    }

    static int BytesPerSample(WavEncoding encoding) => encoding == WavEncoding.Pcm16 ? 2 : 4;

    static void WriteValidated(Stream stream, ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding)
    {
        bool pcm = encoding == WavEncoding.Pcm16;
        int bytesPerSample = BytesPerSample(encoding);
        uint dataBytes = (uint)(samples.Length * (long)bytesPerSample);
        int fmtBytes = pcm ? 16 : 18;
        int factChunkBytes = pcm ? 0 : 12;
        uint riffBytes = (uint)(4 + (8 + fmtBytes) + factChunkBytes + 8 + dataBytes);

        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write("RIFF"u8);
        writer.Write(riffBytes);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(fmtBytes);
        writer.Write((ushort)(pcm ? 1 : 3));
        writer.Write((ushort)1);                      // channels
        writer.Write(sampleRate);
        writer.Write(sampleRate * bytesPerSample);    // byte rate
        writer.Write((ushort)bytesPerSample);         // block align
        writer.Write((ushort)(8 * bytesPerSample));   // bits per sample
        if (!pcm)
        {
            writer.Write((ushort)0);                  // cbSize
            writer.Write("fact"u8);
            writer.Write(4);
            writer.Write((uint)samples.Length);
        }
        writer.Write("data"u8);
        writer.Write(dataBytes);
        writer.Flush();

        Span<byte> block = stackalloc byte[4096];
        int perBlock = block.Length / bytesPerSample;
        for (int start = 0; start < samples.Length; start += perBlock)
        {
            var chunk = samples.Slice(start, Math.Min(perBlock, samples.Length - start));
            for (int i = 0; i < chunk.Length; i++)
            {
                if (pcm) BinaryPrimitives.WriteInt16LittleEndian(block[(2 * i)..], ToPcm16(chunk[i]));
                else BinaryPrimitives.WriteSingleLittleEndian(block[(4 * i)..], chunk[i]);
            }
            stream.Write(block[..(chunk.Length * bytesPerSample)]);
        }
        stream.Flush();
    }

    /// <summary>round(x · 32768) clamped to the int16 range; the inverse of the reader's v / 32768.</summary>
    internal static short ToPcm16(float x) => (short)Math.Clamp(Math.Round(x * 32768.0, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
}
