from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "vredvakt.keys"
    label = "keys"

    def ready(self) -> None:
        # Registers the overdue-key reminder and alert job handlers (R5).
        from vredvakt.keys import overdue  # noqa: F401

        # Loans write to the case timeline (R5); the case page names their entries.
        from vredvakt.cases.pages import ENTRY_LABELS
        from vredvakt.keys.loans import TIMELINE_LABELS

        ENTRY_LABELS.update(TIMELINE_LABELS)
