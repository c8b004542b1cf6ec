// FileText: how error messages show bytes and text taken from a file (quoted, printable ASCII,
// escapes for the rest, cut after 40 characters).
using Mnemos.Formats;

namespace Mnemos.Tests.Formats;

public class FileTextTests
{
    [Theory]
    [InlineData("descr", "'descr'")]
    [InlineData("", "''")]
    [InlineData("a'b", "\"a'b\"")]
    [InlineData("a'b\"c", @"'a\'b""c'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData("tab\tcr\rlf\n", @"'tab\tcr\rlf\n'")]
    [InlineData("\u0000\u001b\u007f\u00ff", @"'\x00\x1B\x7F\xFF'")]
    [InlineData("\u2028\ufffd", @"'\u2028\uFFFD'")]
    public void Quote_shows_printable_ascii_and_escapes_the_rest(string text, string expected)
    {
        Assert.Equal(expected, FileText.Quote(text));
    }

    [Fact]
    public void Quote_cuts_after_40_characters()
    {
        string text = new('x', 41);
        Assert.Equal($"'{new string('x', 40)}'...", FileText.Quote(text));
        Assert.Equal($"'{new string('x', 40)}'", FileText.Quote(text.AsSpan(0, 40)));
        Assert.Equal("'ab'...", FileText.Quote("abc", max: 2));
    }

    [Fact]
    public void Bytes_are_quoted_as_latin1_characters()
    {
        Assert.Equal(@"'RI\x00\xFF'", FileText.Quote([(byte)'R', (byte)'I', 0, 0xFF]));
        Assert.Equal($"'{new string('A', 40)}'...", FileText.Quote(Enumerable.Repeat((byte)'A', 100).ToArray()));
    }

    [Fact]
    public void Escape_keeps_quotes_but_escapes_control_characters_and_cuts()
    {
        Assert.Equal(@"'x' is bad\n at 3", FileText.Escape("'x' is bad\n at 3"));
        Assert.Equal("abc...", FileText.Escape("abcdef", max: 3));
    }
}
