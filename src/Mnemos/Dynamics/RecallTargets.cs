// The truth of a recall read from a file: which stored example each input row came from, as a
// .npy of integers or integral floats of shape (n,) or (n, 1), or text with one integer per line.
// Messages name the row and value but not the file: the caller says which file it was.
using System.Globalization;
using Mnemos.Formats;

namespace Mnemos.Dynamics;

/// <summary>Reads and checks a list of target examples, one per recall input.</summary>
internal static class RecallTargets
{
    /// <summary>
    /// The indices in <paramref name="path"/>: a <c>.npy</c> file (any numeric dtype; every value an
    /// integer) of shape (n,) or (n, 1), else text with one integer per line (blanks around it and a
    /// final newline allowed). Row r is the r-th value, from 0.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">A value is not an integer, a line is empty, the shape is not a column, or the .npy is malformed.</exception>
    public static int[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException("file not found", path);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadText(File.ReadAllText(path));
    }

    /// <summary>Integers one per line, as in a targets text file.</summary>
    /// <exception cref="InvalidDataException">A line is empty or holds something other than an integer.</exception>
    internal static int[] ReadText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.TrimEnd();
        if (body.Length == 0) return [];
        var lines = body.Split('\n');
        var targets = new int[lines.Length];
        for (int row = 0; row < lines.Length; row++)
        {
            string line = lines[row].Trim();
            if (line.Length == 0) throw new InvalidDataException($"row {row} is an empty line: expected one integer per line");
            if (!long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                throw new InvalidDataException($"row {row} holds '{line}': not an integer");
            targets[row] = Narrow(row, value, line);
        }
        return targets;
    }

    static int[] ReadNpy(string path)
    {
        using var stream = File.OpenRead(path);
        var header = Npy.ReadHeader(stream);
        // (n,) reads as 1×n and (n, 1) as n×1; anything else is not one index per row.
        if (!(header.Shape.Length == 1 || header.Shape.Length == 2 && header.Shape[1] == 1))
            throw new InvalidDataException($"shape {Npy.ShapeText(header.Shape)} is not a column: expected (n,) or (n, 1), one index per input row");
        stream.Position = 0;
        var values = Npy.Read(stream).Data;
        var targets = new int[values.Length];
        for (int row = 0; row < values.Length; row++)
        {
            float v = values[row];
            if (!float.IsInteger(v)) throw new InvalidDataException(FormattableString.Invariant($"row {row} holds {v:R}: not an integer"));
            targets[row] = Narrow(row, (long)v, v.ToString("R", CultureInfo.InvariantCulture));
        }
        return targets;
    }

    static int Narrow(int row, long value, string text) => value is >= int.MinValue and <= int.MaxValue ? (int)value
        : throw new InvalidDataException($"row {row} holds {text}: beyond any example index");

    /// <summary>
    /// Checks that <paramref name="targets"/> has one stored row of <paramref name="memory"/> per input
    /// (<paramref name="inputs"/> of them).
    /// </summary>
    /// <exception cref="ArgumentException">The count differs, or a value is not a stored row; the message names the row and value.</exception>
    public static void Check(IReadOnlyList<int> targets, AssociativeMemory memory, int inputs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(memory);
        if (targets.Count != inputs)
            throw new ArgumentException($"{Count(targets.Count, "target")} for {Count(inputs, "input")}: expected one stored-example index per input row");
        for (int row = 0; row < targets.Count; row++)
            if ((uint)targets[row] >= (uint)memory.Count) throw new ArgumentException($"row {row} holds {OutOfRange(targets[row], memory)}");
    }

    /// <summary>"12, but the memory stores 10 examples (0–9)".</summary>
    internal static string OutOfRange(int value, AssociativeMemory memory) =>
        FormattableString.Invariant($"{value}, but the memory stores {Count(memory.Count, "example")} ({(memory.Count == 1 ? "0" : $"0–{memory.Count - 1}")})");

    static string Count(int n, string noun) => FormattableString.Invariant($"{n} {noun}{(n == 1 ? "" : "s")}");
}
