"""Every version other than HTTP/1.0 and HTTP/1.1 is answered 505, even malformed ones.

505 is for a well-formed HTTP/d.d the server does not support; "HTTP/2",
"http/1.1" or "HTTP/1.10" are malformed request lines: 400.
"""
import re

_REQUEST_LINE = re.compile(
    rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e\x80-\xff]+) ([\x21-\x7e]+)")
