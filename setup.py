"""The one packaging rule pyproject.toml cannot state: the repository's top-level ``models/``
folder (the shipped default models) installs as the subpackage ``cxtext.models``, next to the
automatically found ``cxtext`` packages. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["cxtext", "cxtext.*"]), "cxtext.models"],
    package_dir={"cxtext.models": "models"},
)
