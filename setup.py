"""Compile the interface's translations (``.po`` → ``.mo``) whenever the package is built.

Everything else about the package is in ``pyproject.toml``. The ``.mo`` files are not kept in
the repository: ``build_py`` writes them from the ``.po`` catalogues, into the build for a wheel
and beside the ``.po`` for an editable install (``pip install -e``), as setuptools asks of build
steps in editable mode.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source_root = Path(__file__).parent / "src"
        for po in sorted((source_root / "approvalnet" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(source_root).with_suffix(".mo")
            target = source_root / relative if self.editable_mode else Path(self.build_lib) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as stream:
                catalog = read_po(stream)
            with target.open("wb") as stream:
                write_mo(stream, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
