import os

# Settings read the environment at import: tests get a throwaway key and their own data directory.
os.environ.setdefault("CHITIEU_TESTING", "1")
os.environ.setdefault("CHITIEU_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "chitieu-tests"))
