// The edits the fuzz properties apply to a valid file, and the FsCheck generator of cases. A case
// is one seed file and 1-4 mutations; each mutation carries two random numbers (A, B) that it maps
// onto the file it meets, so a printed case replays exactly.
using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mnemos.Formats;

namespace Mnemos.Tests.Fuzz;

internal enum MutationKind
{
    FlipBit,        // anywhere
    SetByte,        // anywhere
    Truncate,       // keep the first A mod length bytes
    Insert,         // 1-16 random bytes at a random offset
    Delete,         // 1-16 bytes at a random offset
    HeaderField,    // a size or count field of the seed set to an extreme value (huge declared sizes)
    TextNumber,     // a number in a text header (npy dict, safetensors JSON) replaced; length prefix kept right
    HeaderJunk,     // a control, quote, bracket or invalid UTF-8 byte inserted into a text header; length kept right
    PayloadSpecial, // NaN, ±inf, -0, max, subnormal (f32) or 0/255 (u8) written over one payload element
    PayloadFlip,    // one bit of the payload flipped
    Inert,          // something the format says to skip (ancillary chunk, comment, unknown chunk, whitespace)
    RepairCrc,      // PNG only: every chunk CRC recomputed, so the mutant reaches the decoder proper
}

internal sealed record Mutation(MutationKind Kind, int A, int B)
{
    public override string ToString() => $"{Kind}({A}, {B})";

    public bool KeepsPayloadMeaning => Kind is MutationKind.PayloadSpecial or MutationKind.PayloadFlip;
}

/// <summary>One fuzz input: which seed file, and the edits applied to it in order.</summary>
internal sealed record FuzzCase(int SeedIndex, Mutation[] Mutations)
{
    public override string ToString() => $"seed file {SeedIndex}: [{string.Join(", ", Mutations.AsEnumerable())}]";

    /// <summary>Only payload edits: the result must equal the reference decode of the changed payload.</summary>
    public bool PayloadOnly => Mutations.All(m => m.KeepsPayloadMeaning);

    /// <summary>Only skippable insertions: the result must equal that of the seed.</summary>
    public bool InertOnly => Mutations.All(m => m.Kind == MutationKind.Inert);
}

