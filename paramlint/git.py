"""Reading another revision with git, without a checkout: its files, their contents, the base.

Every git command paramlint runs is here. Paths are relative to the repository's top folder,
with forward slashes, as git prints them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision does not exist."""


def run(root: Path, *args: str, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=input, capture_output=True, check=False
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
        raise GitError(f"git {' '.join(args)}: {message}")
    return done.stdout


def toplevel(start: Path) -> Path:
    return Path(run(start, "rev-parse", "--show-toplevel").decode().strip()).resolve()


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, ``HEAD~1``, a sha)."""
    return run(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()


def default_base(root: Path) -> tuple[str, str]:
    """The merge base of HEAD with the default branch: (commit, how it was found).

    The default branch is the pull request's target on GitHub Actions (``GITHUB_BASE_REF``) or
    GitLab CI (``CI_MERGE_REQUEST_TARGET_BRANCH_NAME``), else ``origin/HEAD``, else the first of
    ``main``, ``master``, ``origin/main``, ``origin/master`` that exists.
    """
    for branch in _default_branches(root):
        try:
            commit = run(root, "merge-base", "HEAD", branch).decode().strip()
        except GitError:
            continue
        return commit, f"the merge base with {branch}"
    raise GitError(
        "cannot find the default branch to compare with (tried origin/HEAD, main, master); "
        "name the base revision, e.g. `paramlint diff origin/main`"
    )


def _default_branches(root: Path) -> list[str]:
    branches = []
    for variable in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        if os.environ.get(variable):
            branches.append(f"origin/{os.environ[variable]}")
    try:
        head = run(root, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").decode().strip()
        branches.append(head.removeprefix("refs/remotes/"))
    except GitError:
        pass
    return [*branches, "main", "master", "origin/main", "origin/master"]


def files_at(root: Path, commit: str) -> list[str]:
    """Every file in the commit's tree."""
    out = run(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit)
    return [name for name in out.decode("utf-8", errors="surrogateescape").split("\0") if name]


def changed_since(root: Path, commit: str) -> set[str]:
    """Tracked files whose working-tree content differs from the commit's."""
    out = run(root, "diff", "--name-only", "-z", "--no-renames", commit, "--")
    return {name for name in out.decode("utf-8", errors="surrogateescape").split("\0") if name}


def read_at(root: Path, commit: str, paths: Iterable[str]) -> dict[str, bytes]:
    """The contents of files at a commit (``git cat-file --batch``: one process for them all)."""
    paths = list(paths)
    if not paths:
        return {}
    request = "".join(f"{commit}:{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    out = run(root, "cat-file", "--batch", input=request)
    contents: dict[str, bytes] = {}
    at = 0
    for path in paths:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) < 3 or header[-1] == b"missing":
            at = header_end + 1
            continue
        size = int(header[2])
        contents[path] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return contents
