"""The options of File > Export Image…: what to include, how the figure looks, the file.

`ImageForm` turns its controls into an `ImageOptions` and remembers them in `Settings`
(format, size, DPI, PDF page, legend, note, theme). What to include defaults to the selection
when there is one, else the visible range; lanes default to the window's grouping.
"""

from __future__ import annotations

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
from nkviewer.qt.export_scope import SCOPE_LABELS, SCOPES, ExportScope
from nkviewer.qt.settings import GROUP_BY, Settings
from nkviewer.qt.window_actions import GROUP_LABELS

FORMATS = {"png": "PNG image", "svg": "SVG drawing", "pdf": "PDF document"}
FORMAT_FILTERS = {fmt: f"{label} (*.{fmt})" for fmt, label in FORMATS.items()}
PAGES = {"fit": "Fitted to the figure", "a4": "A4 landscape", "letter": "Letter landscape"}
THEME_LABELS = {"light": "Light", "dark": "Dark"}
MIN_HEIGHT = 160


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
        self._auto_title = scope.default_title(scope.default_scope())
        self.title_edit = QLineEdit(self._auto_title)
        self.title_edit.setPlaceholderText("No title")
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
        for combo in (self.group_combo, self.theme_combo, self.format_combo, self.page_combo):
            combo.currentIndexChanged.connect(self._on_edit)
        for check in (self.legend_check, self.note_check, self.fit_check):
            check.toggled.connect(self._on_edit)
        for spin in (self.width_spin, self.height_spin, self.dpi_spin):
            spin.valueChanged.connect(self.changed)
        self._update_enabled()
        if self._on_page():
            self._typed_width = self.width_spin.value()

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

    @Slot()
    def _follow_title(self) -> None:
        """A title the user has not edited describes the new content; theirs is kept."""
        if self.title_edit.text().strip() != self._auto_title.strip():
            return
        group = str(self.group_combo.currentData())
        self._auto_title = self._scope_data.default_title(self.scope(), group)
        self.title_edit.setText(self._auto_title)

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
