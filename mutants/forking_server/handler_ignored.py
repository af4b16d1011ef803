"""serve_forking always runs echo_handler, whatever handler it is given."""


def _serve_one_and_exit(listener, conn, handler, _serve=_serve_one_and_exit):
    _serve(listener, conn, echo_handler)
