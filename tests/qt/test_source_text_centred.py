"""The event's sentence stays in view when the Source panel is laid out again after it was
centred on it (the click that fills the panel also shows its dock, which then gets its final
size: the sentence ended up below the fold); once the reader scrolls, a resize leaves the
view where the reader put it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nkviewer.qt.source_text import SourceText

PARAGRAPH = "Paragraph {} of a long article, with words enough to wrap."
TEXT = "\n\n".join(PARAGRAPH.format(i) for i in range(200))


def shown_text(qtbot: QtBot) -> SourceText:
    text = SourceText()
    qtbot.addWidget(text)
    text.setPlainText(TEXT)
    text.resize(400, 120)
    text.show()
    qtbot.waitExposed(text)
    return text


def cursor_in_view(text: SourceText) -> bool:
    return text.viewport().rect().contains(text.cursorRect())


def test_the_centred_sentence_stays_in_view_through_a_resize(qtbot: QtBot) -> None:
    text = shown_text(qtbot)
    text.centre_on(TEXT.index("Paragraph 150 "))
    assert cursor_in_view(text)
    text.resize(400, 700)  # the panel's final size: the sentence was then below the fold
    qtbot.waitUntil(lambda: cursor_in_view(text))
    middle = text.viewport().rect().center().y()
    assert abs(text.cursorRect().center().y() - middle) < text.viewport().height() / 4


def test_after_the_reader_scrolls_a_resize_keeps_the_readers_view(qtbot: QtBot) -> None:
    text = shown_text(qtbot)
    text.centre_on(TEXT.index("Paragraph 150 "))
    bar = text.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the reader goes back to the top
    assert bar.value() == 0
    text.resize(400, 700)
    qtbot.wait(50)
    assert bar.value() == 0
