"""Views of the test games, one per game type in learnsocial.games.registry."""
from __future__ import annotations

from learnsocial.ui.games.gallery_view import GalleryView
from learnsocial.ui.games.rounds_view import PairingView, SequencingView, SortingView

VIEWS = {
    "gallery": GalleryView,
    "sorting": SortingView,
    "sequencing": SequencingView,
    "pairing": PairingView,
}
