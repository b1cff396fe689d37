"""The shell code the checker sends into a tutorial's container: a prelude once, then one line per step.

Each step travels as one base64 line to a function that writes it to a file and sources it with
stdin from /dev/null: a command that reads stdin (apt asking "continue?") cannot swallow the
next step, and `cd`, `export`, functions and variables stay in the one shell, as in the reader's
terminal. After the step, the function prints a token and the exit code on stdout, and the token
on stderr, so the checker knows where the step's output ends on both streams.
"""

from __future__ import annotations

import base64
import shlex

from .structure import Step

STATE = "/tmp/.tutorial-check"  # inside the container: step scripts, service logs and pids

PRELUDE = rf"""
__rs_dir=${{TUTORIAL_CHECK_DIR:-{STATE}}}  # set only by the tests' fake engine, which has no container
mkdir -p "$__rs_dir"
# The checker is root in the container, where sudo is usually missing: tutorials keep the sudo
# their readers type, and it simply runs the command.
if ! command -v sudo >/dev/null 2>&1; then sudo() {{ "$@"; }}; export -f sudo; fi
__rs_step() {{
  printf '%s' "$2" | base64 -d > "$__rs_dir/step.sh"
  . "$__rs_dir/step.sh" < /dev/null
  __rs_status=$?
  printf '\n%s %d\n' "$1" "$__rs_status"
  printf '\n%s\n' "$1" >&2
}}
__rs_listening() {{
  # /proc rather than ss or netstat, which minimal images lack; state 0A is LISTEN.
  grep -qE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null
}}
__rs_service_ended() {{
  cat "$2"; wait "$1"; __rs_exit=$?
  echo "the service ended before it was ready (exit $__rs_exit)" >&2
  return $(( __rs_exit ? __rs_exit : 1 ))
}}
__rs_stop_services() {{
  for __rs_pid in "$__rs_dir"/service-*.pid; do
    [ -e "$__rs_pid" ] && kill -TERM -- "-$(cat "$__rs_pid")" 2>/dev/null
  done
  return 0
}}
"""


def step_line(token: str, script: str) -> str:
    encoded = base64.b64encode(script.encode()).decode()
    return f"__rs_step {token} {encoded}\n"


def script_for(step: Step, number: int) -> str:
    """What the shell sources for a checkable step (or one variant of it)."""
    if step.run is not None:
        return step.run
    if step.file is not None:
        return file_script(step)
    return service_script(step, number)


def quoted_path(path: str) -> str:
    # A reader's ~/ means the home folder; quoting alone would keep the tilde.
    if path.startswith("~/"):
        return '"$HOME"/' + shlex.quote(path[2:])
    return shlex.quote(path)


def file_script(step: Step) -> str:
    spec = step.file
    path = quoted_path(spec.path)
    content = base64.b64encode(spec.content.encode()).decode()
    lines = [
        f'mkdir -p -- "$(dirname -- {path})" || return',
        f"printf '%s' '{content}' | base64 -d > {path} || return",
    ]
    if spec.mode:
        lines.append(f"chmod {spec.mode} {path} || return")
    if spec.validate:
        lines.append(spec.validate.replace("{path}", path))
    return "\n".join(lines) + "\n"


def service_script(step: Step, number: int) -> str:
    log, pid = f'"$__rs_dir/service-{number}.log"', f'"$__rs_dir/service-{number}.pid"'
    if isinstance(step.ready, int):
        ready = f"__rs_listening {step.ready}"
    elif isinstance(step.ready, str):
        ready = f"grep -qF -- {shlex.quote(step.ready)} {log}"
    else:
        ready = "sleep 1"  # nothing to wait for: alive a second later is as ready as it gets
    # setsid makes the service a process group, so stopping it stops what it started too.
    # The log exists before the service starts, so waiting on it never reads a missing file.
    return f""": > {log}
setsid bash -c {shlex.quote(step.service)} >> {log} 2>&1 < /dev/null &
__rs_service=$!
echo "$__rs_service" > {pid}
until {ready}; do
  kill -0 "$__rs_service" 2>/dev/null || {{ __rs_service_ended "$__rs_service" {log}; return; }}
  sleep 0.2
done
kill -0 "$__rs_service" 2>/dev/null || {{ __rs_service_ended "$__rs_service" {log}; return; }}
cat {log}
"""
