// Why PNG and GIF keep Mnemos's own decoders (docs/data-formats.md): SkiaSharp's codecs, run on
// the independent golden files, agree on every PNG of at most 8 bits and every GIF frame, but
// lose precision on 16-bit PNG and accept truncated GIFs. If a SkiaSharp update closes these
// gaps, these tests fail and the decoders can be retired.
using System.Runtime.InteropServices;
using Mnemos.Imaging;
using SkiaSharp;

namespace Mnemos.Tests.Imaging;

public class ImagingSkiaComparisonTests
{
    static float[] SkiaRgba(byte[] file, SKColorType type, int frame = 0, int prior = -1, float[]? start = null)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("SkiaSharp cannot open the file");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, type, SKAlphaType.Unpremul);
        var raw = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(raw, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject(), info.RowBytes, new SKCodecOptions(frame, prior));
            Assert.Equal(SKCodecResult.Success, result);
        }
        finally
        {
            handle.Free();
        }
        return type == SKColorType.Rgba8888
            ? raw.Select(b => b / 255f).ToArray()
            : MemoryMarshal.Cast<byte, Half>(raw).ToArray().Select(h => (float)h).ToArray();
    }

    static int Depth(byte[] png) => png[24];

    [Fact]
    public void Skia_agrees_on_every_golden_png_of_at_most_8_bits_and_rounds_16_bit_ones()
    {
        int exact = 0, rounded = 0;
        foreach (var c in ImagingGolden.PngCases())
        {
            byte[] file = File.ReadAllBytes(ImagingGolden.PathOf(c.File));
            var ours = Png.Decode(file);
            bool wide = Depth(file) == 16;
            var skia = SkiaRgba(file, wide ? SKColorType.RgbaF16 : SKColorType.Rgba8888);
            double worst = 0;
            for (int p = 0; p < ours.Width * ours.Height; p++)
                for (int ch = 0; ch < ours.Channels; ch++)
                    worst = Math.Max(worst, Math.Abs(ours.Pixels[p * ours.Channels + ch] - skia[4 * p + ch]));
            if (wide)
            {
                // Half floats (11-bit mantissa) for colour; 16-bit gray comes back no better than 8 bits.
                Assert.True(worst is > 0 and <= 1.0 / 255, $"{c.File}: worst difference {worst}");
                rounded++;
            }
            else
            {
                Assert.True(worst == 0, $"{c.File}: worst difference {worst}");
                exact++;
            }
        }
        Assert.True(exact > 10 && rounded > 3, $"{exact} exact, {rounded} rounded");
    }

    [Fact]
    public void Skia_composites_every_golden_gif_frame_as_ours_does_where_the_screen_is_drawn()
    {
        foreach (var c in ImagingGolden.GifCases())
        {
            byte[] file = File.ReadAllBytes(ImagingGolden.PathOf(c.File));
            var ours = Gif.Decode(file);
            using var data = SKData.CreateCopy(file);
            using var codec = SKCodec.Create(data)!;
            Assert.Equal(ours.Frames.Count, Math.Max(1, codec.FrameCount));
            for (int f = 0; f < ours.Frames.Count; f++)
            {
                var skia = SkiaRgba(file, SKColorType.Rgba8888, f);
                var image = ours.Frames[f].Image;
                for (int p = 0; p < c.Width * c.Height; p++)
                {
                    if (skia[4 * p + 3] == 0) continue; // Skia leaves undrawn screen transparent; ours shows the background colour
                    for (int ch = 0; ch < 3; ch++)
                        Assert.True(image.Pixels[3 * p + ch] == skia[4 * p + ch], $"{c.File} frame {f} pixel {p}");
                }
            }
        }
    }

    [Fact]
    public void Skia_finds_every_frame_of_the_bundled_video_gif()
    {
        string path = Mnemos.Data.BundledData.Files("video:chelsea-pan")[0];
        byte[] file = File.ReadAllBytes(path);
        var ours = Gif.Decode(file);
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data)!;
        Assert.Equal(ours.Frames.Count, codec.FrameCount);
        var last = SkiaRgba(file, SKColorType.Rgba8888, codec.FrameCount - 1);
        var image = ours.Frames[^1].Image;
        for (int p = 0; p < image.Width * image.Height; p++)
            for (int ch = 0; ch < 3; ch++)
                if (last[4 * p + 3] != 0) Assert.Equal(image.Pixels[3 * p + ch], last[4 * p + ch]);
    }

    [Fact]
    public void Skia_accepts_a_gif_cut_before_its_trailer_which_ours_refuses()
    {
        byte[] file = Gif.Encode(Gif.Frames([ImagingGolden.RandomLevels(6, 4, 1, 1), ImagingGolden.RandomLevels(6, 4, 1, 2)]));
        byte[] cut = file[..^1]; // no trailer byte 0x3B
        Assert.Throws<InvalidDataException>(() => Gif.Decode(cut));
        using var data = SKData.CreateCopy(cut);
        using var codec = SKCodec.Create(data)!;
        Assert.Equal(2, codec.FrameCount);
        SkiaRgba(cut, SKColorType.Rgba8888, 1); // asserts success
    }

    [Fact]
    public void Skia_does_not_tell_a_gif_without_a_loop_block_from_one_looping_forever()
    {
        var frames = Gif.Frames([new Image(2, 2, 1), new Image(2, 2, 1)]);
        int Repetitions(int loopCount)
        {
            using var data = SKData.CreateCopy(Gif.Encode(frames, loopCount));
            using var codec = SKCodec.Create(data)!;
            return codec.RepetitionCount;
        }
        Assert.Equal((-1, 0), (Gif.Decode(Gif.Encode(frames, -1)).LoopCount, Gif.Decode(Gif.Encode(frames, 0)).LoopCount));
        Assert.Equal(Repetitions(-1), Repetitions(0));
    }
}
