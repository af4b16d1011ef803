"""netlab's harness: the pytest plugin and the helpers checks use.

Checks import from here only; see API.md for what each helper promises.
"""
from .deadline import DeadlineExceeded, deadline
from .expect import expect_raises
from .impl import ImplementationError, topic
from .sandbox import (Limits, SandboxCrash, SandboxTimeout, StrayProcess,
                      run_sandboxed)
from .sealed import runs_in
from .servers import Server, ServerDied, serve

__all__ = [
    "DeadlineExceeded", "ImplementationError", "Limits", "SandboxCrash",
    "SandboxTimeout", "Server", "ServerDied", "StrayProcess", "deadline",
    "expect_raises", "run_sandboxed", "runs_in", "serve", "topic",
]