internal static class Mutations
{
    static readonly ulong[] Extremes =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 4096, 8192, 1 << 24, (1 << 26) + 1,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, ulong.MaxValue,
    ];

    static readonly string[] Numbers =
    [
        "0", "1", "-1", "7", "65536", "2147483647", "2147483648", "4294967296", "9223372036854775807",
        "9223372036854775808", "99999999999999999999", "-9223372036854775808", "1e3", "1.5", "-0", "08", "",
    ];

    static readonly byte[][] Junk = [[(byte)'\n'], [0], [(byte)'\''], [(byte)'"'], [(byte)'{'], [(byte)']'], [(byte)','], [0xC3, 0x28], [0xFF], [0x1B, (byte)'['], [(byte)'\\']];

    static readonly float[] SpecialFloats =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.MaxValue, float.Epsilon,
        BitConverter.Int32BitsToSingle(0x7F80_0001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0000)),
    ];

    /// <summary>Cases for <paramref name="target"/>: 3 parts arbitrary edits, 1 part payload-only, 1 part inert-only.</summary>
    public static Gen<FuzzCase> Cases(FuzzTarget target)
    {
        var any = Gen.Choose(0, int.MaxValue);
        var seed = Gen.Choose(0, target.Seeds.Count - 1);
        Gen<Mutation> Of(MutationKind[] kinds) =>
            Gen.Zip(Gen.Elements(kinds), Gen.Zip(any, any), (k, ab) => new Mutation(k, ab.Item1, ab.Item2));
        Gen<FuzzCase> Build(MutationKind[] kinds, int most) =>
            seed.SelectMany(s => Gen.Choose(1, most).SelectMany(n => Gen.ArrayOf(Of(kinds), n)), (s, m) => new FuzzCase(s, m));

        var general = Enum.GetValues<MutationKind>().Where(k => k != MutationKind.RepairCrc || target.HasChunkCrcs).ToArray();
        return Gen.Frequency(
            (3, Build(general, 4).Select(c => WithCrcLast(c))),
            (1, Build([MutationKind.PayloadSpecial, MutationKind.PayloadFlip], 3)),
            (1, Build([MutationKind.Inert], 2)));
    }

    // A CRC repair only makes sense after the edits it repairs.
    static FuzzCase WithCrcLast(FuzzCase c) =>
        c with { Mutations = [.. c.Mutations.Where(m => m.Kind != MutationKind.RepairCrc), .. c.Mutations.Where(m => m.Kind == MutationKind.RepairCrc)] };

    /// <summary>Applies <paramref name="m"/> to <paramref name="bytes"/> of <paramref name="seed"/>; edits that do not apply leave the bytes alone.</summary>
    public static byte[] Apply(SeedFile seed, Mutation m, byte[] bytes)
    {
        uint a = (uint)m.A, b = (uint)m.B;
        var rng = new Random(m.A ^ (m.B << 1)); // filler bytes, fixed by the mutation
        switch (m.Kind)
        {
            case MutationKind.FlipBit when bytes.Length > 0:
                bytes[a % bytes.Length] ^= (byte)(1 << (int)(b % 8));
                return bytes;
            case MutationKind.SetByte when bytes.Length > 0:
                bytes[a % bytes.Length] = (byte)b;
                return bytes;
            case MutationKind.Truncate when bytes.Length > 0:
                return bytes[..(int)(a % bytes.Length)];
            case MutationKind.Insert:
                return Splice(bytes, (int)(a % (bytes.Length + 1)), 0, RandomBytes(rng, 1 + (int)(b % 16)));
            case MutationKind.Delete when bytes.Length > 0:
                int at = (int)(a % bytes.Length);
                return Splice(bytes, at, Math.Min(1 + (int)(b % 16), bytes.Length - at), []);
            case MutationKind.HeaderField when seed.Fields.Length > 0:
                return SetField(bytes, seed.Fields[a % seed.Fields.Length], b);
            case MutationKind.TextNumber when seed.Text is { } text:
                return EditText(bytes, text, a, b, replaceNumber: true);
            case MutationKind.HeaderJunk when seed.Text is { } text:
                return EditText(bytes, text, a, b, replaceNumber: false);
            case MutationKind.PayloadSpecial when seed.PayloadLength > 0 && seed.PayloadStart + seed.PayloadLength <= bytes.Length:
                return WriteSpecial(seed, bytes, a, b);
            case MutationKind.PayloadFlip when seed.PayloadLength > 0 && seed.PayloadStart + seed.PayloadLength <= bytes.Length:
                bytes[seed.PayloadStart + (int)(a % seed.PayloadLength)] ^= (byte)(1 << (int)(b % 8));
                return bytes;
            case MutationKind.Inert when seed.Inert is { } inert:
                return inert(bytes, rng);
            case MutationKind.RepairCrc:
                FuzzTargets.RepairPngCrcs(bytes);
                return bytes;
            default:
                return bytes;
        }
    }

    /// <summary>Whether a case's edits can be applied to this seed as the kinds promise (payload and inert edits need seed support).</summary>
    public static bool Supports(SeedFile seed, FuzzCase c) =>
        (!c.PayloadOnly || seed.Reference is not null) && (!c.InertOnly || seed.Inert is not null);

    static byte[] SetField(byte[] bytes, Field field, uint choice)
    {
        if (field.Offset + field.Width > bytes.Length) return bytes;
        var span = bytes.AsSpan(field.Offset, field.Width);
        ulong old = field.Width switch
        {
            1 => span[0],
            2 => field.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => field.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
        // Extremes, or the old value nudged: off by one and doubled are the classic size bugs.
        ulong[] nudged = [old + 1, old - 1, old * 2, old * 256, old / 2];
        long pick = choice % (Extremes.Length + nudged.Length);
        ulong value = pick < Extremes.Length ? Extremes[pick] : nudged[pick - Extremes.Length];
        switch (field.Width)
        {
            case 1: span[0] = (byte)value; break;
            case 2 when field.BigEndian: BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4 when field.BigEndian: BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }
        return bytes;
    }

    /// <summary>Replaces the (a mod k)-th number of a text header, or inserts junk into it, then rewrites the length prefix.</summary>
    static byte[] EditText(byte[] bytes, TextHeader text, uint a, uint b, bool replaceNumber)
    {
        if ((long)text.Start + text.ReadLength(bytes) > bytes.Length) return bytes;
        int length = text.ReadLength(bytes);
        string header = Encoding.Latin1.GetString(bytes, text.Start, length);
        int at, remove;
        byte[] insert;
        if (replaceNumber)
        {
            var runs = System.Text.RegularExpressions.Regex.Matches(header, "[0-9]+");
            if (runs.Count == 0) return bytes;
            var run = runs[(int)(a % runs.Count)];
            (at, remove, insert) = (run.Index, run.Length, Encoding.ASCII.GetBytes(Numbers[b % Numbers.Length]));
        }
        else
        {
            (at, remove, insert) = ((int)(a % (length + 1)), 0, Junk[b % Junk.Length]);
        }
        var edited = Splice(bytes, text.Start + at, remove, insert);
        text.WriteLength(edited, length - remove + insert.Length);
        return edited;
    }

    static byte[] WriteSpecial(SeedFile seed, byte[] bytes, uint a, uint b)
    {
        int size = seed.ElementSize;
        int element = (int)(a % (seed.PayloadLength / size));
        var span = bytes.AsSpan(seed.PayloadStart + element * size, size);
        if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(span, SpecialFloats[b % SpecialFloats.Length]);
        else span[0] = (b % 3) switch { 0 => 0, 1 => 255, _ => (byte)(b >> 8) };
        return bytes;
    }

    public static byte[] Splice(byte[] bytes, int at, int remove, byte[] insert) =>
        [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at + remove)];

    public static byte[] RandomBytes(Random rng, int count)
    {
        var bytes = new byte[count];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Quoted for a failure message: a mutant's first bytes, as the readers quote file content.</summary>
    public static string Show(byte[] bytes) => $"{bytes.Length} bytes {FileText.Quote(bytes, 64)}";
}
