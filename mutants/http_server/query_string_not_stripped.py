"""The query string is kept as part of the file name: "/page.html?v=2" is a 404."""

_reference_target_names = target_names


def target_names(target):
    return _reference_target_names(target.replace("?", "%3F"))
