"""The records wing: runs saved as data and read back safely. Snapshots, replay records, the
bounded readers for files other people send, and atomic writes."""
