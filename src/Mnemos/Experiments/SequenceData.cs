// The data of the sequences experiment, one matrix per part with its cycles: two Fashion-MNIST
// cycles (one image per class, 0→9 and 9→0), frames of the bundled GIF resized, and the bundled
// speech averaged down and cut into one-second windows mapped to [0, 1].
using Mnemos.Data;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

/// <summary>
/// The stored items of one part: rows of <paramref name="Items"/>, grouped into <paramref name="Cycles"/>
/// (row indices in order); <paramref name="Shape"/> says how a row is an image (width × 1 × 1 for audio).
/// </summary>
internal sealed record SequenceData(string Part, string Source, Matrix Items, int[][] Cycles, ImageShape Shape);

/// <summary>Loads the parts' data from the bundled samples.</summary>
internal static class SequenceDataSets
{
    public static SequenceData Load(string part, SequencesSettings settings) => part switch
    {
        "fashion" => Fashion(),
        "video" => Video(settings.VideoSize, settings.VideoFrameStep),
        "speech" => Speech(settings.AudioDownsample),
        _ => throw new ArgumentException($"unknown sequences part '{part}' (known: fashion, video, speech)"),
    };

    /// <summary>
    /// Rows 0–9: the first training image of classes 0, 1, …, 9 (cycle 0); rows 10–19: the second
    /// image of classes 9, 8, …, 0 (cycle 1). Distinct images, so each row has one successor.
    /// </summary>
    public static SequenceData Fashion()
    {
        var set = BundledData.LoadImages("fashion-mnist:train");
        var items = new Matrix(20, set.Images.Cols);
        for (int k = 0; k < 10; k++)
        {
            set.Images.Row(Occurrence(set.Labels, k, 0)).CopyTo(items.Row(k));
            set.Images.Row(Occurrence(set.Labels, 9 - k, 1)).CopyTo(items.Row(10 + k));
        }
        int[][] cycles = [Enumerable.Range(0, 10).ToArray(), Enumerable.Range(10, 10).ToArray()];
        return new SequenceData("fashion", "fashion-mnist:train, first image of each class 0→9 and second of each 9→0", items, cycles,
            new ImageShape(set.Width, set.Height, 1));
    }

    /// <summary>
    /// Every <paramref name="step"/>-th of frames 0–12 of video:chelsea-pan (the pan out; frames
    /// 13–23 repeat 11…1 on the way back), area-averaged to <paramref name="size"/>², RGB; one cycle.
    /// </summary>
    public static SequenceData Video(int size, int step)
    {
        var gif = Gif.Read(BundledData.Files("video:chelsea-pan")[0], maxCanvasPixels: 64 * 64); // the bundled video is 64×64
        var shape = new ImageShape(size, size, 3);
        var items = ImageRows.From(gif.Frames.Take(SequencesSettings.VideoFrames).Where((_, i) => i % step == 0).Select(f => f.Image), shape);
        return new SequenceData("video", $"video:chelsea-pan, every {step} of frames 0–{SequencesSettings.VideoFrames - 1} (13–{gif.Frames.Count - 1} repeat them backwards), 64×64 → {size}×{size} RGB (area average)",
            items, [Enumerable.Range(0, items.Rows).ToArray()], shape);
    }

    /// <summary>The speech averaged over groups of <paramref name="factor"/> samples, cut into 1 s windows, (x + 1)/2; one cycle.</summary>
    public static SequenceData Speech(int factor)
    {
        var audio = BundledData.LoadAudio();
        if (audio.SampleRate % factor != 0) throw new ArgumentException($"audio downsampling {factor}: must divide the sample rate {audio.SampleRate}");
        var reduced = Downsample(audio.Samples, factor);
        int rate = audio.SampleRate / factor;
        var items = AudioWindows.Cut(reduced, rate, 1.0, WindowTail.Drop, mapToUnit: true);
        return new SequenceData("speech", $"speech, {items.Rows} × 1 s, {audio.SampleRate} Hz averaged ×{factor} → {rate} Hz, mapped to [0, 1]",
            items, [Enumerable.Range(0, items.Rows).ToArray()], new ImageShape(rate, 1, 1));
    }

    /// <summary>Means of consecutive groups of <paramref name="factor"/> samples (a trailing partial group is dropped).</summary>
    public static float[] Downsample(ReadOnlySpan<float> samples, int factor)
    {
        if (factor < 1) throw new ArgumentException($"downsampling factor {factor}: must be at least 1");
        var result = new float[samples.Length / factor];
        for (int i = 0; i < result.Length; i++)
        {
            double sum = 0;
            for (int j = 0; j < factor; j++) sum += samples[i * factor + j];
            result[i] = (float)(sum / factor);
        }
        return result;
    }

    static int Occurrence(int[] labels, int label, int index)
    {
        for (int i = 0, seen = 0; i < labels.Length; i++)
            if (labels[i] == label && seen++ == index) return i;
        throw new InvalidDataException($"fashion-mnist:train has fewer than {index + 1} images of class {label}");
    }
}
