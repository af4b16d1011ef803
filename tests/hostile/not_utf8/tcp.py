# hostile: the reference, followed by a Latin-1 string literal: not UTF-8
_GREETING = "café ÿ"
