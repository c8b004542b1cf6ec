# Prints matplotlib's viridis at t = 0, 1/16, ..., 1 (the stops in src/Mnemos/Reports/Palette.cs),
# the worst channel error of linear interpolation between them over matplotlib's 256 entries,
# and the off-stop colours checked in tests/Mnemos.Tests/Reports/PaletteTests.cs.
# Run with /usr/bin/python3 (matplotlib 3.6).
from matplotlib import cm

viridis = cm.get_cmap("viridis")
N = 16


def rgb_at(t):
    r, g, b, _ = viridis(t)
    return [round(r * 255), round(g * 255), round(b * 255)]


def hex_of(c):
    return "#%02x%02x%02x" % tuple(c)


stops = [rgb_at(i / N) for i in range(N + 1)]
print("stops:", ", ".join(hex_of(c) for c in stops))

worst = 0
for k in range(256):
    t = k / 255
    x = t * N
    i = min(int(x), N - 1)
    f = x - i
    mixed = [round(a + (b - a) * f) for a, b in zip(stops[i], stops[i + 1])]
    worst = max(worst, max(abs(m - e) for m, e in zip(mixed, rgb_at(t))))
print("worst channel error:", worst)

for t in (0.03, 0.3, 0.47, 0.9, 0.97):
    print(t, hex_of(rgb_at(t)))
