"""Exit codes and the exceptions that map to them.

Every failure a user can cause ends in one of these, with a one-line message;
only a bug ends in INTERNAL (and a traceback only with --debug).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # clean: nothing failed, no threshold broken
    THRESHOLD = 1  # `check`: at least one document broke a threshold
    USAGE = 2  # bad option, bad config, bad lexicon, bad model file
    UNREADABLE = 3  # at least one input could not be read (the others were still scored)
    INTERNAL = 4  # a bug in biasscan


class BiasscanError(Exception):
    """An error with a user-facing one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(BiasscanError):
    exit_code = ExitCode.USAGE


class LexiconError(UsageError):
    """A lexicon file is invalid; the message names file:line."""


class ModelError(UsageError):
    """The model file is missing, tampered with, untrusted or incompatible."""


class InputError(BiasscanError):
    """One input document cannot be read; the others go on."""

    exit_code = ExitCode.UNREADABLE
