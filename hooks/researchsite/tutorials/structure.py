"""Tutorials and their check results as plain dataclasses: what the loader builds, the runner
fills in and the site shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

# Where a step runs when it cannot run in a container; the page shows it with the reason.
RUNS_IN = ("windows", "wsl", "reboot", "hardware", "manual")

# A step's status in a report.
PASSED = "passed"
FAILED = "failed"
NOT_RUN = "not_run"  # checkable, but an earlier step failed (or the container never started)
NOT_CHECKABLE = "not_checkable"  # runs_in: shown to the reader, never run

# A report's status.
ERROR = "error"  # the container could not be started: nothing was checked


@dataclass
class Expect:
    exit: int = 0
    stdout: str | None = None  # Python regular expressions, searched for (re.search, multiline)
    stderr: str | None = None


@dataclass
class FileSpec:
    path: str
    content: str
    mode: str | None = None
    validate: str | None = None  # a command; {path} stands for the file's path


@dataclass
class Step:
    title: str
    line: int  # in the tutorial's YAML, for messages
    text: str = ""
    run: str | None = None
    file: FileSpec | None = None
    service: str | None = None
    ready: int | str | None = None  # a TCP port, or text in the service's output
    runs_in: str | None = None
    reason: str | None = None
    expect: Expect = field(default_factory=Expect)
    timeout: float = 300.0
    name: str | None = None  # a variant's tab label
    variants: list[Step] = field(default_factory=list)
    adapted: str | None = None  # Markdown: how this step differs from its source, shown to the reader
    result: StepResult | None = None  # the latest report's result for this exact step, if any
    # The number of an earlier step edited since the latest check: this step's result, got after
    # that step's earlier version, is not shown as its own (its own digest may still match).
    after_change: int | None = None
    # In each of the tutorial's other images, the latest report's result for this exact step
    # (None where it has none that counts, as for `result`).
    other_results: dict[str, StepResult | None] = field(default_factory=dict)

    @property
    def checkable(self) -> bool:
        return self.runs_in is None and any(x is not None for x in (self.run, self.file, self.service))

    def digest(self) -> str:
        """Identifies what the checker ran, so a result is shown only for the step it was run on."""
        what = {
            "run": self.run,
            "file": asdict(self.file) if self.file else None,
            "service": self.service,
            "ready": self.ready,
            "runs_in": self.runs_in,
            "expect": asdict(self.expect),
        }
        return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Source:
    """What a tutorial comes from (a blog post, a guide), credited near the top of its page."""

    title: str
    url: str | None = None
    author: str | None = None
    text: str | None = None  # Markdown: what was taken from it, in a sentence


@dataclass
class Tutorial:
    id: str
    path: str  # relative to the project root, for messages
    title: str
    image: str  # the first of `images`: the page's steps show their results in it
    steps: list[Step]
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    # Ids of the projects it belongs to, with their lines (the YAML loader's list) for messages.
    projects: list[str] = field(default_factory=list)
    network: bool = True
    capabilities: list[str] = field(default_factory=list)
    # Why capabilities beyond the allow-list (load.ALLOWED_CAPABILITIES) are needed; set only
    # with `privileged: true`, for the page to show.
    privileged_reason: str | None = None
    timeout: float = 1800.0
    sources: list[Source] = field(default_factory=list)
    report: Report | None = None  # the latest report, if any (its image may differ from `image`)
    # Every image the tutorial is checked in (`images:`, or `image:` alone), the first one `image`.
    images: list[str] = field(default_factory=list)
    # The latest report in each of the other images, by image (the first's is `report`).
    other_reports: dict[str, Report] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.images:
            self.images = [self.image]

    def units(self) -> list[tuple[int, Step]]:
        """(step number from 1, step) for each thing the checker reports on: a step, or each variant."""
        return [(number, unit) for number, step in enumerate(self.steps, 1) for unit in (step.variants or [step])]


@dataclass
class StepResult:
    step: int  # the step's number, from 1
    title: str
    status: str  # PASSED, FAILED, NOT_RUN or NOT_CHECKABLE
    variant: str | None = None
    exit_code: int | None = None
    duration: float = 0.0  # seconds
    # The tail of standard output and error, interleaved, for a step that ran (passed or failed);
    # absent from a report ("") when the checker kept none. The page shows it under the step.
    output: str = ""
    reason: str | None = None  # why it failed, was not run or is not checkable
    digest: str = ""


@dataclass
class Report:
    tutorial: str
    image: str
    engine: str
    started: str  # ISO 8601, UTC
    status: str  # PASSED, FAILED or ERROR
    duration: float = 0.0
    message: str | None = None  # why the whole check failed or errored, in a sentence
    steps: list[StepResult] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status != PASSED
