// Seeded mutation fuzzing of both decoders: flipped, overwritten, inserted and deleted bytes in
// valid files must either decode or throw InvalidDataException, never anything else. PNG mutants
// get their chunk CRCs repaired half of the time so they reach the header, zlib and pixel code.
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Tests.Imaging;

public class CodecFuzzTests
{
    const int Mutants = 400;

    static byte[] Mutate(byte[] source, Rng rng)
    {
        var bytes = new List<byte>(source);
        int edits = 1 + rng.NextInt(4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = rng.NextInt(bytes.Count);
            switch (rng.NextInt(4))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.NextInt(8)); break;
                case 1: bytes[at] = (byte)rng.NextInt(256); break;
                case 2: bytes.Insert(at, (byte)rng.NextInt(256)); break;
                default: bytes.RemoveAt(at); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Rewrites the CRC of every chunk whose declared length still fits in the file.</summary>
    static void RepairCrcs(byte[] png)
    {
        for (int p = 8; p + 12 <= png.Length;)
        {
            long length = (uint)((png[p] << 24) | (png[p + 1] << 16) | (png[p + 2] << 8) | png[p + 3]);
            if (p + 12 + length > png.Length) return;
            uint crc = Crc32.Compute(png.AsSpan(p + 4, 4 + (int)length));
            int at = p + 8 + (int)length;
            png[at] = (byte)(crc >> 24);
            png[at + 1] = (byte)(crc >> 16);
            png[at + 2] = (byte)(crc >> 8);
            png[at + 3] = (byte)crc;
            p = at + 4;
        }
    }

    static void Survives(Action decode, byte[] mutant, int index)
    {
        try
        {
            decode();
        }
        catch (InvalidDataException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"mutant {index} ({Convert.ToHexString(mutant)}) threw {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void Mutated_png_files_decode_or_throw_invalid_data()
    {
        var rng = new Rng(2024);
        byte[][] seeds =
        [
            File.ReadAllBytes(ImagingGolden.PathOf("png/palette4_trns.png")),
            File.ReadAllBytes(ImagingGolden.PathOf("png/adam7_rgba16.png")),
            File.ReadAllBytes(ImagingGolden.PathOf("png/gray2.png")),
        ];
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = Mutate(seeds[i % seeds.Length], rng);
            if (i % 2 == 0) RepairCrcs(mutant);
            Survives(() => Png.Decode(mutant), mutant, i);
        }
    }

    [Fact]
    public void Mutated_gif_files_decode_or_throw_invalid_data()
    {
        var rng = new Rng(2025);
        byte[][] seeds =
        [
            File.ReadAllBytes(ImagingGolden.PathOf("gif/animation_disposal.gif")),
            File.ReadAllBytes(ImagingGolden.PathOf("gif/interlaced.gif")),
            File.ReadAllBytes(ImagingGolden.PathOf("gif/two_colors.gif")),
        ];
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = Mutate(seeds[i % seeds.Length], rng);
            Survives(() => Gif.Decode(mutant), mutant, i);
        }
    }
}
