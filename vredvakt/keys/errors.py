from vredvakt.lib.refusal import Refused


class LoanError(Refused):
    """A key-loan request the routine does not allow (R5).

    `field` names the input at fault, for the API's 422 shape.
    """

    def __init__(self, message: str, *, status: int = 409, field: str = "") -> None:
        super().__init__(message, status=status)
        self.field = field
