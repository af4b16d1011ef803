"""The idle clock starts at the opening and never restarts: keep-alive clients are cut off."""


class Connection(Connection):
    def send_some(self):
        deadline = self.deadline
        progress = super().send_some()
        self.deadline = deadline
        return progress
