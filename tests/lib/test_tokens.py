"""A submit is remembered by its sender's scope, so no one can join another's (UX.md)."""

from vredvakt.lib.tokens import is_form_token, new_token, submission_key


def test_a_fresh_token_is_a_form_token():
    assert is_form_token(new_token())


def test_it_rejects_what_new_token_does_not_make():
    for token in ("", "a" * 31, "A" * 32, "g" * 32, "a" * 33):
        assert not is_form_token(token)


def test_the_same_token_from_two_users_or_two_channels_is_two_submits():
    keys = {
        submission_key(via="web", user_id=1, token="abc"),
        submission_key(via="web", user_id=2, token="abc"),
        submission_key(via="api", user_id=1, token="abc"),
    }
    assert len(keys) == 3


def test_no_token_is_not_remembered():
    assert submission_key(via="web", user_id=1, token="") == ""
