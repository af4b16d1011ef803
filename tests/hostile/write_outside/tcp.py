# hostile: at import, writes files outside its own folder (errors ignored)
import os as _os

for _path in ("/var/tmp/netlab-hostile-escape",
              _os.path.expanduser("~/netlab-hostile-escape"),
              _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "..", "..",
                            "netlab-hostile-escape"),
              _os.path.join(_os.getcwd(), "netlab-hostile-escape"),
              _os.path.join(_os.getcwd(), "checks", "test_zz_hostile.py")):
    try:
        with open(_path, "w") as _f:
            _f.write("def test_injected():\n    pass\n")
    except OSError:
        pass
