// sequences on a tiny configuration (small networks, 8×8 video of 3 frames, speech at 147 Hz):
// every cycle certified or reported, recall counts that add up, figures that decode with the
// right counts and sizes, a rerun reusing every cell; and the data each part stores.
using System.Text.Json;
using Mnemos.Data;
using Mnemos.Experiments;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public sealed class TinySequencesRun : ExperimentRunFixture
{
    static readonly NetworkSettings Small = new() { Width = 64, Depth = 2, Rates = [1e-3, 1e-4, 1e-5], Patience = 500, MaxEpochs = 20_000 };

    public static readonly SequencesSettings Tiny = new()
    {
        FashionNetwork = Small, VideoNetwork = Small, SpeechNetwork = Small,
        VideoSize = 8, VideoFrameStep = 6, AudioDownsample = 150, NoiseInputs = 6, ShownRecalls = 2, MaxSteps = 2000,
    };

    public TinySequencesRun() : base(Sequences.ResultFile) =>
        Parts = JsonSerializer.Deserialize<SequencePart[]>(ResultJson, JsonConvention.Compact)!;

    public SequencePart[] Parts { get; }

    public SequencePart Part(string name) => Parts.Single(p => p.Part == name);

    private protected override IExperiment Create() => new Sequences(Tiny);
}

public class SequencesTests(TinySequencesRun run) : IClassFixture<TinySequencesRun>
{
    [Fact]
    public void Result_json_matches_its_schema() => JsonSchemas.AssertValid("experiment-sequences-result", run.ResultJson);

    [Theory]
    [InlineData("fashion", 2, 10)]
    [InlineData("video", 1, 3)]
    [InlineData("speech", 1, 8)]
    public void Every_stored_cycle_has_a_certificate_and_a_summary_line(string name, int cycles, int length)
    {
        var part = run.Part(name);
        Assert.Equal(Enumerable.Repeat(length, cycles), part.CycleLengths);
        Assert.Equal(cycles, part.Certificates.Length);
        foreach (var c in part.Certificates)
        {
            Assert.True(double.IsFinite(c.SpectralRadius) && c.SpectralRadius >= 0, $"{name} cycle {c.Cycle}: ρ {c.SpectralRadius}");
            Assert.Contains(c.Verdict, new[] { "attractor", "not_attractor", "undecided" });
            Assert.Contains(run.Record.Summary!.Lines, l => l.StartsWith($"{name}: cycle {c.Cycle} ({length} items", StringComparison.Ordinal) && l.Contains("ρ(J_f^"));
            Assert.Equal(c.SpectralRadius, run.Record.Summary!.Values[$"{name}.rho_{c.Cycle}"]);
        }
    }

    [Theory]
    [InlineData("fashion")]
    [InlineData("video")]
    [InlineData("speech")]
    public void Recall_outcomes_account_for_every_noise_input(string name)
    {
        var r = run.Part(name).Recall;
        Assert.Equal(TinySequencesRun.Tiny.NoiseInputs, r.Inputs);
        Assert.Equal(r.Inputs, r.Recovered + r.Spurious + r.Diverged + r.NotConverged);
        Assert.Equal(r.PerCycle, r.PerPhase.Select(p => p.Sum()));
        Assert.Equal(TinySequencesRun.Tiny.ShownRecalls, r.Shown.Length);
        foreach (var s in r.Shown.Where(s => s.Outcome == "stored_cycle"))
            Assert.InRange(s.Phase!.Value, 0, run.Part(name).CycleLengths[s.Cycle!.Value] - 1);
    }

    [Fact]
    public void The_fashion_grid_has_a_row_per_stored_cycle_and_per_shown_recall_and_eleven_columns()
    {
        var png = Png.Read(Path.Combine(run.Folder, "fashion-recall.png"));
        const int scale = 2, gap = 2, cell = 28 * scale + gap; // scale = 64 / 28 rounded down
        Assert.Equal(gap + 11 * cell, png.Width);
        Assert.Equal(gap + (2 + TinySequencesRun.Tiny.ShownRecalls) * cell, png.Height);
    }

    [Fact]
    public void The_video_gif_has_a_period_of_transient_frames_then_a_period_of_the_cycle_upscaled_to_64_pixels()
    {
        var gif = Gif.Read(Path.Combine(run.Folder, "video-recall.gif"));
        Assert.Equal(2 * 3, gif.Frames.Count);
        Assert.Equal((64, 64), (gif.Width, gif.Height));
        Assert.All(gif.Frames, f => Assert.Equal((64, 64), (f.Image.Width, f.Image.Height)));
    }

    [Fact]
    public void The_speech_wav_holds_the_noise_window_and_one_period_at_the_reduced_rate()
    {
        var wav = Wav.Read(Path.Combine(run.Folder, "speech-recall.wav"));
        Assert.Equal(147, wav.SampleRate);
        Assert.Equal(1, wav.Channels);
        Assert.Equal((8 + 1) * 147, wav.Samples.Length);
        Assert.All(wav.Samples, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void A_rerun_with_the_same_settings_reuses_every_cell()
    {
        var record = run.Run();
        Assert.Equal(6, record.Cells.Count);
        Assert.All(record.Cells, c => Assert.True(c.Reused, c.Key));
        Assert.Equal(run.Record.Summary!.Values, record.Summary!.Values);
    }

    [Fact]
    public void Fashion_cycles_hold_one_image_per_class_up_and_down_and_no_image_twice()
    {
        var data = SequenceDataSets.Fashion();
        var set = BundledData.LoadImages("fashion-mnist:train");
        int[] LabelsOf(int[] cycle) => cycle.Select(row =>
            Enumerable.Range(0, set.Count).First(i => set.Images.Row(i).SequenceEqual(data.Items.Row(row)))).Select(i => set.Labels[i]).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), LabelsOf(data.Cycles[0]));
        Assert.Equal(Enumerable.Range(0, 10).Reverse(), LabelsOf(data.Cycles[1]));
        for (int a = 0; a < 20; a++)
            for (int b = a + 1; b < 20; b++) Assert.False(data.Items.Row(a).SequenceEqual(data.Items.Row(b)), $"rows {a} and {b} are the same image");
    }

    [Fact]
    public void The_bundled_video_repeats_its_frames_backwards_after_frame_12_so_only_frames_0_to_12_are_stored()
    {
        var gif = Gif.Read(BundledData.Files("video:chelsea-pan")[0]);
        for (int i = 13; i < gif.Frames.Count; i++) Assert.Equal(gif.Frames[24 - i].Image.Pixels, gif.Frames[i].Image.Pixels);
        var data = SequenceDataSets.Video(64, 1);
        Assert.Equal(13, data.Items.Rows);
        for (int a = 0; a < 13; a++)
            for (int b = a + 1; b < 13; b++) Assert.False(data.Items.Row(a).SequenceEqual(data.Items.Row(b)), $"frames {a} and {b} are equal");
    }

    [Fact]
    public void Downsampling_averages_groups_and_drops_a_partial_tail()
    {
        Assert.Equal([1.5f, 3.5f], SequenceDataSets.Downsample([1, 2, 3, 4, 9], 2));
        Assert.Equal([2f], SequenceDataSets.Downsample([1, 2, 3], 3));
    }

    [Fact]
    public void A_frame_step_that_does_not_divide_twelve_is_rejected_with_its_value()
    {
        var e = Assert.Throws<ArgumentException>(() => (SequencesSettings.Quick with { VideoFrameStep = 5 }).Validate());
        Assert.Contains("video frame step 5", e.Message);
    }
}
