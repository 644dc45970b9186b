"""setuptools' build backend, asking for mypy when ``KABAR_COMPILE=1`` compiles the extractor.

A build requirement that depends on an option has to be reported by the backend (PEP 517's
``get_requires_for_build_wheel``); setup.py runs too late to ask for it.
"""

import os

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 — every hook not changed here

MYPYC = "mypy>=1.10"


def _compiling() -> bool:
    return os.environ.get("KABAR_COMPILE", "").lower() in {"1", "true", "yes"}


def get_requires_for_build_wheel(config_settings=None):
    if _compiling():  # setup.py needs mypyc, so it cannot be run to ask (it sets no others)
        return [MYPYC]
    return _setuptools.get_requires_for_build_wheel(config_settings)


def get_requires_for_build_editable(config_settings=None):
    if _compiling():
        raise RuntimeError("KABAR_COMPILE=1 works with 'pip install .', not an editable install")
    return _setuptools.get_requires_for_build_editable(config_settings)
