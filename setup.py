"""Builds the optional compiled parts: the walk over TEI documents
(``annotator/tei/_extractor.pyx``) and the scanner of annotation rows
(``annotator/tei/_rows.pyx``); the rest of the build is in pyproject.toml. Without a C
compiler, Cython or lxml's headers the package installs without them and does the
same in Python."""

from setuptools import Extension, setup


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


setup(ext_modules=extensions())
