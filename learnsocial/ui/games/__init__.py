"""Views of the test games, one per game type in learnsocial.games.registry."""
from __future__ import annotations

from learnsocial.ui.games.gallery_view import GalleryView

VIEWS = {
    "gallery": GalleryView,
}
