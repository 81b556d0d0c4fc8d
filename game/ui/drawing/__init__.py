"""Drawing without widgets: charts, pages (report, debrief), the palette, fonts and the layout grid."""
