class Refused(Exception):
    """A request the routine does not allow; the message is for the person who asked.

    `status` is the HTTP status the web and the API answer with (409: the
    object's state forbids it, 400/422: the request itself is wrong, 404);
    `field`, when set, names the input that is wrong.
    """

    def __init__(self, message: str, *, status: int = 409, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
