// Cifar10: record parsing on synthetic records, the luma formula against hand-computed values,
// and rejection of files that are not whole records or carry impossible labels.
using Mnemos.Data;

namespace Mnemos.Tests.Data;

public class Cifar10Tests
{
    // Pixel p of a synthetic record: r = p mod 256, g = (3p + 1) mod 256, b = 200 - (p mod 100).
    static byte Red(int p) => (byte)(p % 256);
    static byte Green(int p) => (byte)((3 * p + 1) % 256);
    static byte Blue(int p) => (byte)(200 - p % 100);

    static byte[] Records(params byte[] labels)
    {
        var bytes = new byte[labels.Length * Cifar10.RecordBytes];
        for (int i = 0; i < labels.Length; i++)
        {
            var record = bytes.AsSpan(i * Cifar10.RecordBytes, Cifar10.RecordBytes);
            record[0] = labels[i];
            for (int p = 0; p < Cifar10.PlaneBytes; p++)
            {
                record[1 + p] = (byte)(Red(p) + i);
                record[1 + Cifar10.PlaneBytes + p] = Green(p);
                record[1 + 2 * Cifar10.PlaneBytes + p] = Blue(p);
            }
        }
        return bytes;
    }

    [Theory]
    [InlineData(255, 0, 0, 0.299)]
    [InlineData(0, 255, 0, 0.587)]
    [InlineData(0, 0, 255, 0.114)]
    [InlineData(255, 255, 255, 1.0)]
    [InlineData(10, 20, 30, 18.15 / 255)]      // 2.99 + 11.74 + 3.42
    [InlineData(100, 50, 25, 62.1 / 255)]      // 29.9 + 29.35 + 2.85
    public void Luma_uses_the_bt601_weights_checked_by_hand(byte r, byte g, byte b, double expected)
    {
        Assert.Equal(expected, Cifar10.Luma(r, g, b), 1e-6);
    }

    [Fact]
    public void Synthetic_records_decode_labels_and_each_pixel_layout()
    {
        var file = Records(3, 7);
        var gray = Cifar10.ReadBatch(new MemoryStream(file));
        var interleaved = Cifar10.ReadBatch(new MemoryStream(file), CifarColor.RgbInterleaved);
        var planar = Cifar10.ReadBatch(new MemoryStream(file), CifarColor.RgbPlanar);

        Assert.Equal([3, 7], gray.Labels);
        Assert.Equal((2, 1024, 32, 32, 1), (gray.Images.Rows, gray.Images.Cols, gray.Height, gray.Width, gray.Channels));
        Assert.Equal((2, 3072, 3), (interleaved.Images.Rows, interleaved.Images.Cols, interleaved.Channels));

        // Pixel 5 of record 0 (row 0, column 5): r = 5, g = 16, b = 195 → 1.495 + 9.392 + 22.23 = 33.117.
        Assert.Equal(33.117 / 255, gray.Images[0, 5], 1e-6);
        // Pixel 40 of record 1 (row 1, column 8): r = 41, g = 121, b = 160 → 12.259 + 71.027 + 18.24.
        Assert.Equal(101.526 / 255, gray.Images[1, 40], 1e-6);

        for (int p = 0; p < Cifar10.PlaneBytes; p += 97)
        {
            Assert.Equal(Red(p) / 255f, interleaved.Images[0, 3 * p]);
            Assert.Equal(Green(p) / 255f, interleaved.Images[0, 3 * p + 1]);
            Assert.Equal(Blue(p) / 255f, interleaved.Images[0, 3 * p + 2]);
            Assert.Equal((byte)(Red(p) + 1) / 255f, planar.Images[1, p]);
            Assert.Equal(Green(p) / 255f, planar.Images[1, Cifar10.PlaneBytes + p]);
            Assert.Equal(Blue(p) / 255f, planar.Images[1, 2 * Cifar10.PlaneBytes + p]);
        }
    }

    [Fact]
    public void Reading_a_file_and_a_limit_give_the_first_records()
    {
        string path = DataTestStreams.TempPath("data_batch.bin");
        try
        {
            File.WriteAllBytes(path, Records(0, 9, 4));
            var batch = Cifar10.ReadBatch(path, limit: 2);
            Assert.Equal([0, 9], batch.Labels);
            Assert.Equal(2, batch.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3072)]
    [InlineData(3074)]
    [InlineData(2 * 3073 + 100)]
    public void Sizes_that_are_not_whole_records_are_rejected(int length)
    {
        var bytes = new byte[length];
        string expected = $"CIFAR-10 size {length} bytes is not a multiple of the 3073-byte record";
        var seekable = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(new MemoryStream(bytes), source: "batch.bin"));
        Assert.StartsWith("batch.bin: " + expected, seekable.Message);
        Assert.Contains($"{length / 3073} whole records and {length % 3073} bytes left over", seekable.Message);
        var piped = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(new NonSeekableStream(bytes)));
        Assert.Contains(expected, piped.Message);
    }

    [Fact]
    public void Labels_outside_0_to_9_are_rejected_with_record_and_value()
    {
        var error = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(new MemoryStream(Records(1, 10))));
        Assert.Contains("record 1 (byte offset 3073): label 10 is not a class 0..9", error.Message);
    }

    [Fact]
    public void Rejecting_a_short_pipe_allocates_little()
    {
        var (error, allocated) = DataTestStreams.MeasureThrows<InvalidDataException>(() => Cifar10.ReadBatch(new NonSeekableStream(new byte[100])));
        Assert.Contains("size 100 bytes", error.Message);
        Assert.True(allocated < DataTestStreams.MaxRejectAllocationBytes, $"allocated {allocated} bytes");
    }
}
