"""Parts of a screen: pygame_gui windows and panels, and the hand-drawn society, legend and inspector."""
