"""Colours of the source text's highlights for one theme, taken from the shared palette.

Entity colours (displaCy's) and the date underline come from `nkviewer.model.palette`; the
sentence emphasis and the grey of scraped junk are derived from the palette's theme so the
panel matches the timeline in light and dark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nkviewer.model import palette


@dataclass(frozen=True)
class HighlightColours:
    theme: str
    entity_text: str
    timex: str  # underline of every temporal expression
    timex_event: str  # underline of the event's own expression
    sentence: str  # background of the event's sentence
    junk: str  # foreground of scraped boilerplate
    _entities: dict[str, str] = field(default_factory=dict)

    def entity(self, label: str) -> str:
        return self._entities.get(label.upper()) or palette.entity_color(label, self.theme)


def highlight_colours(theme: str) -> HighlightColours:
    t = palette.theme(theme)
    dark = theme == "dark"
    return HighlightColours(
        theme=theme,
        entity_text=palette.entity_text_color(theme),
        timex=palette.timex_underline_color(theme),
        timex_event=t.selection,
        sentence="#4b4424" if dark else "#fff1a8",
        junk="#676d75" if dark else "#a3a8b0",
        _entities=palette.entity_colors(theme),
    )
