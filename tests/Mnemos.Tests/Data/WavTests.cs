// Wav reader against golden files written by Python (golden/wav/make_golden_wav.py beside them),
// writer round trips, and rejection of malformed files with clear messages and small allocations.
using System.Buffers.Binary;
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Tensors;

namespace Mnemos.Tests.Data;

public class WavTests
{
    /// <summary>Mono samples are a float rounding of a double mean of values ≤ 1: half an ulp at 1.</summary>
    const double GoldenTolerance = 6e-8;

    static readonly string GoldenDir = Path.Combine(AppContext.BaseDirectory, "Data", "golden", "wav");

    [Theory]
    [InlineData("u8_mono.wav")]
    [InlineData("s16_mono.wav")]
    [InlineData("s16_stereo.wav")]
    [InlineData("s24_mono.wav")]
    [InlineData("s32_mono.wav")]
    [InlineData("f32_mono.wav")]
    [InlineData("f64_stereo.wav")]
    [InlineData("ext_s24_3ch.wav")]
    [InlineData("ext_f32_stereo.wav")]
    [InlineData("s16_odd_chunks.wav")]
    public void Golden_files_written_by_python_decode_to_the_expected_mono_samples(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDir, "expected.json")));
        var expected = json.RootElement.GetProperty(name);
        var audio = Wav.Read(Path.Combine(GoldenDir, name));

        Assert.Equal(expected.GetProperty("sampleRate").GetInt32(), audio.SampleRate);
        Assert.Equal(expected.GetProperty("channels").GetInt32(), audio.Channels);
        Assert.Equal(expected.GetProperty("bits").GetInt32(), audio.BitsPerSample);
        Assert.Equal(expected.GetProperty("format").GetString(), audio.Format.ToString());
        var mono = expected.GetProperty("mono").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(mono.Length, audio.Samples.Length);
        for (int i = 0; i < mono.Length; i++)
            Assert.True(Math.Abs(mono[i] - audio.Samples[i]) <= GoldenTolerance, $"{name} sample {i}: {audio.Samples[i]} vs {mono[i]}");
    }

    [Fact]
    public void Pcm16_writer_round_trips_multiples_of_1_over_32768_exactly()
    {
        float[] samples = [0f, -1f, 32767 / 32768f, 1 / 32768f, -12345 / 32768f, 0.5f];
        var stream = new MemoryStream();
        Wav.Write(stream, samples, 16000);
        var bytes = stream.ToArray();
        Assert.Equal(44 + 2 * samples.Length, bytes.Length);
        var audio = Wav.Read(new MemoryStream(bytes));
        Assert.Equal(samples, audio.Samples);
        Assert.Equal((16000, 1, 16, WavSampleFormat.Pcm), (audio.SampleRate, audio.Channels, audio.BitsPerSample, audio.Format));
    }

    [Theory]
    [InlineData(1.0f, 32767)]
    [InlineData(-1.0f, -32768)]
    [InlineData(7.5f, 32767)]
    [InlineData(0.5f / 32768, 0)]
    [InlineData(1.5f / 32768, 2)]
    [InlineData(-0.6f / 32768, -1)]
    public void Pcm16_samples_are_rounded_and_clamped(float sample, short expected)
    {
        var stream = new MemoryStream();
        Wav.Write(stream, [sample], 8000);
        Assert.Equal(expected, BinaryPrimitives.ReadInt16LittleEndian(stream.ToArray().AsSpan(44)));
    }

    [Fact]
    public void Float32_writer_round_trips_bit_exactly_including_values_beyond_one()
    {
        var samples = new float[1000];
        new Rng(5).FillUniform(samples, -1.5, 1.5);
        var stream = new MemoryStream();
        Wav.Write(stream, samples, 22050, WavEncoding.Float32);
        var audio = Wav.Read(new MemoryStream(stream.ToArray()));
        Assert.Equal(samples, audio.Samples);
        Assert.Equal((22050, 32, WavSampleFormat.Float), (audio.SampleRate, audio.BitsPerSample, audio.Format));
    }

    [Fact]
    public void Writing_a_path_replaces_it_and_leaves_no_temporary_file()
    {
        string dir = DataTestStreams.TempPath("wavdir");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "out.wav");
            Wav.Write(path, [0.25f, -0.25f], 8000);
            Wav.Write(path, [0.5f], 11025, WavEncoding.Float32);
            var audio = Wav.Read(path);
            Assert.Equal([0.5f], audio.Samples);
            Assert.Equal(11025, audio.SampleRate);
            Assert.Equal(["out.wav"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Writer_rejects_non_finite_samples_naming_the_index()
    {
        var error = Assert.Throws<ArgumentException>(() => Wav.Write(new MemoryStream(), [0f, 0.1f, 0.2f, float.NaN], 8000));
        Assert.StartsWith("sample 3 is NaN", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Wav.Write(new MemoryStream(), [0f], 0));
    }
}
