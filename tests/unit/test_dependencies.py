"""requirements.lock and pyproject.toml agree, read offline.

The Docker image installs requirements.lock alone (`pip install --require-hashes`), then
the project with `--no-deps --no-build-isolation`. So every runtime dependency and every
build requirement of pyproject.toml must be pinned there, with a hash, at a version its
floor allows; a floor raised past an advisory without `make lock` fails here.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK_PATH = ROOT / "requirements.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")

_HASH = re.compile(r"--hash=sha256:([0-9a-f]+)")


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


def read_lock(text: str) -> dict[str, Pin]:
    """The pins of a `pip-compile --generate-hashes` file, by canonical name."""
    pins: dict[str, Pin] = {}
    logical = re.sub(r"\\\n", " ", text)  # join the continuation lines
    for raw in logical.splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        if not line:
            continue
        assert not line.startswith("-"), f"an option line in the lock file: {line}"
        hashes = tuple(_HASH.findall(line))
        spec = line.split(" --hash=", 1)[0].strip()
        req = Requirement(spec)
        assert not req.extras, f"{req.name}: the lock pins packages, not extras ({line})"
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"not an exact pin: {spec}"
        name = canonicalize_name(req.name)
        assert name not in pins, f"{name} is pinned twice"
        pins[name] = Pin(name, Version(specs[0].version), req.marker, hashes)
    return pins


LOCK = read_lock(LOCK_PATH.read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
BUILD = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]


def test_the_lock_file_reads_and_pins_something() -> None:
    assert len(LOCK) >= len(RUNTIME), sorted(LOCK)


@pytest.mark.parametrize("name", sorted(LOCK))
def test_every_pin_has_sha256_hashes(name: str) -> None:
    pin = LOCK[name]
    assert pin.hashes, f"{name}=={pin.version} has no --hash: pip --require-hashes refuses it"
    for digest in pin.hashes:
        assert len(digest) == 64, f"{name}: {digest} is no sha256"


@pytest.mark.parametrize("req", RUNTIME + BUILD, ids=str)
def test_every_declared_requirement_is_pinned_within_its_floor(req: Requirement) -> None:
    name = canonicalize_name(req.name)
    assert name in LOCK, f"{req} is not in requirements.lock: run `make lock`"
    pin = LOCK[name]
    assert req.specifier.contains(pin.version, prereleases=True), (
        f"requirements.lock pins {name}=={pin.version}, outside {req}: run `make lock`")
    if req.marker is not None:
        assert pin.marker == req.marker, f"{name}: the lock drops the marker `{req.marker}`"


def _extra_requirements(req: Requirement) -> list[Requirement]:
    """What the extras of `req` add, per the installed distribution's metadata."""
    if not req.extras:
        return []
    added = []
    for raw in importlib.metadata.requires(req.name) or []:
        dep = Requirement(raw)
        if dep.marker is None or dep.marker.evaluate({"extra": ""}):
            continue  # a plain dependency of req, locked (and checked) as that package's
        if any(dep.marker.evaluate({"extra": extra}) for extra in req.extras):
            added.append(dep)
    return added


EXTRA_REQUIREMENTS = [(str(parent), extra) for parent in RUNTIME
                      for extra in _extra_requirements(parent)]


@pytest.mark.parametrize(("parent", "req"), EXTRA_REQUIREMENTS, ids=str)
def test_what_an_extra_brings_is_pinned_too(parent: str, req: Requirement) -> None:
    name = canonicalize_name(req.name)
    assert name in LOCK, f"{parent} needs {req}, which requirements.lock lacks"
    assert req.specifier.contains(LOCK[name].version, prereleases=True), (parent, req)


def test_psycopg_binary_is_among_the_extras_checked() -> None:
    assert any(canonicalize_name(r.name) == "psycopg-binary" for _, r in EXTRA_REQUIREMENTS)


def _installed_at_the_pinned_version() -> list[str]:
    found = []
    for name, pin in sorted(LOCK.items()):
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            continue
        if installed == pin.version:
            found.append(name)
    return found


@pytest.mark.parametrize("name", _installed_at_the_pinned_version())
def test_the_lock_holds_what_each_pinned_package_requires(name: str) -> None:
    """Closure, where this machine has the very release pinned to read its metadata."""
    missing = []
    for raw in importlib.metadata.requires(name) or []:
        req = Requirement(raw)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if canonicalize_name(req.name) not in LOCK:
            missing.append(str(req))
    assert not missing, f"{name}=={LOCK[name].version} requires {missing}: run `make lock`"


def test_the_floors_sit_past_the_advisories() -> None:
    """The floors named in the security review; lowering one brings an advisory back."""
    floors = {"orjson": "3.9.15", "starlette": "0.49.1", "h11": "0.16.0", "anyio": "4.4.0",
              "idna": "3.7", "mako": "1.2.2"}
    declared = {canonicalize_name(r.name): r for r in RUNTIME}
    for name, floor in floors.items():
        assert name in declared, f"{name} has no floor in pyproject.toml"
        below = _just_below(Version(floor))
        assert not declared[name].specifier.contains(below, prereleases=True), (
            f"{declared[name]} still admits {name} {below}, before the fix in {floor}")
        assert declared[name].specifier.contains(Version(floor)), declared[name]


def _just_below(version: Version) -> Version:
    """The release just before `version` (3.9.15 -> 3.9.14, 0.16.0 -> 0.15.999)."""
    parts = list(version.release)
    if parts[-1] > 0:
        parts[-1] -= 1
    else:
        parts = [*parts[:-1][:-1], parts[-2] - 1, 999] if len(parts) > 1 else [parts[0] - 1]
    return Version(".".join(map(str, parts)))


def test_the_lock_is_made_for_the_python_of_the_image() -> None:
    image = re.search(r"^FROM python:(\d+\.\d+)", DOCKERFILE, re.MULTILINE)
    made = re.search(r"autogenerated by pip-compile with Python (\d+\.\d+)",
                     LOCK_PATH.read_text(encoding="utf-8"))
    assert image and made, "Dockerfile FROM python:X.Y and the pip-compile header"
    assert image.group(1) == made.group(1), (
        f"the image runs Python {image.group(1)}, the lock was made with {made.group(1)}")


def test_the_image_installs_from_the_lock_file_alone() -> None:
    runs = [" ".join(r.split()) for r in re.findall(r"^RUN ((?:.*\\\n)*.*)$", DOCKERFILE,
                                                     re.MULTILINE)]
    installs = [r for r in runs if "pip install" in r]
    assert any("pip install --require-hashes -r requirements.lock" in r for r in installs)
    for run in installs:
        if "requirements.lock" not in run:
            assert "--no-deps" in run and "--no-build-isolation" in run, (
                f"installs packages that are not in the lock file: {run}")
