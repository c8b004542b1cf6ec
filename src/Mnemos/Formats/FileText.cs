// Showing bytes or text taken from a file inside an error message: quoted, printable ASCII only,
// shortened. Every reader that echoes file content goes through here, so a damaged header can
// never put newlines, terminal escapes or kilobytes of binary on the user's terminal.
using System.Globalization;
using System.Text;

namespace Mnemos.Formats;

internal static class FileText
{
    /// <summary>How many source characters (or bytes) a quote shows before it is cut with "...".</summary>
    public const int MaxShown = 40;

    /// <summary>
    /// <paramref name="text"/> quoted as Python's repr quotes it (single quotes, double when the text
    /// holds ' but no "): printable ASCII as is, the quote and <c>\\</c> escaped, <c>\n \r \t</c>,
    /// <c>\xNN</c> below U+0100, <c>\uNNNN</c> above; cut after <paramref name="max"/> characters
    /// with "..." after the closing quote.
    /// </summary>
    public static string Quote(ReadOnlySpan<char> text, int max = MaxShown)
    {
        var shown = text[..Math.Min(text.Length, max)];
        char quote = shown.Contains('\'') && !shown.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(shown.Length + 8);
        builder.Append(quote);
        AppendEscaped(builder, shown, quote);
        builder.Append(quote);
        if (text.Length > max) builder.Append("...");
        return builder.ToString();
    }

    /// <summary>Raw bytes as <see cref="Quote(ReadOnlySpan{char}, int)"/> shows latin-1 text: 'GIF\x00\xFF'.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes, int max = MaxShown)
    {
        int shown = Math.Min(bytes.Length, max);
        var chars = new char[shown];
        for (int i = 0; i < shown; i++) chars[i] = (char)bytes[i];
        string quoted = Quote(chars);
        return bytes.Length > max ? quoted + "..." : quoted;
    }

    /// <summary>
    /// Text that is mostly ours but may carry file content (a parser's own message): escaped as in
    /// <see cref="Quote(ReadOnlySpan{char}, int)"/> but not quoted, cut after <paramref name="max"/> characters.
    /// </summary>
    public static string Escape(string text, int max = 200)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max) + 4);
        AppendEscaped(builder, text.AsSpan(0, Math.Min(text.Length, max)), quote: null);
        if (text.Length > max) builder.Append("...");
        return builder.ToString();
    }

    /// <summary><paramref name="quote"/>: the quote character to escape, with the backslash; null escapes neither.</summary>
    static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text, char? quote)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\' when quote is not null: builder.Append(@"\\"); break;
                case '\'' or '"' when c == quote: builder.Append('\\').Append(c); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case >= ' ' and <= '~': builder.Append(c); break;
                case < '\u0100': builder.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); break;
                default: builder.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
