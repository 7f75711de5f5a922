from django.contrib import admin

from vredvakt.keys.models import Key, KeyStorage


@admin.register(KeyStorage)
class KeyStorageAdmin(admin.ModelAdmin[KeyStorage]):
    list_display = ["name", "code", "kind", "unit", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Key)
class KeyAdmin(admin.ModelAdmin[Key]):
    list_display = ["code", "kind", "client", "storage", "hook"]
    list_filter = ["kind", "storage"]
    search_fields = ["code", "client__last_name", "hook"]
    autocomplete_fields = ["client", "storage"]
