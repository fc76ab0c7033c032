"""The options of File > Export Image…: what to include, how the figure looks, the file.

`ImageForm` turns its controls into an `ImageOptions` and remembers them in `Settings`
(format, size, DPI, PDF page, legend, note, theme). What to include defaults to the selection
when there is one, else the visible range; lanes default to the window's grouping.

The default title says what the figure shows (`ExportScope.default_title`: its lanes and
period). Working it out reads the scope's events (rows taken, lanes assigned, times sorted:
in the 10^5-event memory soak 0.21-0.45 s of the window's turns under load, opening the dialog
and at each change of scope or lanes), so a worker thread works it out (`LatestJob`): the field is
empty, saying "Working out a title…", until it arrives, a request superseded by a newer scope
or grouping is dropped, and a title the user typed meanwhile is kept (the worker's is
dropped). The dialog's preview, Save and Copy wait for it (`title_pending`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nkviewer.export.images import BASE_DPI, DEFAULT_WIDTH, MAX_LAYOUT_PX, MIN_WIDTH, ImageOptions
from nkviewer.model.wording import plural
from nkviewer.qt.background import LatestJob
from nkviewer.qt.export_scope import SCOPE_LABELS, SCOPES, ExportScope
from nkviewer.qt.settings import GROUP_BY, Settings
from nkviewer.qt.window_actions import GROUP_LABELS

FORMATS = {"png": "PNG image", "svg": "SVG drawing", "pdf": "PDF document"}
FORMAT_FILTERS = {fmt: f"{label} (*.{fmt})" for fmt, label in FORMATS.items()}
PAGES = {"fit": "Fitted to the figure", "a4": "A4 landscape", "letter": "Letter landscape"}
THEME_LABELS = {"light": "Light", "dark": "Dark"}
MIN_HEIGHT = 160
#: What the empty title field says while the default title is worked out, and after.
TITLE_PENDING = "Working out a title…"
TITLE_NONE = "No title"


def _combo(items: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for key, label in items.items():
        box.addItem(label, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class ImageForm(QWidget):
    """The option controls; `changed` fires on any edit (the dialog debounces it)."""

    changed = Signal()

    def __init__(
        self, scope: ExportScope, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._typed_width: int | None = None  # the width typed in, while a PDF page sets it
        get = settings.export_choice

        # what to include
        self.scope_group = QButtonGroup(self)
        include = QGroupBox("Include")
        inc = QVBoxLayout(include)
        for i, name in enumerate(SCOPES):
            n = scope.count(name) if name != "visible" or not scope.is_dataset else None
            count = "" if n is None else f" ({plural(n, 'event')})"
            if name == "selection" and not scope.selected:
                count = " (none selected)"
            button = QRadioButton(SCOPE_LABELS[name] + count)
            button.setObjectName(f"scope-{name}")
            button.setEnabled(name != "selection" or bool(scope.selected))
            self.scope_group.addButton(button, i)
            inc.addWidget(button)
        self.scope_group.button(SCOPES.index(scope.default_scope())).setChecked(True)

        # how it looks
        look = QGroupBox("Figure")
        form = QFormLayout(look)
        self._scope_data = scope
        #: The title the form wrote itself: it follows the scope and lanes until edited.
        self._auto_title = ""
        self._title_pending = False  # a default title is being worked out (see the module doc)
        self._title_job = LatestJob("nkviewer-title", self)
        self._title_job.finished.connect(self._on_title)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(TITLE_NONE)
        self.title_edit.setClearButtonEnabled(True)
        self.group_combo = _combo({m: GROUP_LABELS[m] for m in GROUP_BY}, scope.group_by)
        self.theme_combo = _combo(THEME_LABELS, get("theme", "light"))
        self.legend_check = QCheckBox("Legend")
        self.legend_check.setChecked(get("legend", True))
        self.note_check = QCheckBox("Source note")
        self.note_check.setToolTip('"N events from M articles" under the figure')
        self.note_check.setChecked(get("source_note", True))
        checks = QHBoxLayout()
        checks.addWidget(self.legend_check)
        checks.addWidget(self.note_check)
        checks.addStretch(1)
        form.addRow("Title:", self.title_edit)
        form.addRow("Lanes:", self.group_combo)
        form.addRow("Theme:", self.theme_combo)
        form.addRow("Show:", checks)

        # the file
        out = QGroupBox("File")
        ff = QFormLayout(out)
        self.format_combo = _combo(FORMATS, get("format", "png"))
        self.width_spin = self._spin(MIN_WIDTH, MAX_LAYOUT_PX, get("width", DEFAULT_WIDTH), " px")
        self.width_spin.setSingleStep(100)
        self.fit_check = QCheckBox("Fit lanes")
        self.fit_check.setToolTip("As tall as the lanes need for every label to get its row")
        self.fit_check.setChecked(get("fit_height", True))
        self.height_spin = self._spin(MIN_HEIGHT, MAX_LAYOUT_PX, get("height", 900), " px")
        self.height_spin.setSingleStep(100)
        height = QHBoxLayout()
        height.addWidget(self.height_spin, 1)
        height.addWidget(self.fit_check)
        self.dpi_spin = self._spin(36, 1200, get("dpi", BASE_DPI), " DPI")
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setToolTip(
            "Resolution of a PNG and of a copied image (300 for print); SVG and PDF are vector"
        )
        # A PDF is printed: an A4 landscape page unless the user chose otherwise.
        self.page_combo = _combo(PAGES, get("page", "a4"))
        also = QHBoxLayout()
        self.also_checks: dict[str, QCheckBox] = {}
        for fmt in FORMATS:
            check = QCheckBox(fmt.upper())
            check.setObjectName(f"also-{fmt}")
            check.setToolTip(f"Save a {FORMATS[fmt]} with the same name as well")
            check.setChecked(get(f"also_{fmt}", False))
            self.also_checks[fmt] = check
            also.addWidget(check)
        also.addStretch(1)
        ff.addRow("Format:", self.format_combo)
        ff.addRow("Width:", self.width_spin)
        ff.addRow("Height:", height)
        ff.addRow("Resolution:", self.dpi_spin)
        ff.addRow("PDF page:", self.page_combo)
        ff.addRow("Also save:", also)

        lay = QHBoxLayout(self)  # three columns under the preview: wide figures get the width
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        inc.addStretch(1)
        for box, stretch in ((include, 0), (look, 1), (out, 1)):
            lay.addWidget(box, stretch)

        self.scope_group.idToggled.connect(self._on_scope)
        self.group_combo.currentIndexChanged.connect(self._follow_title)
        for check in self.also_checks.values():
            check.toggled.connect(self._update_enabled)
        self.title_edit.textChanged.connect(self.changed)
        self.title_edit.textEdited.connect(self._on_title_typed)
        for combo in (self.group_combo, self.theme_combo, self.format_combo, self.page_combo):
            combo.currentIndexChanged.connect(self._on_edit)
        for check in (self.legend_check, self.note_check, self.fit_check):
            check.toggled.connect(self._on_edit)
        for spin in (self.width_spin, self.height_spin, self.dpi_spin):
            spin.valueChanged.connect(self.changed)
        self._update_enabled()
        if self._on_page():
            self._typed_width = self.width_spin.value()
        self._ask_title()

    @staticmethod
    def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(min(max(value, low), high))
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        spin.setKeyboardTracking(False)  # typing "3000" is one change, not four
        return spin

    @Slot(int, bool)
    def _on_scope(self, _id: int, checked: bool) -> None:
        if checked:  # one signal per choice, not one for the button turned off
            self._follow_title()
            self.changed.emit()

    def _follows(self) -> bool:
        """Whether the title shown is the form's own (not one the user typed)."""
        return self.title_edit.text().strip() == self._auto_title.strip()

    @Slot()
    def _follow_title(self) -> None:
        """A title the user has not edited describes the new content; theirs is kept. The
        old one goes at once (it describes other events) and the new one comes from the
        worker."""
        if not self._follows():
            return
        self._auto_title = ""
        self._ask_title()
        self.title_edit.setText("")

    def _ask_title(self) -> None:
        """Work out the default title for the scope and lanes chosen, in the worker thread
        (superseding any request in flight); `_on_title` fills it in."""
        self._title_pending = True
        self.title_edit.setPlaceholderText(TITLE_PENDING)
        group = str(self.group_combo.currentData())
        self._title_job.request(work_out_title, self._scope_data, self.scope(), group)

    def title_pending(self) -> bool:
        """Whether the default title is being worked out (the figure waits for it)."""
        return self._title_pending

    @Slot(str)
    def _on_title_typed(self, _text: str) -> None:
        if self._title_pending:  # the user's title it is: the one worked out is not wanted
            self._title_job.cancel()
            self._title_pending = False
            self.title_edit.setPlaceholderText(TITLE_NONE)

    @Slot(object)
    def _on_title(self, future: Future[str | None]) -> None:
        """The default title worked out: shown unless the user has typed their own since."""
        if not self._title_pending:
            return
        self._title_pending = False
        self.title_edit.setPlaceholderText(TITLE_NONE)
        exc = future.exception()
        if exc is not None:  # a bug: the exception dialog, and the corpus' name as the title
            sys.excepthook(type(exc), exc, exc.__traceback__)
            title: str | None = self._scope_data.title
        else:
            title = future.result()
        if title is not None and self._follows():
            self._auto_title = title
            if title != self.title_edit.text():
                self.title_edit.setText(title)  # `changed` follows
                self.title_edit.setCursorPosition(0)  # its beginning shown, as typed titles
                return
        self.changed.emit()  # the figure waited for the title: it can be laid out now

    def shutdown(self) -> None:
        """Let the title's worker thread end (the dialog closes)."""
        self._title_job.shutdown()

    @Slot()
    def _on_edit(self) -> None:
        # A PDF page sets the width (and shows it): keep the typed one for when it does not.
        if self._on_page() and self._typed_width is None:
            self._typed_width = self.width_spin.value()
        elif not self._on_page() and self._typed_width is not None:
            _set_quietly(self.width_spin, self._typed_width)
            self._typed_width = None
        self._update_enabled()
        self.changed.emit()

    def _on_page(self) -> bool:
        return self.format() == "pdf" and self.page_combo.currentData() != "fit"

    def _update_enabled(self) -> None:
        pdf = self.format() == "pdf"
        on_page = self._on_page()
        self.page_combo.setEnabled(pdf)
        self.width_spin.setEnabled(not on_page)
        self.fit_check.setEnabled(not on_page)
        self.height_spin.setEnabled(not on_page and not self.fit_check.isChecked())
        for fmt, check in self.also_checks.items():
            check.setEnabled(fmt != self.format())
        tip = "Set by the page: the figure fills its printable width" if on_page else ""
        self.width_spin.setToolTip(tip)
        self.height_spin.setToolTip(tip)

    # ------------------------------------------------------------------ values

    def scope(self) -> str:
        return SCOPES[max(0, self.scope_group.checkedId())]

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def dpi(self) -> int:
        return self.dpi_spin.value()

    def title(self) -> str:
        return self.title_edit.text().strip()

    def also_formats(self) -> list[str]:
        """The other formats to write beside the chosen one (same name, own extension)."""
        main = self.format()
        return [f for f, check in self.also_checks.items() if check.isChecked() and f != main]

    def options(self, time_range: tuple[float, float] | None) -> ImageOptions:
        """The figure these controls ask for (`time_range`: from the scope)."""
        on_page = self._on_page()
        return ImageOptions(
            width=None if on_page else self.width_spin.value(),
            height=None if on_page or self.fit_check.isChecked() else self.height_spin.value(),
            dpi=self.dpi() if self.format() == "png" else BASE_DPI,
            title=self.title(),
            legend=self.legend_check.isChecked(),
            source_note=self.note_check.isChecked(),
            theme=str(self.theme_combo.currentData()),
            group_by=str(self.group_combo.currentData()),
            time_range=time_range,
            page=str(self.page_combo.currentData()),
        )

    def show_layout(self, width: int, height: int) -> None:
        """Show the size the figure got where it was not typed in: the height while "Fit lanes"
        is on, the width on a PDF page (without a change signal)."""
        on_page = self._on_page()
        shown = [(self.height_spin, height)] if self.fit_check.isChecked() else []
        if on_page:
            shown.append((self.width_spin, width))
        for spin, value in shown:
            _set_quietly(spin, value)

    def remember(self) -> None:
        """Keep these choices for the next export (and for Edit > Copy Image)."""
        put = self.settings.set_export_choice
        put("format", self.format())
        put("width", self._typed_width or self.width_spin.value())
        put("fit_height", self.fit_check.isChecked())
        put("height", self.height_spin.value())
        put("dpi", self.dpi())
        put("page", str(self.page_combo.currentData()))
        put("legend", self.legend_check.isChecked())
        put("source_note", self.note_check.isChecked())
        put("theme", str(self.theme_combo.currentData()))
        for fmt, check in self.also_checks.items():
            put(f"also_{fmt}", check.isChecked())


