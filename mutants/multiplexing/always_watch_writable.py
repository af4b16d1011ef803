"""Every client is always watched for writability: a connected idle client makes the loop spin."""


def _always(self):
    return True  # "in case there is something to send"


_Client.wants_write = _always
