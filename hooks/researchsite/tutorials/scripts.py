"""The shell code the checker sends into a tutorial's container: a prelude once, then one step at a time.

Each step travels as one base64 line to a function that writes it to a file and sources it with
stdin from /dev/null: a command that reads stdin (apt asking "continue?") cannot swallow the
next step, and `cd`, `export`, functions and variables stay in the one shell, as in the reader's
terminal.

What the step prints never reaches the checker's pipe. Its standard output and error go, through
two `tee`s, to files of its own in the output folder (a folder of the checker's, mounted into the
container): `<n>.out`, `<n>.err` and both interleaved in `<n>.all`. A background process the step
started keeps writing to that step's files, never to the next step's. The shell's own pipes are
kept on fds 61-63, closed for the step, and carry only the end-of-step line: a nonce the checker
sends after the step's line (read by the wrapper once the step has returned, so the step never
sees it), the exit code and the phase (`run`, or `validate` for a file's validate command).
Nothing a step prints, and neither `set --` nor `exec 2>&1`, can forge or break that line.
"""

from __future__ import annotations

import base64
import shlex

from .structure import Step

STATE = "/tmp/.tutorial-check"  # inside the container: step scripts, service logs and pids
OUTPUT = "/.tutorial-output"  # inside the container: the checker's output folder, mounted
# How long the wrapper waits for a step's tees to write its last bytes: they end at once unless
# a background process of the step still holds its output (then they go on, into its own files).
TEE_WAIT_TICKS = 20  # of 0.05 s

PRELUDE = rf"""
__rs_dir=${{TUTORIAL_CHECK_DIR:-{STATE}}}  # set only by the tests' fake engine, which has no container
__rs_out=${{TUTORIAL_OUTPUT_DIR:-{OUTPUT}}}
mkdir -p "$__rs_dir"
exec 61>&1 62>&2 63<&0
# The checker is root in the container, where sudo is usually missing: tutorials keep the sudo
# their readers type, and it simply runs the command.
if ! command -v sudo >/dev/null 2>&1; then sudo() {{ "$@"; }}; export -f sudo; fi
__rs_step() {{
  builtin printf '%s' "$2" | base64 -d > "$__rs_dir/step.sh"
  __rs_name=$1
  __rs_phase=run
  builtin set --  # the reader's shell has no arguments
  . "$__rs_dir/step.sh" < /dev/null > >(__rs_tee "$__rs_name" out) 2> >(__rs_tee "$__rs_name" err) 61>&- 62>&- 63<&-
  __rs_status=$?
  # Whatever the step did to its own descriptors (exec 2>&1, exec >/dev/null), the shell's are back.
  exec 0<&63 1>&61 2>&62
  for __rs_tick in $(seq {TEE_WAIT_TICKS}); do
    [ -e "$__rs_out/$__rs_name.out.done" ] && [ -e "$__rs_out/$__rs_name.err.done" ] && break
    sleep 0.05
  done
  IFS= builtin read -r __rs_nonce
  builtin printf '\n%s %d %s\n' "$__rs_nonce" "$__rs_status" "$__rs_phase" >&61
}}
__rs_tee() {{
  # One stream of step $1 into its file and the interleaved one; a mark once it has all of it.
  # Nothing of the shell's pipes: a background process of the step keeps this tee, and so
  # them, open, and the checker would not see the shell end.
  exec 61>&- 62>&- 63<&- >/dev/null 2>&1
  tee -- "$__rs_out/$1.$2" >> "$__rs_out/$1.all" 2>&1
  : > "$__rs_out/$1.$2.done"
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


def step_lines(name: str, script: str, nonce: str) -> str:
    """The step's line, then the nonce the wrapper reads only once the step has returned."""
    encoded = base64.b64encode(script.encode()).decode()
    return f"__rs_step {name} {encoded}\n{nonce}\n"


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
        f"__rs_path={path}",
        'mkdir -p -- "$(dirname -- "$__rs_path")" || return',
        f"printf '%s' '{content}' | base64 -d > \"$__rs_path\" || return",
    ]
    if spec.mode:
        lines.append(f'chmod {spec.mode} "$__rs_path" || return')
    if spec.validate:
        # The phase tells the checker that a failure from here on is the validate command's.
        lines += ["__rs_phase=validate", with_path(spec.validate)]
    return "\n".join(lines) + "\n"


def with_path(command: str) -> str:
    """`command` with each {path} made a reference to $__rs_path that the shell keeps whole,
    whatever quotes the author put around it: none, "{path}", '{path}', or inside a word."""
    out, quote, i = [], None, 0
    while i < len(command):
        char = command[i]
        if command.startswith("{path}", i):
            out.append({None: '"${__rs_path}"', '"': "${__rs_path}", "'": "'\"${__rs_path}\"'"}[quote])
            i += len("{path}")
            continue
        if char == "\\" and quote != "'" and i + 1 < len(command):
            out.append(command[i : i + 2])
            i += 2
            continue
        if char in "'\"" and quote in (None, char):
            quote = None if quote == char else char
        out.append(char)
        i += 1
    return "".join(out)


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
