// Idx: round trips through files written here byte by byte (raw and gzip), streaming limits, and
// rejection of malformed headers and truncated data without large allocations.
using System.Buffers.Binary;
using Mnemos.Data;
using Mnemos.Tensors;

namespace Mnemos.Tests.Data;

public class IdxTests
{
    const int Count = 5, Rows = 3, Cols = 4;

    static byte[] ImageFile(int count, int rows, int cols, byte[] pixels, int magic = Idx.ImageMagic)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    static byte[] LabelFile(byte[] labels, int magic = Idx.LabelMagic, int? count = null)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    static byte[] Pixels(int length, ulong seed)
    {
        var rng = new Rng(seed);
        var pixels = new byte[length];
        for (int i = 0; i < length; i++) pixels[i] = (byte)rng.NextInt(256);
        pixels[0] = 0;
        pixels[^1] = 255;
        return pixels;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_round_trip_through_raw_and_gzip_files(bool gzip)
    {
        var pixels = Pixels(Count * Rows * Cols, seed: 11);
        byte[] labels = [9, 0, 0, 3, 255];
        string imagePath = DataTestStreams.TempPath("images.idx3");
        string labelPath = DataTestStreams.TempPath("labels.idx1");
        try
        {
            var imageBytes = ImageFile(Count, Rows, Cols, pixels);
            var labelBytes = LabelFile(labels);
            File.WriteAllBytes(imagePath, gzip ? DataTestStreams.Gzip(imageBytes) : imageBytes);
            File.WriteAllBytes(labelPath, gzip ? DataTestStreams.Gzip(labelBytes) : labelBytes);

            var unit = Idx.ReadImages(imagePath);
            var raw = Idx.ReadImages(imagePath, scaleToUnit: false);
            Assert.Equal((Count, Rows * Cols), (unit.Rows, unit.Cols));
            for (int i = 0; i < pixels.Length; i++)
            {
                Assert.Equal(pixels[i] / 255f, unit.Data[i]);
                Assert.Equal(pixels[i], raw.Data[i]);
            }
            Assert.Equal(new IdxImageHeader(Count, Rows, Cols), Idx.ReadImageHeader(imagePath));
            Assert.Equal(labels.Select(b => (int)b), Idx.ReadLabels(labelPath));
        }
        finally
        {
            File.Delete(imagePath);
            File.Delete(labelPath);
        }
    }

    [Fact]
    public void Gzip_is_detected_by_its_magic_bytes_not_by_the_stream_kind()
    {
        var pixels = Pixels(Count * Rows * Cols, seed: 12);
        var file = ImageFile(Count, Rows, Cols, pixels);
        var fromGzipPipe = Idx.ReadImages(new NonSeekableStream(DataTestStreams.Gzip(file)), scaleToUnit: false);
        var fromRawPipe = Idx.ReadImages(new NonSeekableStream(file), scaleToUnit: false);
        Assert.Equal(pixels.Select(b => (float)b), fromGzipPipe.Data);
        Assert.Equal(pixels.Select(b => (float)b), fromRawPipe.Data);
    }

    [Fact]
    public void Reading_from_a_stream_leaves_it_open_for_the_caller()
    {
        var images = new MemoryStream(ImageFile(1, 1, 2, [1, 2]));
        var gzipLabels = new MemoryStream(DataTestStreams.Gzip(LabelFile([4])));
        Idx.ReadImages(images);
        Idx.ReadLabels(gzipLabels);
        Assert.True(images.CanRead && gzipLabels.CanRead);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(Count, Count)]
    [InlineData(1000, Count)]
    public void Limit_reads_only_the_first_items(int limit, int expected)
    {
        var pixels = Pixels(Count * Rows * Cols, seed: 13);
        var images = Idx.ReadImages(new MemoryStream(ImageFile(Count, Rows, Cols, pixels)), limit, scaleToUnit: false);
        Assert.Equal((expected, Rows * Cols), (images.Rows, images.Cols));
        Assert.Equal(pixels.Take(expected * Rows * Cols).Select(b => (float)b), images.Data);
        Assert.Equal(expected, Idx.ReadLabels(new MemoryStream(LabelFile([1, 2, 3, 4, 5])), limit).Length);
    }

    [Fact]
    public void Limit_stops_before_a_truncated_tail_so_only_the_needed_bytes_must_exist()
    {
        var pixels = Pixels(2 * Rows * Cols, seed: 14); // the header says 5 images, only 2 are present
        var images = Idx.ReadImages(new NonSeekableStream(DataTestStreams.Gzip(ImageFile(Count, Rows, Cols, pixels))), limit: 2);
        Assert.Equal(2, images.Rows);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(new MemoryStream(ImageFile(Count, Rows, Cols, pixels)), limit: 3));
        Assert.Contains("truncated: 3 images of 3x4 need 36 bytes after the 16-byte header, got 24", error.Message);
    }

