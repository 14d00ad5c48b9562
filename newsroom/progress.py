"""Progress of a long command, on one line rewritten in place: only on a terminal."""


class TerminalProgress:
    """
    Call with a message to show it in place of the last one; `done()` ends the line.
    Silent when the output is a file or a pipe, or with --verbosity 0, so logs and
    captured output hold the result only.
    """

    def __init__(self, command, verbosity=1):
        self.stdout = command.stdout
        self.enabled = verbosity > 0 and self.stdout.isatty()
        self.shown = False

    def __call__(self, message):
        if self.enabled:
            self.stdout.write(f"\r\033[K  {message}", ending="")
            self.stdout.flush()
            self.shown = True

    def done(self):
        if self.shown:
            self.stdout.write("")
            self.shown = False
