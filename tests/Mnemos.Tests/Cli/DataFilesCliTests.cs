// Real files as --data through the CLI: image folders (order, colour, resizing), GIF frames, CSV
// with and without a header, IDX, CIFAR-10, WAV windows, uint8 .npy scaling, and bad files. Each
// run trains for 0 epochs; the data's fingerprint in the JSON summary shows exactly what was loaded,
// compared with a matrix built here from the same numbers by hand.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Data;
using Mnemos.Imaging;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Support;
using SkiaSharp;

namespace Mnemos.Tests.Cli;

public class DataFilesCliTests
{
    static CliRun Load(string data, params string[] extra) =>
        CliRunner.Run(["train", "--data", data, "--out", Path.Combine(Path.GetDirectoryName(data)!, "m.safetensors"),
            "--max-epochs", "0", "--depth", "1", "--width", "4", "--threads", "1", "--json", .. extra]);

    static void AssertLoaded(CliRun run, Matrix expected)
    {
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var data = json.RootElement.GetProperty("data");
        var want = DataFingerprint.Of(expected);
        Assert.Equal((want.Rows, want.Cols), (data.GetProperty("rows").GetInt32(), data.GetProperty("cols").GetInt32()));
        Assert.Equal(want.Sha256, data.GetProperty("sha256").GetString());
    }

    static void AssertFails(CliRun run, params string[] parts)
    {
        Assert.True(run.ExitCode != 0 && run.ExitCode != CliApp.StoppedShort, run.ToString());
        Assert.Single(run.ErrorLines);
        foreach (string part in parts) Assert.Contains(part, run.Error);
        Assert.Equal("", run.Out);
    }

    static Image Levels(int width, int height, int channels, int start)
    {
        var image = new Image(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (start + 7 * i) % 256 / 255f;
        return image;
    }

    [Fact]
    public void A_folder_of_pngs_loads_in_ordinal_name_order_scaled_by_k_over_255_with_a_note_on_stderr()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("images");
        Directory.CreateDirectory(folder);
        var images = new[] { Levels(3, 2, 1, 10), Levels(3, 2, 1, 50), Levels(3, 2, 1, 90) };
        // Written out of order, with a name that sorts differently by culture ("B" < "a" ordinally) and a non-image file.
        Png.Write(images[2], Path.Combine(folder, "c.png"));
        Png.Write(images[0], Path.Combine(folder, "B.png"));
        Png.Write(images[1], Path.Combine(folder, "a.PNG"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");

        var run = Load(folder);

        var expected = new Matrix(3, 6);
        for (int r = 0; r < 3; r++) images[r].Pixels.CopyTo(expected.Row(r));
        AssertLoaded(run, expected);
        Assert.Contains("3 images from 3 files as 3x2x1", run.Error);
        Assert.Contains("scaled to [0, 1] by k/255", run.Error);
        Assert.DoesNotContain("k/255", run.Out);
    }

    [Fact]
    public void Colour_images_become_rgb_rows_and_gray_on_request_and_resize_to_the_given_size()
    {
        using var dir = new TempDirectory();
        var rgba = Levels(4, 2, 4, 3);
        string file = dir.File("one.png");
        Png.Write(rgba, file);

        var rgbRun = Load(file);
        var rgb = rgba.ToRgb();
        AssertLoaded(rgbRun, new Matrix(1, rgb.Pixels.Length, rgb.Pixels));
        Assert.Contains("as 4x2x3", rgbRun.Error);

        var grayRun = Load(file, "--color", "gray", "--image-size", "2x1");
        var gray = ImageRows.From([rgba], new ImageShape(2, 1, 1));
        AssertLoaded(grayRun, gray);
        // Area averaging of 2x2 blocks of luma: checked by hand for the first output pixel.
        var luma = rgba.ToGray().Pixels;
        Assert.Equal((luma[0] + luma[1] + luma[4] + luma[5]) / 4, gray[0, 0], 6);
    }

    [Fact]
    public void Images_of_different_sizes_need_an_image_size()
    {
        using var dir = new TempDirectory();
        Png.Write(Levels(3, 2, 1, 0), dir.File("a.png"));
        Png.Write(Levels(2, 2, 1, 0), dir.File("b.png"));
        AssertFails(Load(dir.Path), "b.png", "2x2", "3x2", "--image-size");
        var resized = Load(dir.Path, "--image-size", "2x2");
        Assert.True(resized.ExitCode == CliApp.StoppedShort, resized.ToString());
    }

    [Fact]
    public void Every_frame_of_a_gif_is_a_row_in_frame_order()
    {
        using var dir = new TempDirectory();
        var frames = new[] { Levels(3, 3, 1, 20), Levels(3, 3, 1, 200) };
        string file = dir.File("clip.gif");
        Gif.Write(Gif.Frames(frames), file);

        var expected = new Matrix(2, 9);
        // GIF frames decode as RGB (R = G = B here); --color gray takes their luma, as for any RGB image.
        for (int r = 0; r < 2; r++) frames[r].ToRgb().ToGray().Pixels.CopyTo(expected.Row(r));
        AssertLoaded(Load(file, "--color", "gray"), expected);
    }

    [Fact]
    public void A_bundled_gif_gives_all_its_frames()
    {
        string gif = BundledData.Files("video:chelsea-pan")[0];
        int frames = Gif.Read(gif).Frames.Count;
        Assert.True(frames > 1);
        Assert.Equal(frames, DataSource.Load(gif, new DataOptions { ImageWidth = 8, ImageHeight = 8 }, null).Rows);
    }

    [Fact]
    public void Webp_lossless_and_bmp_decode_through_skiasharp_to_the_same_levels()
    {
        using var dir = new TempDirectory();
        var image = Levels(5, 3, 3, 11);
        var bytes = new byte[5 * 3 * 4];
        for (int p = 0; p < 15; p++)
        {
            for (int c = 0; c < 3; c++) bytes[4 * p + c] = (byte)Math.Round(image.Pixels[3 * p + c] * 255);
            bytes[4 * p + 3] = 255;
        }
        using (var bitmap = new SKBitmap(new SKImageInfo(5, 3, SKColorType.Rgba8888, SKAlphaType.Opaque)))
        {
            System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
            using var webp = bitmap.PeekPixels().Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))!;
            File.WriteAllBytes(dir.File("a.webp"), webp.ToArray());
        }
        File.WriteAllBytes(dir.File("b.bmp"), Bmp24(5, 3, bytes));

        var expected = new Matrix(2, 45);
        image.Pixels.CopyTo(expected.Row(0));
        image.Pixels.CopyTo(expected.Row(1));
        AssertLoaded(Load(dir.Path), expected);
    }

