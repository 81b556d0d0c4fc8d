"""A run's files for a worksheet (the E key): the report's key charts (PNG), the series
(CSV) and the debrief page (PNG), named after the scenario, seed and step."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.lab.export import series_csv
from game.modes import challenge
from game.records.files import atomic_write, file_stem
from game.scenario.library import source_name
from game.ui.drawing import charts, palette
from game.ui.drawing.debrief_page import page as debrief_page
from game.ui.drawing.images import save_png
from game.ui.drawing.report import PAGE, paint_charts


def export_run(model, source: str, seed: int, folder: Path, cover: str = "") -> tuple[Path, Path, Path]:
    """Write the three files into ``folder``; ``cover`` is scenario text the font must draw."""
    stem = f"{file_stem(source_name(source, model.initial_config))}-seed{seed}-step{int(model.steps)}"
    sheet = pygame.Surface((PAGE[0], 720))
    sheet.fill(palette.BACKGROUND)
    paint_charts(sheet, sheet.get_rect().inflate(-40, -40), model, charts.Fonts.default(1.3, cover))
    png = save_png(sheet, folder / f"{stem}-charts.png")
    csv = atomic_write(folder / f"{stem}-series.csv", series_csv(model))
    outcome, progress = challenge.status(model)
    told = save_png(debrief_page(model, outcome, progress, seed, source), folder / f"{stem}-debrief.png")
    return png, csv, told
