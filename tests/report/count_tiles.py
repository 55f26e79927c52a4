"""Count the prefecture tiles of a screenshot of the report's first region map.

Usage: count_tiles.py PNG. Prints the number of tiles: connected areas of one
of the map's five fill colours (output/regions.c, map_fill) whose bounding box
is a square of 20 to 120 pixels. Text inside a tile does not split it (the
fill surrounds it). Exit 0 with the count on stdout."""
import sys
from PIL import Image

FILLS = {(0xEE, 0xEE, 0xEE), (0xFE, 0xE5, 0xD9), (0xFC, 0xAE, 0x91), (0xFB, 0x6A, 0x4A),
         (0xA5, 0x0F, 0x15)}

im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
px = im.load()
seen = bytearray(w * h)
tiles = 0
for y in range(h):
    for x in range(w):
        if seen[y * w + x] or px[x, y] not in FILLS:
            continue
        colour = px[x, y]
        stack = [(x, y)]
        seen[y * w + x] = 1
        x0 = x1 = x
        y0 = y1 = y
        while stack:
            cx, cy = stack.pop()
            x0, x1, y0, y1 = min(x0, cx), max(x1, cx), min(y0, cy), max(y1, cy)
            for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                if 0 <= nx < w and 0 <= ny < h and not seen[ny * w + nx] and px[nx, ny] == colour:
                    seen[ny * w + nx] = 1
                    stack.append((nx, ny))
        bw, bh = x1 - x0 + 1, y1 - y0 + 1
        if 20 <= bw <= 120 and 20 <= bh <= 120 and abs(bw - bh) <= 3:
            tiles += 1
print(tiles)
