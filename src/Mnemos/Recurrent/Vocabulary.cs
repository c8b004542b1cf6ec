// Words of a text as token indices: the vocabulary is the distinct whitespace-separated words in
// order of first appearance, so "a b a" is tokens [0, 1, 0] over ["a", "b"].
namespace Mnemos.Recurrent;

/// <summary>The distinct words of a text and the text as token indices.</summary>
internal sealed class Vocabulary
{
    readonly string[] words;
    readonly Dictionary<string, int> index;

    Vocabulary(string[] words)
    {
        this.words = words;
        index = words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Words => words;

    public int Count => words.Length;

    /// <summary>The vocabulary of <paramref name="text"/> and the text as tokens; needs at least two distinct words.</summary>
    public static (Vocabulary Vocabulary, int[] Tokens) FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] split = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var distinct = split.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length < 2)
            throw new ArgumentException($"text '{Shorten(text)}' has {distinct.Length} distinct word(s): needs at least 2");
        var vocabulary = new Vocabulary(distinct);
        return (vocabulary, split.Select(w => vocabulary.index[w]).ToArray());
    }

    /// <summary>The words of <paramref name="tokens"/> joined by spaces.</summary>
    public string Join(IEnumerable<int> tokens) => string.Join(' ', tokens.Select(t => words[t]));

    static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
