"""TLS placed in the session layer (a common mix-up) instead of presentation."""

_LAYER_OF = {**_LAYER_OF, "tls": "session"}
