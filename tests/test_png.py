"""Screenshots are written by learnsocial.ui.png: a PNG that pygame (and every viewer) reads
back pixel for pixel."""
import random

import pygame

from learnsocial.ui import png


def test_a_screen_saved_as_png_reads_back_pixel_for_pixel(tmp_path):
    pygame.init()
    surface = pygame.Surface((37, 23))  # odd sizes: no row may borrow from the next
    chance = random.Random(7)
    for x in range(37):
        for y in range(23):
            surface.set_at((x, y), (chance.randrange(256), chance.randrange(256),
                                    chance.randrange(256)))
    pygame.draw.rect(surface, (255, 255, 255), (3, 4, 10, 6))
    path = tmp_path / "screen.png"
    png.save(surface, path)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    loaded = pygame.image.load(str(path))
    assert loaded.get_size() == (37, 23)
    assert pygame.image.tobytes(loaded, "RGB") == pygame.image.tobytes(surface, "RGB")
