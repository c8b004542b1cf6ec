// The five PNG scanline filters (PNG spec §9.2): forward for the encoder, inverse for the decoder.
// Legend: x = byte being filtered, a = byte bpp to the left (0 off the row start), b = same byte in
// the prior row (0 on the first row), c = byte bpp to the left in the prior row. All arithmetic
// is modulo 256; Average uses floor((a + b) / 2) without overflow.
using System.Diagnostics;

namespace Mnemos.Imaging;

internal static class PngFilters
{
    public const int None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Paeth predictor: whichever of a, b, c is nearest to a + b − c; ties prefer a, then b.</summary>
    public static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    /// <summary>
    /// Reverses filter <paramref name="type"/> (0–4) on <paramref name="row"/> in place, given the
    /// already reconstructed <paramref name="prior"/> row (all zeros for a first row).
    /// </summary>
    public static void Unfilter(int type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        Debug.Assert(prior.Length == row.Length && bpp >= 1 && type is >= 0 and <= 4);
        int n = row.Length;
        switch (type)
        {
            case Sub:
                for (int i = bpp; i < n; i++) row[i] += row[i - bpp];
                break;
            case Up:
                for (int i = 0; i < n; i++) row[i] += prior[i];
                break;
            case Average:
                for (int i = 0; i < n; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((a + prior[i]) >> 1);
                }
                break;
            case Paeth:
                for (int i = 0; i < n; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0;
                    int c = i >= bpp ? prior[i - bpp] : 0;
                    row[i] += (byte)PaethPredictor(a, prior[i], c);
                }
                break;
        }
    }

    /// <summary>Applies filter <paramref name="type"/> to <paramref name="row"/>, writing the filtered bytes to <paramref name="destination"/>.</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> destination)
    {
        Debug.Assert(prior.Length == row.Length && destination.Length == row.Length && bpp >= 1);
        int n = row.Length;
        for (int i = 0; i < n; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = prior[i];
            int c = i >= bpp ? prior[i - bpp] : 0;
            int predicted = type switch
            {
                Sub => a,
                Up => b,
                Average => (a + b) >> 1,
                Paeth => PaethPredictor(a, b, c),
                _ => 0,
            };
            destination[i] = (byte)(row[i] - predicted);
        }
    }
}
