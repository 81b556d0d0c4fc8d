"""The class's projector window (pygame): the only part of the classroom that draws."""
