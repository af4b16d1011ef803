"""Asserting that a call raises, with a message a student can act on.

What matters to the student is what the call did instead: returned a value
(named), or raised something else (named, with its message). The harness's
own failures (timeouts, dead sandboxes: AssertionError subclasses), a broken
topic module and an unwritten stub pass through untouched, so they are
reported as what they are.
"""
from __future__ import annotations

from .impl import ImplementationError


def expect_raises(expected: type[BaseException], call: str, fn, *args,
                  other_hint: str = "", **kwargs):
    """Call `fn(*args, **kwargs)` and return the `expected` exception it raises.

    Args:
        expected: the exception class the call must raise (subclasses count).
        call: how the call reads in a message, e.g. "parse_ipv4('1.2.3')".
        other_hint: the likely cause, added to the message when the call
            raises another exception.

    Returns:
        The exception raised, for checks on its message or attributes.

    Raises:
        AssertionError: the call returned, or raised another exception
            (chained as the cause).
    """
    try:
        result = fn(*args, **kwargs)
    except expected as exc:
        return exc
    except (AssertionError, ImplementationError, NotImplementedError):
        raise
    except Exception as exc:
        raise AssertionError(f"{call} raised {type(exc).__name__}({exc}); expected "
                             f"{expected.__name__}" + (f": {other_hint}" if other_hint else "")
                             ) from exc
    raise AssertionError(f"{call} returned {result!r}; expected it to raise "
                         f"{expected.__name__}")
