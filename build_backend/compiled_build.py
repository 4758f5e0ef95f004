"""The compiled build's `build_ext`: a profile-guided second pass with gcc (issue 13).

The extensions (mypyc's library and the native core's kernels) are built once instrumented (`-fprofile-generate`),
that build cleans the README's sample texts (`pgo_training.py`, over fixtures/), and they are built again from the
counts (`-fprofile-use`): gcc then lays out branches, inlines and unrolls by what the clean ran. With
`-fprofile-partial-training`, code the samples never reach is optimised as usual, not for size.

Only gcc's flags are written: another compiler, or a gcc older than 10, builds once, as before. The output does not
depend on them: they change no arithmetic (no -ffast-math), and `.ci/run` diffs the compiled build's records against
the pure build's. CLEANER_PGO=0 builds once, as before; a training run that fails falls back to that, with a warning.
The figures: BENCHMARKS.md, forty-second round.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from cleaner_build import ROOT, profile_guided_requested  # the backend's own switch and root, one definition
from setuptools.command.build_ext import build_ext

# Functions the samples never run get no counts; with mypyc's -Werror those notes would stop the build.
PROFILE_USE = ("-fprofile-partial-training", "-fprofile-correction", "-Wno-missing-profile", "-Wno-coverage-mismatch")
# -fprofile-partial-training came with gcc 10; an older gcc builds once.
GCC_PARTIAL_TRAINING = 10
# The file the profile-guided pass leaves in the package (`cleaner.build.profile_guided` reads it).
MARKER = "_profile_guided.txt"
SAMPLES = ROOT / "fixtures"
TRAINING = Path(__file__).resolve().with_name("pgo_training.py")
TRAINING_TIMEOUT_S = 900


def gcc_major(command: str | None = None) -> int:
    """gcc's major version when the C compiler setuptools calls (CC, else the interpreter's own) is gcc, else 0.
    Read from its predefined macros: clang defines __GNUC__ too, and __clang__ beside it."""
    cc = (command or os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()
    try:
        macros = subprocess.run(
            [*cc, "-dM", "-E", "-x", "c", os.devnull], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return 0
    found = re.search(r"^#define __GNUC__ (\d+)$", macros, re.MULTILINE)
    return 0 if found is None or "__clang__" in macros else int(found.group(1))


class CompiledBuild(build_ext):
    """setuptools' build_ext with the profile-guided pass; setup.py uses it for the compiled build only."""

    def run(self) -> None:
        # A marker an earlier build left (in place, or in a reused build_lib) must not outlive a build without the pass.
        (self._package_root() / "cleaner" / MARKER).unlink(missing_ok=True)
        if not (profile_guided_requested() and gcc_major() >= GCC_PARTIAL_TRAINING):
            super().run()
            return
        base = {id(ext): (list(ext.extra_compile_args), list(ext.extra_link_args)) for ext in self.extensions}
        # build_ext.run replaces the compiler name it was given by the compiler object it makes (setuptools leaves the
        # attribute unannotated).
        chosen = self.compiler  # type: ignore[has-type]
        profile = Path(self.build_temp).resolve() / "pgo-profile"
        shutil.rmtree(profile, ignore_errors=True)
        self._flags(base, [f"-fprofile-generate={profile}"], [f"-fprofile-generate={profile}"])
        super().run()
        trained = self._train()
        # The second build replaces every instrumented extension (`force`: their sources have not changed).
        self._flags(base, [f"-fprofile-use={profile}", *PROFILE_USE] if trained else [], [])
        self.force = True
        self.compiler = chosen
        super().run()
        if trained:
            print(f"profile-guided build: {trained}")
            (self._package_root() / "cleaner" / MARKER).write_text(trained + "\n", encoding="utf-8")

    def _flags(
        self, base: dict[int, tuple[list[str], list[str]]], compile_args: list[str], link_args: list[str]
    ) -> None:
        for ext in self.extensions:
            own_compile, own_link = base[id(ext)]
            ext.extra_compile_args = [*own_compile, *compile_args]
            ext.extra_link_args = [*own_link, *link_args]

    def _package_root(self) -> Path:
        """Where the built package is: the source tree for an in-place build, else build_lib (build_py ran first)."""
        return ROOT if self.inplace else Path(self.build_lib).resolve()

    def _train(self) -> str:
        """The training run's one-line summary, or "" (with a warning) when it could not run."""
        if not SAMPLES.is_dir():
            print(f"warning: {SAMPLES} not found; building without the profile-guided pass", file=sys.stderr)
            return ""
        env = dict(os.environ)
        env.pop("CLEANER_NATIVE", None)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self._package_root()), env.get("PYTHONPATH", "")) if p)
        try:
            done = subprocess.run(
                [sys.executable, str(TRAINING), str(SAMPLES)],
                env=env,
                cwd=self.build_temp,
                capture_output=True,
                text=True,
                timeout=TRAINING_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            print(f"warning: the profile-guided training run failed ({exc}); building without it", file=sys.stderr)
            return ""
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"warning: the profile-guided training run failed ({last}); building without it", file=sys.stderr)
            return ""
        return done.stdout.strip().splitlines()[-1]
