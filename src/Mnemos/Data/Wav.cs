// RIFF/WAVE audio: the public API and the sample conventions. Parsing lives in Wav.Reader.cs,
// writing in Wav.Writer.cs. Audio is always handed out as mono float samples.
namespace Mnemos.Data;

/// <summary>How samples are stored in a WAV file.</summary>
internal enum WavSampleFormat
{
    /// <summary>Integer PCM: 8-bit unsigned, 16/24/32-bit signed little-endian.</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bits.</summary>
    Float,
}

/// <summary>What <see cref="Wav.Write(string, ReadOnlySpan{float}, int, WavEncoding)"/> stores.</summary>
internal enum WavEncoding
{
    /// <summary>16-bit signed PCM (format tag 1).</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format tag 3).</summary>
    Float32,
}

/// <summary>
/// Decoded audio: <see cref="Samples"/> is mono (the mean of the file's channels, computed in
/// double), one value per frame. The other fields describe the file it came from.
/// </summary>
internal sealed record WavAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, WavSampleFormat Format)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}

/// <summary>
/// Reader and writer for RIFF/WAVE files.
/// <para>Reading accepts format tags 1 (PCM: 8, 16, 24, 32 bits), 3 (IEEE float: 32, 64 bits) and
/// 0xFFFE (WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format), any number of channels (mixed
/// to mono by averaging), and skips unknown chunks (with their pad byte when the size is odd).
/// Integer samples map to [−1, 1): u8 → (b − 128)/128, s16 → v/32768, s24 → v/8388608,
/// s32 → v/2147483648. Float samples are passed through unchanged (not clipped). Malformed or
/// unsupported input throws <see cref="InvalidDataException"/> with a one-line message naming the
/// source, the problem and the value.</para>
/// <para>Writing makes mono 16-bit PCM (round(x·32768) clamped to −32768..32767, so values
/// k/32768 read back exactly) or mono 32-bit float, atomically: a temporary file in the target
/// folder, then a rename over the target.</para>
/// </summary>
internal static partial class Wav
{
    public const int MaxChannels = 1024;

    /// <summary>Highest sample rate read or written, in Hz; far above any audio rate, low enough that byte rates fit 32 bits.</summary>
    public const int MaxSampleRate = 10_000_000;

    public static WavAudio Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <inheritdoc cref="Read(string)"/>
    public static WavAudio Read(Stream stream, string source = "WAV stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Reader(stream, source).Read();
    }

    /// <summary>Writes mono audio to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="ArgumentException">a sample is NaN or infinite, or the sample rate is not positive.</exception>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding = WavEncoding.Pcm16)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(samples, sampleRate, encoding);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                WriteValidated(file, samples, sampleRate, encoding);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc cref="Write(string, ReadOnlySpan{float}, int, WavEncoding)"/>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, WavEncoding encoding = WavEncoding.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Validate(samples, sampleRate, encoding);
        WriteValidated(stream, samples, sampleRate, encoding);
    }
}
