"""Builds the optional compiled walk (``annotator/tei/_extractor.pyx``); the rest of the
build is in pyproject.toml. Without a C compiler, Cython or lxml's headers the package
installs without it and reads TEI with the same walk in Python."""

from setuptools import Extension, setup


def extensions() -> list[Extension]:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    walk = Extension("annotator.tei._extractor", ["annotator/tei/_extractor.pyx"],
                     include_dirs=lxml.get_include(), optional=True)
    return cythonize([walk], quiet=True)


setup(ext_modules=extensions())
