// Small datasets compiled into the library, so a first run needs no files: ten 5×7 digit glyphs
// and seeded random vectors. Real bundled data lives in data/ and has its own loaders.
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Datasets addressed as <c>builtin:NAME</c>.</summary>
internal static class BuiltinData
{
    /// <summary>Glyph width and height of <c>builtin:digits</c>.</summary>
    public const int GlyphWidth = 5, GlyphHeight = 7;

    // 7 rows of 5 pixels per digit, row after row, '#' = ink.
    static readonly string[] glyphs =
    [
        ".###.#...##..###.#.###..##...#.###.", // 0
        "..#...##....#....#....#....#...###.", // 1
        ".###.#...#....#...#...#...#...#####", // 2
        "#####...#...#.....#.....##...#.###.", // 3
        "...#...##..#.#.#..#.#####...#....#.", // 4
        "######....####.....#....##...#.###.", // 5
        "..##..#...#....####.#...##...#.###.", // 6
        "#####....#...#...#...#....#....#...", // 7
        ".###.#...##...#.###.#...##...#.###.", // 8
        ".###.#...##...#.####....#...#..##..", // 9
    ];

    /// <summary>Names accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["digits", "random16"];

    /// <summary>
    /// <c>digits</c>: the ten digits 0–9 as 5×7 images, ink 1 and paper 0, rows [10 × 35].
    /// <c>random16</c>: 10 vectors of 16 values ~ U[0, 1) from seed 1.
    /// </summary>
    public static Matrix Load(string name) => name switch
    {
        "digits" => Digits(),
        "random16" => Random16(),
        _ => throw new ArgumentException($"unknown built-in dataset '{name}': expected one of {string.Join(", ", Names)}"),
    };

    static Matrix Digits()
    {
        var m = new Matrix(glyphs.Length, GlyphWidth * GlyphHeight);
        for (int i = 0; i < glyphs.Length; i++)
        {
            string g = glyphs[i];
            for (int p = 0; p < g.Length; p++) m[i, p] = g[p] == '#' ? 1f : 0f;
        }
        return m;
    }

    static Matrix Random16()
    {
        var m = new Matrix(10, 16);
        new Rng(1).FillUniform(m.Data, 0, 1);
        return m;
    }
}
