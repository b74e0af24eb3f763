"""The build steps pyproject.toml cannot declare:

* the optional compiled parts: the walk over TEI documents
  (``annotator/tei/_extractor.pyx``, against lxml's headers) and the scanner of
  annotation rows (``annotator/tei/_rows.pyx``). Without a C compiler, Cython or
  lxml's headers the package installs without them and does the same in Python;
* ``resources/`` and ``schemas/``, which stay at the top of the repository, copied
  into the built package as ``annotator/data/resources`` and ``annotator/data/schemas``
  (where ``annotator.resources`` finds them). An editable install reads them from
  the checkout instead.
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# As annotator.resources.DATA_FOLDERS and PACKAGE_DATA (tests/test_packaging.py
# checks they agree: the package cannot be imported while it is being built).
DATA_FOLDERS = ("resources", "schemas")
PACKAGE_DATA = "data"


class BuildWithData(build_py):
    """``build_py`` that also copies DATA_FOLDERS into ``annotator/data/``."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            for source, target in self._data_copies():
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(target) for _source, target in self._data_copies()]

    def _data_copies(self) -> list[tuple[Path, Path]]:
        """(file in the checkout or sdist, its place in the build) for every data file."""
        target = Path(self.build_lib, "annotator", PACKAGE_DATA)
        copies = []
        for folder in DATA_FOLDERS:
            for path in sorted((ROOT / folder).rglob("*")):
                relative = path.relative_to(ROOT)
                if path.is_file() and not any(part.startswith((".", "__pycache__"))
                                               for part in relative.parts):
                    copies.append((path, target / relative))
        return copies


def extensions() -> list[Extension]:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    walk = Extension("annotator.tei._extractor", ["annotator/tei/_extractor.pyx"],
                     include_dirs=lxml.get_include(), optional=True)
    rows = Extension("annotator.tei._rows", ["annotator/tei/_rows.pyx"], optional=True)
    return cythonize([walk, rows], quiet=True)


setup(ext_modules=extensions(), cmdclass={"build_py": BuildWithData})
