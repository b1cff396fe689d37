"""Read `content/tutorials/<id>.yml` into Tutorials, every problem located as `path:line`.

The JSON Schema catches unknown keys and wrong types; this module checks what a schema says
badly: which keys go together, that regular expressions compile, that ids are usable.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..load.schema import check
from ..load.yamlfile import Located, read_yaml
from ..structure.problems import Problem
from .structure import Expect, FileSpec, Source, Step, Tutorial

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Pages the site has under /tutorials/ besides the tutorials: a tutorial with this id would take its URL.
RESERVED_IDS = {"index": "the list of tutorials", "checking": "the page on how tutorials are checked"}
ACTIONS = ("run", "file", "service")
DEFAULT_STEP_TIMEOUT = 300.0
DEFAULT_TUTORIAL_TIMEOUT = 1800.0
# Capabilities a tutorial may ask for without `privileged: true`: each opens one kind of thing a
# networking or systems tutorial does (interfaces and routes, raw sockets and captures, ports
# below 1024, tracing its own processes, priorities, locked memory, broadcast), and none gives
# the container's root a way out to the host. SYS_ADMIN (mount, namespaces, much of the rest),
# SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH, BPF and ALL do, so they need a reason on the page.
ALLOWED_CAPABILITIES = frozenset({
    "NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE", "NET_BROADCAST", "SYS_PTRACE", "SYS_NICE",
    "IPC_LOCK", "AUDIT_WRITE", "SYS_CHROOT", "MKNOD", "SETFCAP",
})


def tutorial_paths(tutorials_dir: Path) -> list[Path]:
    return sorted([*tutorials_dir.glob("*.yml"), *tutorials_dir.glob("*.yaml")])


def load_tutorial_files(paths: list[Path], root: Path) -> tuple[list[Tutorial], list[Problem]]:
    """The tutorials that are right, and every problem in the others (a file is all or nothing)."""
    tutorials, problems, seen = [], [], {}
    for path in paths:
        tutorial, found = load_tutorial(path, root)
        problems += found
        if tutorial is None:
            continue
        if tutorial.id in seen:
            problems.append(Problem(tutorial.path, None, f"a tutorial with id '{tutorial.id}' is already in {seen[tutorial.id]}"))
            continue
        seen[tutorial.id] = tutorial.path
        tutorials.append(tutorial)
    return tutorials, problems


def load_tutorial(path: Path, root: Path) -> tuple[Tutorial | None, list[Problem]]:
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data, problems = read_yaml(path, root)
    if data is None and not problems:
        return None, [Problem(shown, None, "the file is empty")]
    problems += check(data, "tutorial", shown)
    if not isinstance(data, Located):
        return None, problems
    if not ID.match(path.stem):
        problems.append(Problem(shown, None, f"the file name '{path.stem}' is the tutorial's id: use lowercase letters, digits and dashes"))
    elif path.stem in RESERVED_IDS:
        problems.append(Problem(shown, None, f"the id '{path.stem}' is the address of {RESERVED_IDS[path.stem]}: rename the file"))
    steps = []
    for index, raw in enumerate(data.get("steps") or []):
        if not isinstance(raw, Located):
            continue  # the schema said so already
        step, found = _step(raw, shown, index + 1)
        problems += found
        steps.append(step)
    problems += _privileges(data, shown)
    images, found = _images(data, shown)
    problems += found
    if problems:
        return None, problems
    tutorial = Tutorial(
        id=path.stem,
        path=shown,
        title=data["title"],
        image=images[0],
        images=images,
        steps=steps,
        summary=data.get("summary", ""),
        tags=list(data.get("tags", [])),
        projects=data.get("projects") or [],
        network=data.get("network", True),
        capabilities=list(data.get("capabilities", [])),
        privileged_reason=data.get("privileged_reason") if data.get("privileged") else None,
        timeout=seconds(data.get("timeout"), DEFAULT_TUTORIAL_TIMEOUT),
        sources=[Source(s["title"], s.get("url"), s.get("author"), s.get("text")) for s in data.get("sources") or []],
    )
    return tutorial, []


def _images(data: Located, path: str) -> tuple[list[str], list[Problem]]:
    """`image: X` or `images: [X, Y]` (X is the one the page's steps show), never both, no repeats."""
    if "image" in data and "images" in data:
        return [], [Problem(path, data.line_of("images"), "give image (one) or images (a list), not both")]
    if "image" not in data and "images" not in data:
        return [], [Problem(path, data.line, "the file: missing required key 'image' (or images, a list)")]
    if "image" in data:
        return ([data["image"]] if isinstance(data["image"], str) else []), []
    images = [image for image in data["images"] or [] if isinstance(image, str)] if isinstance(data["images"], list) else []
    if not images:
        return [], [] if isinstance(data["images"], list) and data["images"] else \
            [Problem(path, data.line_of("images"), "images is empty: give at least one image")]
    problems, seen = [], {}
    for image in images:
        slug = image_slug(image)
        if slug in seen:
            same = "twice" if seen[slug] == image else f"and {seen[slug]}, which share the report name '{slug}'"
            problems.append(Problem(path, data.line_of("images"), f"images lists {image} {same}: list each image once"))
        seen.setdefault(slug, image)
    return images, problems


def image_slug(image: str) -> str:
    """debian:bookworm as debian-bookworm: how an image is named in a report's file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", image).strip("-")


def _privileges(data: Located, path: str) -> list[Problem]:
    """Capabilities beyond the allow-list only with `privileged: true` and a reason."""
    problems = []
    privileged = data.get("privileged") is True
    if privileged and not data.get("privileged_reason"):
        problems.append(Problem(path, data.line_of("privileged"), "privileged: true needs a privileged_reason, shown to the reader"))
    if data.get("privileged_reason") and not privileged:
        problems.append(Problem(path, data.line_of("privileged_reason"), "privileged_reason without privileged: true"))
    wide = [c for c in data.get("capabilities") or [] if isinstance(c, str) and c not in ALLOWED_CAPABILITIES]
    if wide and not privileged:
        allowed = ", ".join(sorted(ALLOWED_CAPABILITIES))
        problems.append(Problem(path, data.line_of("capabilities"), f"capabilities {', '.join(wide)} go beyond what a tutorial "
                                f"gets without privileges ({allowed}); add privileged: true and a privileged_reason, or drop them"))
    return problems


def seconds(value: object, default: float = DEFAULT_STEP_TIMEOUT) -> float:
    """90, '90s', '10m' or '1h' as seconds; the default for anything else (the schema reports it)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = re.fullmatch(r"([1-9][0-9]*)(s|m|h)?", str(value))
    if not match:
        return default
    return float(match[1]) * {"s": 1, "m": 60, "h": 3600, None: 1}[match[2]]


def _step(raw: Located, path: str, number: int) -> tuple[Step, list[Problem]]:
    problems = []
    variants = []
    if "variants" in raw:
        for key in (*ACTIONS, "runs_in", "reason", "ready", "expect"):
            if key in raw:
                problems.append(Problem(path, raw.line_of(key), f"step {number}: '{key}' goes inside each variant, not beside 'variants'"))
        for item in raw.get("variants") or []:
            if isinstance(item, Located):
                variant, found = _body(item, path, f"step {number}, variant '{item.get('name')}'", raw.get("timeout"))
                variant.title = raw.get("title", "")
                problems += found
                variants.append(variant)
        checkable = [v for v in variants if v.checkable]
        if len(checkable) > 1:
            names = ", ".join(f"'{v.name}'" for v in checkable)
            problems.append(
                Problem(path, raw.line_of("variants"), f"step {number}: only one variant can be checked in the tutorial's image, "
                        f"but {names} all can; give the others runs_in and a reason")
            )
        step = Step(title=raw.get("title", ""), line=raw.line, text=raw.get("text", ""), variants=variants,
                    adapted=raw.get("adapted"))
        return step, problems
    step, problems = _body(raw, path, f"step {number}", None)
    return step, problems


def _body(raw: Located, path: str, name: str, default_timeout) -> tuple[Step, list[Problem]]:
    """A step, or one variant of a step: its action and what is expected of it."""
    problems = []
    actions = [key for key in ACTIONS if key in raw]
    if len(actions) > 1:
        problems.append(Problem(path, raw.line_of(actions[1]), f"{name}: give one of run, file or service, not {' and '.join(actions)}"))
    if not actions and "runs_in" not in raw:
        problems.append(
            Problem(path, raw.line, f"{name}: nothing to do; give one of run, file, service, variants, or runs_in with a reason")
        )
    if "runs_in" in raw and "reason" not in raw:
        problems.append(Problem(path, raw.line_of("runs_in"), f"{name}: runs_in needs a reason, shown to the reader"))
    if "reason" in raw and "runs_in" not in raw:
        problems.append(Problem(path, raw.line_of("reason"), f"{name}: a reason says why a step cannot run in a container: add runs_in"))
    if "ready" in raw and "service" not in raw:
        problems.append(Problem(path, raw.line_of("ready"), f"{name}: ready is for a service"))
    if "expect" in raw and not actions:
        problems.append(Problem(path, raw.line_of("expect"), f"{name}: expect needs a run, file or service to check"))
    expect = Expect()
    wanted = raw.get("expect")
    if isinstance(wanted, Located):
        for stream in ("stdout", "stderr"):
            pattern = wanted.get(stream)
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error as error:
                    problems.append(Problem(path, wanted.line_of(stream), f"{name}: expect.{stream} is not a valid regular expression: {error}"))
        expect = Expect(exit=wanted.get("exit", 0), stdout=wanted.get("stdout"), stderr=wanted.get("stderr"))
    spec = raw.get("file")
    file = None
    if isinstance(spec, Located) and {"path", "content"} <= spec.keys():
        file = FileSpec(spec["path"], spec["content"], spec.get("mode"), spec.get("validate"))
    timeout = raw.get("timeout", default_timeout)
    step = Step(
        title=raw.get("title", ""),
        line=raw.line,
        text=raw.get("text", ""),
        run=raw.get("run"),
        file=file,
        service=raw.get("service"),
        ready=raw.get("ready"),
        runs_in=raw.get("runs_in"),
        reason=raw.get("reason"),
        expect=expect,
        timeout=seconds(timeout),
        name=raw.get("name"),
        adapted=raw.get("adapted"),
    )
    return step, problems