    [Fact]
    public void A_label_file_read_as_images_names_both_magics()
    {
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(new MemoryStream(LabelFile(new byte[32])), source: "labels.gz"));
        Assert.Equal("labels.gz: IDX images: magic 0x00000801 (an IDX label file), expected 0x00000803", error.Message);
        var reverse = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(new MemoryStream(ImageFile(1, 1, 1, [7]))));
        Assert.Contains("magic 0x00000803 (an IDX image file), expected 0x00000801", reverse.Message);
        var png = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0])));
        Assert.Contains("magic 0x89504E47 (not an IDX file)", png.Message);
    }

    [Theory]
    [InlineData(0, "header needs 16 bytes, got 0")]
    [InlineData(3, "header needs 16 bytes, got 3")]
    [InlineData(15, "header needs 16 bytes, got 15")]
    [InlineData(16, "need 60 bytes after the 16-byte header, got 0")]
    [InlineData(17, "need 60 bytes after the 16-byte header, got 1")]
    [InlineData(75, "need 60 bytes after the 16-byte header, got 59")]
    public void Truncated_image_files_are_rejected_at_every_stage_raw_and_gzip(int length, string expected)
    {
        var file = ImageFile(Count, Rows, Cols, Pixels(Count * Rows * Cols, seed: 15))[..length];
        foreach (var bytes in new[] { file, DataTestStreams.Gzip(file) })
        {
            var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(new NonSeekableStream(bytes), source: "cut.idx"));
            Assert.StartsWith("cut.idx: IDX images truncated:", error.Message);
            Assert.Contains(expected, error.Message);
        }
    }

    [Theory]
    [InlineData(4, "header needs 8 bytes, got 4")]
    [InlineData(10, "5 labels need 5 bytes after the 8-byte header, got 2")]
    public void Truncated_label_files_are_rejected(int length, string expected)
    {
        var file = LabelFile([1, 2, 3, 4, 5])[..length];
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(new MemoryStream(file)));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(200_000_000, 28, 28, "count 200000000 is more than 100000000")]
    [InlineData(100_000_000, 1000, 1000, "100000000 images of 1000x1000 declare 100000000000000 bytes")]
    [InlineData(10, 0, 28, "image size 0x28 is not plausible")]
    [InlineData(10, 28, -1, "image size 28x4294967295 is not plausible")]
    [InlineData(1, 65536, 65536, "1 images of 65536x65536 declare 4294967296 bytes")]
    public void Absurd_headers_are_rejected_before_any_large_allocation(int count, int rows, int cols, string expected)
    {
        var file = ImageFile(count, rows, cols, new byte[64]);
        var (error, allocated) = DataTestStreams.MeasureThrows<InvalidDataException>(() => Idx.ReadImages(new MemoryStream(file)));
        Assert.Contains(expected, error.Message);
        Assert.True(allocated < DataTestStreams.MaxRejectAllocationBytes, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_plausible_header_over_a_short_stream_allocates_by_what_arrives(bool gzip)
    {
        // 2,000,000 images of 28x28 declare 1.57 GB: allowed, but only 100 bytes follow.
        var file = ImageFile(2_000_000, 28, 28, new byte[100]);
        var bytes = gzip ? DataTestStreams.Gzip(file) : file;
        var (error, allocated) = DataTestStreams.MeasureThrows<InvalidDataException>(() => Idx.ReadImages(new NonSeekableStream(bytes)));
        Assert.Contains("need 1568000000 bytes after the 16-byte header, got 100", error.Message);
        Assert.True(allocated < DataTestStreams.MaxRejectAllocationBytes, $"allocated {allocated} bytes");

        var labels = LabelFile(new byte[10], count: 90_000_000);
        var (labelError, labelAllocated) = DataTestStreams.MeasureThrows<InvalidDataException>(() => Idx.ReadLabels(new NonSeekableStream(labels)));
        Assert.Contains("90000000 labels need 90000000 bytes after the 8-byte header, got 10", labelError.Message);
        Assert.True(labelAllocated < DataTestStreams.MaxRejectAllocationBytes, $"allocated {labelAllocated} bytes");
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_with_the_source()
    {
        var gzip = DataTestStreams.Gzip(ImageFile(Count, Rows, Cols, Pixels(Count * Rows * Cols, seed: 16)));
        for (int i = 10; i < gzip.Length - 8; i++) gzip[i] ^= 0x5A;
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(new MemoryStream(gzip), source: "bad.gz"));
        Assert.StartsWith("bad.gz:", error.Message);
    }
}
