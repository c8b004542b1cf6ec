// BundledData: the committed samples under data/ load with the documented shapes (this file needs
// the repository's data/ folder), and a missing folder is reported with every place looked.
// Reference numbers (labels, class counts, pixel sums) were computed with numpy from the same
// IDX files: np.frombuffer(gzip.open(path).read()[offset:], np.uint8).
using Mnemos.Data;

namespace Mnemos.Tests.Data;

public class BundledDataTests
{
    [Fact]
    public void Fashion_mnist_train_has_2000_images_of_784_values_in_unit_range_and_labels_0_to_9()
    {
        var train = BundledData.LoadImages("fashion-mnist:train");
        Assert.Equal((2000, 784, 28, 28, 1), (train.Images.Rows, train.Images.Cols, train.Height, train.Width, train.Channels));
        Assert.All(train.Images.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], train.Labels[..10]);
        int[] counts = new int[10];
        foreach (int label in train.Labels) counts[label]++;
        Assert.Equal([194, 216, 202, 195, 186, 200, 194, 215, 198, 200], counts);
        double firstImageBytes = train.Images.Row(0).ToArray().Sum(v => (double)v) * 255;
        Assert.Equal(76247, firstImageBytes, 1e-2);
    }

    [Fact]
    public void Fashion_mnist_test_honours_the_limit()
    {
        var test = BundledData.LoadImages("fashion-mnist:test", limit: 10);
        Assert.Equal(10, test.Count);
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], test.Labels);
        Assert.Equal(1000, BundledData.LoadImages("fashion-mnist:test").Count);
    }

    [Fact]
    public void Patches_load_as_rgb_rows_in_file_name_order_with_pixels_as_decoded_by_scikit_image()
    {
        // skimage.io.imread('data/images/patches32/astronaut-r0c0.png'): sum 383109, [0,0] = (154,150,158), [5,7] = (24,11,50)
        var patches = BundledData.LoadImages("patches:32");
        Assert.Equal((49, 32 * 32 * 3, 32, 32, 3), (patches.Count, patches.Images.Cols, patches.Height, patches.Width, patches.Channels));
        var first = patches.Images.Row(0);
        Assert.Equal(383109, first.ToArray().Sum(v => (double)v) * 255, 1e-1);
        Assert.Equal([154f, 150f, 158f], first[..3].ToArray().Select(v => MathF.Round(v * 255)));
        int at = (5 * 32 + 7) * 3;
        Assert.Equal([24f, 11f, 50f], first.Slice(at, 3).ToArray().Select(v => MathF.Round(v * 255)));
        Assert.Equal(Enumerable.Range(0, 49), patches.Labels);
    }

    [Fact]
    public void Data_source_bundled_form_takes_a_count_and_rejects_unknown_sets_and_bad_counts()
    {
        var photos = DataSource.LoadBundled("bundled:photos:64");
        Assert.Equal((4, 64 * 64 * 3), (photos.Count, photos.Images.Cols));
        Assert.Equal(1409561, photos.Images.Row(0).ToArray().Sum(v => (double)v) * 255, 1e-1); // astronaut-64.png, skimage
        var some = DataSource.Load("bundled:fashion-mnist:test:7");
        Assert.Equal((7, 784), (some.Rows, some.Cols));
        Assert.Contains("unknown bundled image set 'mnist'", Assert.Throws<ArgumentException>(() => DataSource.Load("bundled:mnist:5")).Message);
        Assert.Contains("count 'x' must be a positive integer", Assert.Throws<ArgumentException>(() => DataSource.Load("bundled:photos:64:x")).Message);
        Assert.Contains("count '0'", Assert.Throws<ArgumentException>(() => DataSource.Load("bundled:fashion-mnist:train:0")).Message);
    }

    [Fact]
    public void Speech_is_eight_one_second_words_at_22050_hz_with_silent_edges()
    {
        var speech = BundledData.LoadAudio("speech");
        Assert.Equal((22050, 1, 16, 8 * 22050), (speech.SampleRate, speech.Channels, speech.BitsPerSample, speech.Samples.Length));
        var seconds = AudioWindows.Cut(speech.Samples, speech.SampleRate, 1.0);
        Assert.Equal(8, seconds.Rows);
        for (int w = 0; w < 8; w++)
        {
            var second = seconds.Row(w);
            Assert.True(second[..2000].ToArray().All(v => Math.Abs(v) < 0.01f), $"word {w} starts with sound");
            Assert.True(second[^2000..].ToArray().All(v => Math.Abs(v) < 0.01f), $"word {w} ends with sound");
            Assert.True(second.ToArray().Max(Math.Abs) > 0.2f, $"word {w} is silent");
        }
    }

    [Theory]
    [InlineData("photos:64", 4, "\u0089PNG")]
    [InlineData("photos:32", 4, "\u0089PNG")]
    [InlineData("patches:64", 49, "\u0089PNG")]
    [InlineData("patches:32", 49, "\u0089PNG")]
    [InlineData("video:chelsea-pan", 1, "GIF89a")]
    public void Image_datasets_list_their_files_sorted(string name, int count, string signature)
    {
        var files = BundledData.Files(name);
        Assert.Equal(count, files.Count);
        Assert.Equal(files.Order(StringComparer.Ordinal), files);
        foreach (string file in files)
        {
            var head = new byte[signature.Length];
            using (var stream = File.OpenRead(file)) stream.ReadExactly(head);
            Assert.Equal(signature, new string(head.Select(b => (char)b).ToArray()));
        }
    }

    [Fact]
    public void Unknown_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => BundledData.Files("mnist"));
        Assert.Contains("unknown bundled dataset 'mnist'; known: fashion-mnist:train, fashion-mnist:test, speech", error.Message);
        Assert.Throws<ArgumentException>(() => BundledData.LoadImages("speech"));
        Assert.Throws<ArgumentException>(() => BundledData.LoadAudio("fashion-mnist:test"));
    }

    [Fact]
    public void A_missing_data_folder_error_names_every_place_looked()
    {
        string empty = DataTestStreams.TempPath("nodata");
        Directory.CreateDirectory(empty);
        try
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => BundledData.Locate(null, [empty, empty + "/sub/.."]));
            Assert.Contains($"no data/README.md in {empty} or {empty} or any folder above", error.Message);
            Assert.Contains("set MNEMOS_DATA", error.Message);
            var env = Assert.Throws<DirectoryNotFoundException>(() => BundledData.Locate(empty + "/missing", []));
            Assert.StartsWith($"MNEMOS_DATA={empty}/missing: not a directory", env.Message);
            Assert.Equal(empty, BundledData.Locate(empty, []));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
