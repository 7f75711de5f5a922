from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from vredvakt.notifications.models import Message


def message_for_user(user: AbstractBaseUser | AnonymousUser, pk: int) -> Message:
    """A message in the user's own inbox; anyone else's does not exist for them."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Message.objects.get(pk=pk, recipient_id=user.pk)
    except Message.DoesNotExist:
        raise Http404 from None
