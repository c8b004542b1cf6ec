# Prints matplotlib's viridis at t = 0, 1/8, ..., 1 (the stops in src/Mnemos/Reports/Palette.cs)
# and at the off-stop points checked in tests/Mnemos.Tests/Reports/PaletteTests.cs.
# Run with /usr/bin/python3 (matplotlib 3.6).
from matplotlib import cm

viridis = cm.get_cmap("viridis")


def hex_at(t):
    r, g, b, _ = viridis(t)
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


print("stops:", ", ".join(hex_at(i / 8) for i in range(9)))
for t in (0.0625, 0.3, 0.5625, 0.9):
    print(t, hex_at(t))
