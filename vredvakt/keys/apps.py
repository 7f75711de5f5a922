from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "vredvakt.keys"
    label = "keys"

    def ready(self) -> None:
        from vredvakt.cases.pages.case_page import timeline_labels_register
        from vredvakt.keys import overdue  # noqa: F401  (registers the R5 overdue job handlers)
        from vredvakt.keys.loans import TIMELINE_LABELS

        # Loans write to the case timeline (R5); the case page names their entries.
        timeline_labels_register(TIMELINE_LABELS)