    [Fact]
    public void A_gray_jpeg_loads_as_one_channel_under_auto_colour()
    {
        using var dir = new TempDirectory();
        using (var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            var levels = Enumerable.Range(0, 64).Select(i => (byte)(i * 4)).ToArray();
            System.Runtime.InteropServices.Marshal.Copy(levels, 0, bitmap.GetPixels(), levels.Length);
            using var jpeg = bitmap.PeekPixels().Encode(new SKJpegEncoderOptions(100, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore))!;
            File.WriteAllBytes(dir.File("gray.jpg"), jpeg.ToArray());
        }
        var run = Load(dir.File("gray.jpg"));
        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        Assert.Contains("as 8x8x1", run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(64, json.RootElement.GetProperty("data").GetProperty("cols").GetInt32());
    }

    // A bottom-up 24-bit BMP (BITMAPINFOHEADER), rows padded to 4 bytes, pixels stored B, G, R.
    internal static byte[] Bmp24(int width, int height, byte[] rgba)
    {
        int stride = (width * 3 + 3) & ~3;
        var file = new byte[54 + stride * height];
        "BM"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), 24);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int s = 4 * (y * width + x), d = 54 + (height - 1 - y) * stride + 3 * x;
                (file[d], file[d + 1], file[d + 2]) = (rgba[s + 2], rgba[s + 1], rgba[s]);
            }
        return file;
    }

    [Fact]
    public void A_truncated_or_foreign_image_file_is_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        byte[] png = Png.Encode(Levels(4, 4, 1, 0));
        string truncated = dir.File("cut.png");
        File.WriteAllBytes(truncated, png[..(png.Length - 20)]);
        AssertFails(Load(truncated), "cut.png", "PNG");

        string fake = dir.File("fake.jpg");
        File.WriteAllText(fake, "just text");
        AssertFails(Load(fake), "fake.jpg", "not a PNG, JPEG, BMP, WebP or GIF file");

        var empty = dir.File("empty");
        Directory.CreateDirectory(empty);
        AssertFails(Load(empty), "empty", "no image files");
    }

    [Fact]
    public void Csv_with_and_without_a_header_loads_the_same_numbers_unscaled()
    {
        using var dir = new TempDirectory();
        var expected = new Matrix(2, 3, [0.5f, 1, -2, 3e-3f, 255, 0]);
        string plain = dir.File("plain.csv"), headed = dir.File("headed.csv");
        File.WriteAllText(plain, "0.5,1,-2\n3e-3, 255 ,0\n\n");
        File.WriteAllText(headed, "x1,x2,x3\r\n0.5,1,-2\r\n0.003,255,0\r\n");
        var plainRun = Load(plain);
        AssertLoaded(plainRun, expected);
        AssertLoaded(Load(headed), expected);
        Assert.DoesNotContain("scaled", plainRun.Error);
    }

    [Fact]
    public void A_non_numeric_csv_cell_or_a_ragged_row_is_one_line_naming_line_column_and_value()
    {
        using var dir = new TempDirectory();
        string bad = dir.File("bad.csv");
        File.WriteAllText(bad, "a,b\n1,2\n3,oops\n");
        AssertFails(Load(bad), "bad.csv", "line 3, column 2", "'oops'");

        File.WriteAllText(bad, "1,2\n3\n");
        AssertFails(Load(bad), "bad.csv", "line 2 has 1 columns, expected 2");

        File.WriteAllText(bad, "a,b\n");
        AssertFails(Load(bad), "bad.csv", "no data rows");
    }

    [Fact]
    public void Uint8_npy_is_scaled_by_k_over_255_and_says_so_on_stderr_only()
    {
        using var dir = new TempDirectory();
        string file = dir.File("bytes.npy");
        byte[] values = [0, 1, 128, 254, 255, 17];
        File.WriteAllBytes(file, NpyU8(2, 3, values));

        var run = Load(file);
        AssertLoaded(run, new Matrix(2, 3, values.Select(v => v / 255f).ToArray()));
        Assert.Contains("uint8 values scaled to [0, 1] by k/255", run.Error);
        Assert.DoesNotContain("uint8", run.Out);

        // The same array inside an .npz (numpy.savez's layout: one NAME.npy entry per array).
        string archive = dir.File("bytes.npz");
        using (var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("pixels.npy").Open();
            entry.Write(NpyU8(2, 3, values));
        }
        var npz = Load(archive);
        AssertLoaded(npz, new Matrix(2, 3, values.Select(v => v / 255f).ToArray()));
        Assert.Contains($"data '{archive}:pixels': uint8 values scaled to [0, 1] by k/255", npz.Error);
    }

    internal static byte[] NpyU8(int rows, int cols, byte[] values)
    {
        string header = $"{{'descr': '|u1', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        header = header.PadRight((header.Length + 10 + 1 + 63) / 64 * 64 - 10 - 1) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)header.Length, (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(values);
        return bytes.ToArray();
    }

    [Fact]
    public void Idx_and_cifar_files_load_scaled_with_a_note()
    {
        using var dir = new TempDirectory();
        string idx = dir.File("tiny-images-idx3-ubyte");
        byte[] pixels = [0, 51, 102, 153, 204, 255, 1, 2];
        File.WriteAllBytes(idx, [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, .. pixels]);
        var idxRun = Load(idx);
        AssertLoaded(idxRun, new Matrix(2, 4, pixels.Select(v => v / 255f).ToArray()));
        Assert.Contains("IDX 8-bit values scaled to [0, 1] by k/255", idxRun.Error);
        string labels = dir.File("tiny-labels-idx1-ubyte");
        File.WriteAllBytes(labels, [0, 0, 8, 1, 0, 0, 0, 20, .. new byte[20]]);
        AssertFails(Load(labels), "tiny-labels-idx1-ubyte", "0x00000801 (an IDX label file)");

        string cifar = dir.File("data_batch_1.bin");
        var record = new byte[Cifar10.RecordBytes];
        record[0] = 3;
        for (int i = 1; i < record.Length; i++) record[i] = (byte)(i * 13);
        File.WriteAllBytes(cifar, record);
        var cifarRun = Load(cifar);
        var expected = new Matrix(1, 3072);
        // File order: R plane, G plane, B plane; rows are height x width x channels.
        for (int p = 0; p < 1024; p++)
            for (int c = 0; c < 3; c++) expected[0, 3 * p + c] = record[1 + c * 1024 + p] / 255f;
        AssertLoaded(cifarRun, expected);
        Assert.Contains("CIFAR-10 8-bit values scaled to [0, 1] by k/255", cifarRun.Error);

        File.WriteAllBytes(cifar, record[..100]);
        AssertFails(Load(cifar), "data_batch_1.bin");
    }

    [Fact]
    public void Wav_is_cut_into_one_window_per_row_mapped_to_unit_range()
    {
        using var dir = new TempDirectory();
        string file = dir.File("speech.wav");
        // 10 samples at 4 Hz, k/32768 so 16-bit PCM stores them exactly; 1 s windows: 2 rows, 2 dropped.
        var samples = Enumerable.Range(0, 10).Select(k => (k * 3000 - 12000) / 32768f).ToArray();
        Wav.Write(file, samples, 4);
        var run = Load(file);
        AssertLoaded(run, new Matrix(2, 4, samples[..8].Select(x => (x + 1f) * 0.5f).ToArray()));
        Assert.Contains("2 windows of 4 samples", run.Error);
        Assert.Contains("2 trailing samples dropped", run.Error);

        // Resampled to 8 Hz by linear interpolation: sample j sits at j/2.
        var resampled = Load(file, "--sample-rate", "8", "--audio-window", "0.5");
        var up = Enumerable.Range(0, 20).Select(j => j % 2 == 0 ? samples[j / 2] : j / 2 + 1 < 10 ? (samples[j / 2] + samples[j / 2 + 1]) / 2 : samples[9]).ToArray();
        AssertLoaded(resampled, new Matrix(5, 4, up.Select(x => (x + 1f) * 0.5f).ToArray()));

        AssertFails(Load(file, "--audio-window", "5"), "speech.wav", "shorter than one window");
    }

    [Fact]
    public void Bad_image_options_are_one_line()
    {
        using var dir = new TempDirectory();
        string file = dir.File("a.png");
        Png.Write(Levels(2, 2, 1, 0), file);
        AssertFails(Load(file, "--image-size", "0x3"), "--image-size", "'0x3'");
        AssertFails(Load(file, "--color", "purple"), "--color", "'purple'");
    }
}
