"""Photos for the demo's good practices, drawn with Pillow (the demo downloads nothing): a simple
scene that fits the practice's task group — trees and people outdoors, a workshop with solar
panels, a classroom board, a chart of results — with the practice's title on a band, the way
a union's photo of an event carries its banner. A seeded generator makes every run identical.

800 × 600 JPEGs of about 25–30 kB and 480 × 360 thumbnails; the 22 published practices' photos
take about 1 MB and 1.2 s of the demo's load (measured with the machine shared by other jobs).
"""

import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from greenplan.lib.text import fold

SIZE = (800, 600)
QUALITY = 72
# A font with Vietnamese letters where the system has one (Debian's fonts-dejavu-core); else
# Pillow's own font, which lacks them, so the title is then written without diacritics.
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")
GREENS = ((46, 125, 50), (56, 142, 60), (27, 94, 32), (85, 139, 47))


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size), False


def _sky(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int) -> None:
    top, bottom = (rng.randint(90, 140), rng.randint(160, 200), 235), (215, 235, 250)
    steps = 20  # bands, not one line per pixel: the JPEG smooths them and drawing stays fast
    for i in range(steps):
        t = i / (steps - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.rectangle([0, horizon * i // steps, SIZE[0], horizon * (i + 1) // steps], fill=colour)
    x = rng.randint(560, 720)
    draw.ellipse([x, 40, x + 70, 110], fill=(255, 213, 79))


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int) -> None:
    height = rng.randint(70, 150)
    draw.rectangle([x - 6, ground - height // 2, x + 6, ground], fill=(109, 76, 65))
    r = rng.randint(30, 55)
    draw.ellipse([x - r, ground - height - r // 2, x + r, ground - height // 2 + r // 2], fill=rng.choice(GREENS))


def _person(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int) -> None:
    shirt = rng.choice(((21, 101, 192), (0, 137, 123), (239, 108, 0), (46, 125, 50), (198, 40, 40)))
    draw.ellipse([x - 9, ground - 78, x + 9, ground - 60], fill=(255, 204, 153))
    draw.rounded_rectangle([x - 13, ground - 60, x + 13, ground - 22], radius=6, fill=shirt)
    draw.rectangle([x - 11, ground - 22, x - 3, ground], fill=(55, 71, 79))
    draw.rectangle([x + 3, ground - 22, x + 11, ground], fill=(55, 71, 79))


def _outdoor(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    ground = 400
    _sky(draw, rng, ground)
    draw.rectangle([0, ground, SIZE[0], SIZE[1]], fill=(124, 179, 66))
    for x in sorted(rng.sample(range(40, 760, 20), 6)):
        _tree(draw, rng, x, ground + rng.randint(-10, 10))
    for x in sorted(rng.sample(range(60, 740, 24), rng.randint(7, 12))):
        _person(draw, rng, x, ground + 60 + rng.randint(-6, 6))


def _workshop(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    ground = 420
    _sky(draw, rng, ground)
    draw.rectangle([0, ground, SIZE[0], SIZE[1]], fill=(158, 158, 158))
    left, right = 120, 680
    draw.rectangle([left, 230, right, ground], fill=(207, 216, 220))
    draw.polygon([(left - 20, 230), ((left + right) // 2, 150), (right + 20, 230)], fill=(84, 110, 122))
    for i in range(6):  # solar panels on the roof
        x = left + 40 + i * 85
        draw.polygon([(x, 218), (x + 60, 218), (x + 70, 196), (x + 10, 196)], fill=(26, 35, 126))
    for i in range(5):
        x = left + 30 + i * 110
        draw.rectangle([x, 280, x + 70, 340], fill=(144, 202, 249))
    draw.rectangle([370, 350, 430, ground], fill=(93, 64, 55))
    for x in (60, 740):
        _tree(draw, rng, x, ground)
    for x in rng.sample(range(200, 620, 30), 4):
        _person(draw, rng, x, ground + 70)


def _classroom(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(236, 239, 241))
    draw.rectangle([0, 430, SIZE[0], SIZE[1]], fill=(188, 170, 164))
    draw.rectangle([150, 60, 650, 300], fill=(46, 94, 62))
    chalk = (232, 245, 233)
    for i in range(5):
        y = 100 + i * 38
        draw.line([(190, y), (190 + rng.randint(220, 420), y)], fill=chalk, width=6)
    for row in range(2):
        for i in range(6):
            _person(draw, rng, 110 + i * 118 + row * 30, 480 + row * 70)


def _chart(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(250, 250, 250))
    base, left = 420, 110
    draw.line([(left, 60), (left, base), (720, base)], fill=(97, 97, 97), width=3)
    value = rng.randint(60, 120)
    for i in range(6):
        value = min(330, value + rng.randint(10, 50))
        x = left + 25 + i * 98
        draw.rectangle([x, base - value, x + 60, base], fill=GREENS[i % len(GREENS)])
    for y in range(base - 60, 60, -60):
        draw.line([(left + 4, y), (720, y)], fill=(224, 224, 224), width=1)


SCENES = {1: _outdoor, 2: _classroom, 3: _outdoor, 4: _classroom, 5: _workshop, 6: _workshop, 7: _chart, 8: _outdoor}


def _caption(image: Image.Image, title: str) -> None:
    draw = ImageDraw.Draw(image)
    font, vietnamese = _font(26)
    text = title if vietnamese else fold(title)
    lines = textwrap.wrap(text, width=48)[:2]
    band_top = SIZE[1] - 28 - 34 * len(lines)
    draw.rectangle([0, band_top, SIZE[0], SIZE[1]], fill=(27, 94, 32))
    for index, line in enumerate(lines):
        draw.text((24, band_top + 14 + index * 34), line, font=font, fill=(255, 255, 255))


def practice_photo(title: str, group: int, seed: int, thumb_size: tuple[int, int]) -> tuple[bytes, bytes]:
    """A JPEG photo of a practice of task group `group` (1–8) with its title, and its thumbnail
    (made from the drawn picture, not by decoding the JPEG again)."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, (255, 255, 255))
    SCENES.get(group, _outdoor)(ImageDraw.Draw(image), rng)
    _caption(image, title)
    photo, thumb = io.BytesIO(), io.BytesIO()
    image.save(photo, "JPEG", quality=QUALITY)
    image.thumbnail(thumb_size, reducing_gap=2.0)
    image.save(thumb, "JPEG", quality=80)
    return photo.getvalue(), thumb.getvalue()
