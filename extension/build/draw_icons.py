"""Draws the extension's icons (extension/icons/icon-N.png): a speech bubble, for a post, with a
tick in it, for a checked one. Run by hand after changing the design; the PNGs are committed.

    .venv/bin/pip install pillow && .venv/bin/python extension/build/draw_icons.py
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 32, 48, 128)
BLUE = (23, 59, 140, 255)
WHITE = (255, 255, 255, 255)
CANVAS = 512  # drawn large once, then scaled down smoothly for each size
OUT = Path(__file__).resolve().parents[1] / "icons"


def draw() -> Image.Image:
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((24, 24, 488, 400), radius=96, fill=BLUE)
    pen.polygon([(120, 380), (120, 490), (240, 380)], fill=BLUE)  # the bubble's tail
    pen.line([(140, 214), (222, 296), (372, 130)], fill=WHITE, width=64, joint="curve")
    for x, y in ((140, 214), (372, 130)):  # round the tick's ends
        pen.ellipse((x - 32, y - 32, x + 32, y + 32), fill=WHITE)
    return image


def main() -> None:
    OUT.mkdir(exist_ok=True)
    big = draw()
    for size in SIZES:
        big.resize((size, size), Image.LANCZOS).save(OUT / f"icon-{size}.png", optimize=True)
        print(OUT / f"icon-{size}.png")


if __name__ == "__main__":
    main()
