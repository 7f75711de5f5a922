from django.contrib.auth.models import User
from django.core.management import call_command

from vredvakt.accounts.models import ApiToken


def test_the_admin_lists_api_tokens_without_their_secret(client, world, capsys):
    call_command("api-token", "create", "kim", "--name", "laptop", "--scope", "read")
    token = capsys.readouterr().out.strip().split()[-1]
    root = User.objects.create_superuser("root", "root@vredvakt.test", "pw-for-root-only")
    client.force_login(root)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert "laptop" in page.text
    assert token not in page.text
    assert ApiToken.objects.get().token_hash not in page.text