def work_out_title(
    cancelled: Callable[[], bool], scope: ExportScope, name: str, group_by: str
) -> str | None:
    """The default title of scope `name` grouped by `group_by` (the title's worker thread);
    None when a newer request superseded this one before it began."""
    if cancelled():
        return None
    return scope.default_title(name, group_by)


def _set_quietly(spin: QSpinBox, value: int) -> None:
    spin.blockSignals(True)
    spin.setValue(min(max(value, spin.minimum()), spin.maximum()))
    spin.blockSignals(False)


def remembered_options(
    settings: Settings, *, group_by: str, title: str, time_range: tuple[float, float] | None
) -> ImageOptions:
    """The figure of the last export's choices, as a PNG (Edit > Copy Image)."""
    get = settings.export_choice
    width = min(max(get("width", DEFAULT_WIDTH), MIN_WIDTH), MAX_LAYOUT_PX)
    height = min(max(get("height", 900), MIN_HEIGHT), MAX_LAYOUT_PX)
    theme = get("theme", "light")
    return ImageOptions(
        width=width,
        height=None if get("fit_height", True) else height,
        dpi=min(max(get("dpi", BASE_DPI), 36), 1200),
        title=title,
        legend=get("legend", True),
        source_note=get("source_note", True),
        theme=theme if theme in THEME_LABELS else "light",
        group_by=group_by,
        time_range=time_range,
    )
