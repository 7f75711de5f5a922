class LoanError(Exception):
    """A key-loan request the routine does not allow; the message is for the person who asked.

    `status` is what the web and the API answer with: 409 when the key's state
    forbids it (already out, already back), 422 when the request itself is wrong.
    `field` names the input at fault, for the API's 422 shape.
    """

    def __init__(self, message: str, *, status: int = 409, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
