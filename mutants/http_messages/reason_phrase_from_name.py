"""reason_phrase builds the phrase from the enum name: "Ok", "Not Found", "Im A Teapot".

The standard phrase is http.HTTPStatus(code).phrase ("OK", "I'm a Teapot").
"""


def reason_phrase(status):
    _check_int(status, "status")
    try:
        return http.HTTPStatus(status).name.replace("_", " ").title()
    except ValueError:
        return "Unknown"
