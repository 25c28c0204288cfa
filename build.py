#!/usr/bin/env python3
"""Build the exit-survey forms: ``python build.py --help`` lists every option.

A thin front door: the parser, model and renderer live in the ``collector`` package so the
collector can use the same code. This file is run, never installed or imported.
"""

from collector.build_command import build_command

if __name__ == "__main__":
    build_command(prog_name="build.py")
