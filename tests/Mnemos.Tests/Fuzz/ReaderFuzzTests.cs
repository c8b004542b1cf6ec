// Property: every mutant of a valid file either parses (equal to the reference when only payload
// or skippable parts changed) or is refused with a one-line, sanitised InvalidDataException, never
// another exception, and never allocates more than the format's stated bound. Seeded; a failure
// prints the seed, the case and how to replay it. MNEMOS_FUZZ_COUNT sets inputs per format
// (default 500, the quick run), MNEMOS_FUZZ_SEED the seed, MNEMOS_FUZZ_REPORT a file that gets
// one tab-separated line of counts per format (scripts/fuzz_long.sh uses both).
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Mnemos.Tests.Fuzz;

public class ReaderFuzzTests
{
    const int QuickCount = 500;
    const ulong DefaultSeed = 20261204;

    sealed class Tally
    {
        public int Inputs, Parsed, Refused, PayloadChecked, InertChecked;
        public long MaxAllocated, MaxAllocatedInput;
    }

    public static TheoryData<string> Formats => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_mutant_parses_or_is_refused_in_one_clean_line(string format)
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("MNEMOS_FUZZ_COUNT"), out int n) && n > 0 ? n : QuickCount;
        ulong baseSeed = ulong.TryParse(Environment.GetEnvironmentVariable("MNEMOS_FUZZ_SEED"), out ulong s) ? s : DefaultSeed;
        ulong seed = baseSeed ^ StableHash(format); // each format its own stream, all fixed by one number
        var target = FuzzTargets.Get(format);
        var reference = target.Seeds.Select(f => target.Read(f.Bytes)).ToArray();
        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(Mutations.Cases(target).ToArbitrary(), c => RunCase(target, reference, c, tally, format, baseSeed, count));
        var config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15), FSharpOption<int>.None)));
        Check.One(config, property);
        clock.Stop();

        Assert.Equal(count, tally.Inputs);
        // Both outcomes occur, or the mutations are not reaching the reader.
        Assert.True(tally.Parsed > 0 && tally.Refused > 0, $"{format}: {tally.Parsed} parsed, {tally.Refused} refused");
        Report(format, tally, target, clock.Elapsed, baseSeed);
    }

    static void RunCase(FuzzTarget target, (string Shape, float[] Values)[] reference, FuzzCase c, Tally tally, string format, ulong baseSeed, int count)
    {
        var seed = target.Seeds[c.SeedIndex];
        byte[] bytes = (byte[])seed.Bytes.Clone();
        foreach (var m in c.Mutations) bytes = Mutations.Apply(seed, m, bytes);
        bool unchanged = bytes.AsSpan().SequenceEqual(seed.Bytes);
        string where = $"{format} (MNEMOS_FUZZ_SEED={baseSeed} MNEMOS_FUZZ_COUNT={count}), {seed.Name}, case {c}, input {Mutations.Show(bytes)}";

        (string Shape, float[] Values)? parsed = null;
        InvalidDataException? refused = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            parsed = target.Read(bytes);
        }
        catch (InvalidDataException e)
        {
            refused = e;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{where}: threw {e.GetType().Name} instead of InvalidDataException: {e.Message}", e);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        tally.Inputs++;
        if (parsed is not null) tally.Parsed++;
        else tally.Refused++;
        if (allocated > tally.MaxAllocated) (tally.MaxAllocated, tally.MaxAllocatedInput) = (allocated, bytes.Length);
        long bound = target.BaseBytes + target.BytesPerInputByte * bytes.Length;
        if (allocated > bound) throw new InvalidOperationException($"{where}: allocated {allocated} bytes, over the bound {bound}");

        if (refused is not null)
        {
            string message = refused.Message;
            if (!message.All(ch => ch is >= ' ' and <= '~') || message.Length > 600)
                throw new InvalidOperationException($"{where}: message is not one sanitised line: {Mnemos.Formats.FileText.Escape(message, 800)}");
        }

        var expected = reference[c.SeedIndex];
        if (unchanged || (c.InertOnly && Mutations.Supports(seed, c)))
        {
            Expect(parsed, expected, where, "the seed's");
            tally.InertChecked += unchanged ? 0 : 1;
        }
        else if (c.PayloadOnly && Mutations.Supports(seed, c))
        {
            if (target.PayloadEditRefused)
            {
                if (parsed is not null) throw new InvalidOperationException($"{where}: changed payload was accepted although a checksum covers it");
            }
            else
            {
                Expect(parsed, (expected.Shape, seed.Reference!(bytes)), where, "the reference decode of the changed payload");
            }
            tally.PayloadChecked++;
        }
    }

    static void Expect((string Shape, float[] Values)? parsed, (string Shape, float[] Values) expected, string where, string what)
    {
        if (parsed is not { } p) throw new InvalidOperationException($"{where}: refused, expected {what} result");
        if (p.Shape != expected.Shape) throw new InvalidOperationException($"{where}: shape {p.Shape}, expected {what} {expected.Shape}");
        if (p.Values.Length != expected.Values.Length) throw new InvalidOperationException($"{where}: {p.Values.Length} values, expected {what} {expected.Values.Length}");
        for (int i = 0; i < p.Values.Length; i++)
        {
            float a = p.Values[i], b = expected.Values[i];
            if (!(a.Equals(b) && float.IsNegative(a) == float.IsNegative(b)) && !(float.IsNaN(a) && float.IsNaN(b)))
                throw new InvalidOperationException($"{where}: value {i} is {a:R}, expected {what} {b:R}");
        }
    }

    static void Report(string format, Tally t, FuzzTarget target, TimeSpan elapsed, ulong baseSeed)
    {
        string? path = Environment.GetEnvironmentVariable("MNEMOS_FUZZ_REPORT");
        if (string.IsNullOrEmpty(path)) return;
        string bound = $"{target.BaseBytes} + {target.BytesPerInputByte} x length";
        File.AppendAllText(path, FormattableString.Invariant(
            $"{format}\t{t.Inputs}\t{t.Parsed}\t{t.Refused}\t{t.PayloadChecked}\t{t.InertChecked}\t{t.MaxAllocated}\t{t.MaxAllocatedInput}\t{bound}\t{elapsed.TotalSeconds:F1}\t{baseSeed}\n"));
    }

    /// <summary>FNV-1a of the name: string.GetHashCode changes between runs.</summary>
    static ulong StableHash(string text)
    {
        ulong h = 14695981039346656037;
        foreach (char ch in text) h = (h ^ ch) * 1099511628211;
        return h;
    }
}
