"""Screens: one per way of playing (sandbox, chapters, citizen, compare, kiosk), each a Scene."""
