"""The layer's name spelled "data-link", not as OSI_LAYERS has it ("data link")."""

_LAYER_OF = {key: ("data-link" if value == "data link" else value)
             for key, value in _LAYER_OF.items()}
