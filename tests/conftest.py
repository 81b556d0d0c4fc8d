import os
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

# Nothing a test does may land in the real user folders (saved scenarios, kiosk logs,
# screenshots and exports): every per-user folder points into one temporary folder.
_USER = tempfile.mkdtemp(prefix="sesame-tests-user-")
for _var, _sub in (("SESAME_DATA", "data"), ("SESAME_LOGS", "logs"), ("SESAME_EXPORTS", "exports"),
                   ("XDG_DATA_HOME", "xdg-data"), ("XDG_STATE_HOME", "xdg-state")):
    os.environ[_var] = os.path.join(_USER, _sub)
