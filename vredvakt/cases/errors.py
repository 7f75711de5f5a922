from vredvakt.lib.refusal import Refused


class CaseError(Refused):
    """A request the case's state or the routine does not allow."""
