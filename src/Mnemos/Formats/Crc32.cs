// CRC-32 as zip members and PNG chunks use it (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial
// and final XOR 0xFFFFFFFF), one table lookup per byte.
namespace Mnemos.Formats;

internal static class Crc32
{
    static readonly uint[] Table = BuildTable();

    /// <summary>CRC of <paramref name="data"/>; pass a previous result as <paramref name="crc"/> to continue it.</summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        uint c = ~crc;
        foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
