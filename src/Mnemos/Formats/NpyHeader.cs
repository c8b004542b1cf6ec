// The .npy preamble and header: magic "\x93NUMPY", version byte pair, header length (u16 in v1,
// u32 in v2/v3), then a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }.
// Parses only that literal subset; no eval, no pickles.
using System.Buffers.Binary;
using System.Text;

namespace Mnemos.Formats;

/// <summary>What an .npy header declares. <see cref="DataOffset"/> is the data's offset from the file start.</summary>
internal sealed record NpyHeader(int MajorVersion, int MinorVersion, string Descr, bool FortranOrder, long[] Shape, long DataOffset);

internal static class NpyHeaderParser
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Headers beyond this are not arrays Mnemos can hold; refusing bounds the allocation.</summary>
    public const int MaxHeaderLength = 1 << 20;

    static readonly (string Code, ElementType Type)[] codes =
    [
        ("f4", ElementType.F32), ("f8", ElementType.F64), ("f2", ElementType.F16), ("u1", ElementType.U8),
        ("i1", ElementType.I8), ("b1", ElementType.Bool), ("i2", ElementType.I16), ("u2", ElementType.U16),
        ("i4", ElementType.I32), ("u4", ElementType.U32), ("i8", ElementType.I64), ("u8", ElementType.U64),
    ];

    static string Supported => string.Join(", ", codes.Select(c => (c.Type.Size() == 1 ? "|" : "<") + c.Code));

    /// <summary>
    /// Reads the preamble and header from the stream's position and leaves it at the data;
    /// <paramref name="available"/> is how many bytes the stream holds from there.
    /// </summary>
    public static NpyHeader Read(Stream stream, long available)
    {
        if (available < 10) throw Bad($"file has {available} bytes: an .npy file starts with a 10-byte preamble");
        Span<byte> preamble = stackalloc byte[8];
        stream.ReadExactly(preamble);
        if (!preamble[..6].SequenceEqual(Magic))
            throw Bad($"file starts with {Convert.ToHexString(preamble[..6])} instead of the .npy magic 934E554D5059 (\\x93NUMPY): not an .npy file");
        int major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3) throw Bad($"file has .npy format version {major}.{minor}; Mnemos reads 1.0, 2.0 and 3.0");
        int prefixLength = major == 1 ? 2 : 4;
        Span<byte> lengthBytes = stackalloc byte[4];
        if (available < 8 + prefixLength) throw Bad($"file has {available} bytes: too short for an .npy version {major} preamble");
        stream.ReadExactly(lengthBytes[..prefixLength]);
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        long dataOffset = 8 + prefixLength + headerLength;
        if (headerLength > MaxHeaderLength) throw Bad($"header length {headerLength} bytes is over the {MaxHeaderLength}-byte limit");
        if (dataOffset > available) throw Bad($"header length {headerLength} bytes but only {available - 8 - prefixLength} bytes follow: truncated file");
        var bytes = new byte[headerLength];
        stream.ReadExactly(bytes);
        // v1 and v2 headers are latin-1; v3 allows UTF-8 (field names of structured dtypes).
        string text = major == 3 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        return FromText(text.TrimEnd(' ', '\n', '\0'), major, minor, dataOffset);
    }

    static NpyHeader FromText(string text, int major, int minor, long dataOffset)
    {
        var dict = PythonLiteral.Parse(text) as Dictionary<string, object?>
            ?? throw Bad($"header {FileText.Quote(text)} is not a Python dict");
        foreach (var key in dict.Keys)
            if (key is not ("descr" or "fortran_order" or "shape")) throw Bad($"header has unexpected key {FileText.Quote(key)}: expected descr, fortran_order and shape");
        if (!dict.TryGetValue("descr", out var descr)) throw Bad($"header {FileText.Quote(text)} has no 'descr'");
        if (!dict.TryGetValue("fortran_order", out var fortran)) throw Bad($"header {FileText.Quote(text)} has no 'fortran_order'");
        if (!dict.TryGetValue("shape", out var shape)) throw Bad($"header {FileText.Quote(text)} has no 'shape'");
        if (descr is List<object?>) throw Bad($"structured dtype {Describe(descr)} (a list of fields) is not supported: save a plain numeric array");
        if (descr is not string descrText) throw Bad($"descr {Describe(descr)} is not a dtype string");
        if (fortran is not bool fortranOrder) throw Bad($"fortran_order {Describe(fortran)} is not True or False");
        if (shape is not List<object?> dims) throw Bad($"shape {Describe(shape)} is not a tuple");
        var result = new long[dims.Count];
        for (int i = 0; i < dims.Count; i++)
            result[i] = dims[i] is long d && d >= 0 ? d : throw Bad($"shape {Describe(shape)} has dimension {Describe(dims[i])}: expected a non-negative integer");
        return new NpyHeader(major, minor, descrText, fortranOrder, result, dataOffset);
    }

    /// <summary>
    /// The element type and byte order for a descr such as '&lt;f4' or '&gt;i8', or a clear refusal
    /// (object, structured, unsupported). '=' is native order, which numpy only writes on
    /// little-endian machines.
    /// </summary>
    public static (ElementType Type, bool BigEndian) ElementTypeOf(string descr)
    {
        if (descr.Length >= 2 && descr[1..] is "O" or "O8" or "O4")
            throw Bad($"object array (descr {FileText.Quote(descr)}) holds pickled Python objects: Mnemos reads numeric arrays only; save with arr.astype('<f4')");
        if (descr.Length == 3 && descr[0] is '<' or '>' or '|' or '=')
        {
            foreach (var (code, type) in codes)
                if (descr[1..] == code) return (type, descr[0] == '>' && type.Size() > 1);
        }
        throw Bad($"dtype {FileText.Quote(descr)} is not supported: Mnemos reads {Supported} (and their big-endian '>' forms)");
    }

    /// <summary>The header numpy 1.24 writes for a C-order float32 array: same bytes, same padding.</summary>
    public static byte[] BuildF32(int rows, int cols)
    {
        // numpy leaves room for the first axis to grow to 21 digits, then pads with spaces so the
        // data starts at a multiple of 64 (adding a full 64 when already aligned), ending in '\n'.
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        dict += new string(' ', 21 - rows.ToString().Length);
        int withNewline = dict.Length + 1;
        int pad = 64 - (8 + 2 + withNewline) % 64;
        string header = dict + new string(' ', pad) + "\n";
        var bytes = new byte[10 + header.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>A parsed value as Python prints it, strings quoted and escaped, at most 8 items a level, two levels deep.</summary>
    static string Describe(object? value) => Describe(value, depth: 0);

    // depth caps nested tuples: 8 items of 8 items of ... would otherwise print 8^8 values.
    static string Describe(object? value, int depth) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => FileText.Quote(s),
        List<object?> when depth >= 2 => "(...)",
        List<object?> list => $"({string.Join(", ", list.Take(8).Select(v => Describe(v, depth + 1)))}{(list.Count > 8 ? ", ..." : "")})",
        Dictionary<string, object?> => "{...}",
        _ => FileText.Escape(value.ToString() ?? "", FileText.MaxShown),
    };

    static InvalidDataException Bad(string message) => new(message);
}
