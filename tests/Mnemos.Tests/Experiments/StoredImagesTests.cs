// The images the demo, the sweeps and the sequences store, all made by ImageRows now, compared bit
// for bit with each experiment's former per-image path rebuilt here from Image calls: FromVector,
// the colour conversion, Resize, and ToVector (demo, video) or the raw pixels (sweeps).
using Mnemos.Data;
using Mnemos.Experiments;
using Mnemos.Experiments.Demo;
using Mnemos.Experiments.Sweeps;
using Mnemos.Imaging;
using Mnemos.Tests.Data;

namespace Mnemos.Tests.Experiments;

public class StoredImagesTests
{
    static Image Row(LabeledImages set, int i) => Image.FromVector(set.Images.Row(i), set.Width, set.Height, set.Channels);

    static float[] Flatten(IEnumerable<float[]> rows) => rows.SelectMany(r => r).ToArray();

    [Theory]
    [InlineData(28)]
    [InlineData(14)]
    [InlineData(10)]
    [InlineData(5)]
    public void Demo_images_are_bitwise_those_of_resizing_each_picked_image(int side)
    {
        var settings = DemoSettings.Quick with { PerClass = 3, HeldOutProbes = 40, Side = side };
        var train = BundledData.LoadImages("fashion-mnist:train");
        var test = BundledData.LoadImages("fashion-mnist:test", settings.HeldOutProbes);
        // Former Shrink: rows kept as loaded at 28, else FromVector(28, 28, 1).Resize(side, side).ToVector().
        float[] Former(LabeledImages set, int i) => side == 28 ? set.Images.Row(i).ToArray() : Row(set, i).Resize(side, side).ToVector();
        int[] picked = Enumerable.Range(0, 10).SelectMany(c => Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == c).Take(3)).ToArray();

        var (stored, labels) = DemoRun.LoadStored(settings);
        var heldOut = DemoRun.LoadHeldOut(settings);

        Assert.Equal(picked.Select(i => train.Labels[i]), labels);
        Assert.Equal((30, side * side), (stored.Rows, stored.Cols));
        Assert.Equal(ImageRowsTests.Bits(Flatten(picked.Select(i => Former(train, i)))), ImageRowsTests.Bits(stored.Span));
        Assert.Equal((40, side * side), (heldOut.Rows, heldOut.Cols));
        Assert.Equal(ImageRowsTests.Bits(Flatten(Enumerable.Range(0, 40).Select(i => Former(test, i)))), ImageRowsTests.Bits(heldOut.Span));
    }

    [Fact]
    public void Sweep_images_are_bitwise_the_former_unclamped_ones_except_where_area_weights_overshoot_one()
    {
        // Former Load: FromVector → ToGray → Resize → raw Pixels, no clamp. Sides whose float area
        // weights sum past 1 (2, 5, 8, 16 from 28) gave white pixels a hair above 1; they are now 1.
        // The presets' sides (28, 14, 7) never overshoot, so their sweeps store the same bits as before.
        var set = BundledData.LoadImages(SweepData.FashionMnist, 12);
        var white = new Image(28, 28, 1, Enumerable.Repeat(1f, 784).ToArray());
        var overshooting = new List<int>();
        for (int side = 1; side <= 28; side++)
        {
            var former = Flatten(Enumerable.Range(0, 12).Select(i => Row(set, i).ToGray().Resize(side, side).Pixels));
            var data = new SweepData(SweepData.FashionMnist, 12, side).Load();
            Assert.Equal((12, side * side), (data.Rows, data.Cols));
            Assert.Equal(ImageRowsTests.Bits(former.Select(v => Math.Min(v, 1f)).ToArray()), ImageRowsTests.Bits(data.Span));
            if (white.Resize(side, side).Pixels.Max() > 1f) overshooting.Add(side);
            else Assert.Equal(ImageRowsTests.Bits(former), ImageRowsTests.Bits(data.Span));
        }
        Assert.Equal([2, 5, 8, 16], overshooting);
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(16, 1)]
    [InlineData(23, 4)]
    [InlineData(64, 3)]
    public void Video_frames_are_bitwise_those_of_resizing_each_rgb_frame(int size, int step)
    {
        var gif = Gif.Read(BundledData.Files("video:chelsea-pan")[0]);
        // Former Video: every step-th of the first frames, ToRgb().Resize(size, size).ToVector().
        var former = gif.Frames.Take(SequencesSettings.VideoFrames).Where((_, i) => i % step == 0)
            .Select(f => f.Image.ToRgb().Resize(size, size).ToVector()).ToArray();

        var video = SequenceDataSets.Video(size, step);

        Assert.Equal((former.Length, size * size * 3), (video.Items.Rows, video.Items.Cols));
        Assert.Equal(ImageRowsTests.Bits(Flatten(former)), ImageRowsTests.Bits(video.Items.Span));
        Assert.Equal([Enumerable.Range(0, former.Length).ToArray()], video.Cycles);
        Assert.Equal(new ImageShape(size, size, 3), video.Shape);
    }
}
