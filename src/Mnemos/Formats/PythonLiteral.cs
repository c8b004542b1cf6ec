// A parser for the few Python literals an .npy header uses: dicts, tuples/lists, quoted strings,
// integers (with a legacy 'L' suffix), True, False and None. Anything else is refused.
using System.Text;

namespace Mnemos.Formats;

internal sealed class PythonLiteral
{
    readonly string text;
    int position;

    PythonLiteral(string text) => this.text = text;

    /// <summary>
    /// Returns Dictionary&lt;string, object?&gt; for dicts, List&lt;object?&gt; for tuples and lists,
    /// string, long, bool or null; throws <see cref="InvalidDataException"/> naming the position.
    /// </summary>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.Value(depth: 0);
        parser.SkipSpace();
        if (parser.position != text.Length) throw parser.Bad("unexpected text after the literal");
        return value;
    }

    object? Value(int depth)
    {
        if (depth > 8) throw Bad("literal nested too deeply");
        SkipSpace();
        if (position >= text.Length) throw Bad("literal ends early");
        char c = text[position];
        if (c == '{') return Dict(depth);
        if (c is '(' or '[') return Sequence(depth, c == '(' ? ')' : ']');
        if (c is '\'' or '"') return QuotedString();
        if (c == '-' || char.IsAsciiDigit(c)) return Integer();
        foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
        {
            if (string.CompareOrdinal(text, position, word, 0, word.Length) == 0)
            {
                position += word.Length;
                return value;
            }
        }
        throw Bad($"unexpected character {FileText.Quote([c])}");
    }

    Dictionary<string, object?> Dict(int depth)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++;
        while (true)
        {
            SkipSpace();
            if (Accept('}')) return dict;
            if (Value(depth + 1) is not string key) throw Bad("dict key is not a string");
            SkipSpace();
            if (!Accept(':')) throw Bad("expected ':' after a dict key");
            if (!dict.TryAdd(key, Value(depth + 1))) throw Bad($"dict key {FileText.Quote(key)} appears twice");
            SkipSpace();
            if (Accept('}')) return dict;
            if (!Accept(',')) throw Bad("expected ',' or '}' in a dict");
        }
    }

    List<object?> Sequence(int depth, char close)
    {
        var items = new List<object?>();
        position++;
        while (true)
        {
            SkipSpace();
            if (Accept(close)) return items;
            items.Add(Value(depth + 1));
            SkipSpace();
            if (Accept(close)) return items;
            if (!Accept(',')) throw Bad($"expected ',' or '{close}' in a sequence");
        }
    }

    string QuotedString()
    {
        char quote = text[position++];
        var builder = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            char c = text[position++];
            if (c == '\\')
            {
                if (position >= text.Length) break;
                c = text[position++];
            }
            builder.Append(c);
        }
        if (!Accept(quote)) throw Bad("string is not closed");
        return builder.ToString();
    }

    long Integer()
    {
        int start = position;
        if (text[position] == '-') position++;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        string digits = text[start..position];
        if (position < text.Length && text[position] == 'L') position++;
        if (!long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value))
            throw Bad($"integer {FileText.Escape(digits, FileText.MaxShown)} is not a 64-bit integer");
        return value;
    }

    bool Accept(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }
        return false;
    }

    void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    InvalidDataException Bad(string problem) =>
        new($"header is not a Python literal ({problem} at character {position}): {FileText.Quote(text)}");
}
