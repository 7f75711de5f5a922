"""Importing spare keys (R1 unit keys, R2 night/alarm keys) and where they hang."""

from vredvakt.keys.models import Key, KeyKind

from .conftest import run_import, write_csv

HEADER = "code,kind,client,storage,hook\n"


def test_it_imports_keys(world, tmp_path, english):
    text = HEADER + (
        "K-10,unit_key,C-1,skap-tumba,15\nN-10,night_key,C-2,orren,N20\nK-11,unit_key,,,\n"
    )

    run = run_import("keys", write_csv(tmp_path, text))

    assert run.stdout.strip() == "keys: 3 created, 0 updated, 0 unchanged."
    key = Key.objects.get(code="N-10")
    assert (key.kind, key.client, key.storage, key.hook) == (
        KeyKind.NIGHT_KEY,
        world.bengt,
        world.service_house,
        "N20",
    )
    assert Key.objects.get(code="K-11").storage is None


def test_a_key_can_move_to_a_hook_another_key_leaves_in_the_same_file(world, tmp_path, english):
    Key.objects.create(code="K-5", kind=KeyKind.UNIT_KEY, storage=world.tumba_cabinet, hook="15")
    # K-1 hangs on 14 and K-5 on 15: swap them, and put a new key where nobody hangs.
    text = HEADER + (
        "K-1,unit_key,C-1,skap-tumba,15\n"
        "K-5,unit_key,,skap-tumba,14\n"
        "K-12,unit_key,,skap-tumba,16\n"
    )

    run = run_import("keys", write_csv(tmp_path, text))

    assert run.stdout.strip() == "keys: 1 created, 2 updated, 0 unchanged."
    hooks = dict(Key.objects.filter(storage=world.tumba_cabinet).values_list("code", "hook"))
    assert hooks == {"K-1": "15", "K-5": "14", "K-12": "16"}


def test_reimporting_keys_changes_nothing(world, tmp_path, english):
    text = HEADER + "K-1,unit_key,C-1,skap-tumba,14\nN-1,night_key,C-1,orren,N14\n"

    run = run_import("keys", write_csv(tmp_path, text))

    assert run.stdout.strip() == "keys: 0 created, 0 updated, 2 unchanged."


def test_it_rejects_taken_hooks_bad_kinds_and_unknown_places(world, tmp_path, english):
    text = HEADER + (
        "K-20,spare,,,\n"  # line 2: no such kind
        "K-21,unit_key,,skap-tumba,14\n"  # line 3: K-1 hangs there
        "K-22,unit_key,,skap-tumba,30\n"  # line 4: fine
        "K-23,unit_key,,skap-tumba,30\n"  # line 5: same hook as line 4
        "K-24,unit_key,,skap-vasby,1\n"  # line 6: no such place
        "K-25,unit_key,,,7\n"  # line 7: a hook but no place
    )

    run = run_import("keys", write_csv(tmp_path, text), fails=True)

    assert run.stderr.splitlines() == [
        "line 2: kind: “spare” is not one of unit_key, night_key",
        "line 3: hook “14” in skap-tumba is already taken by key K-1",
        "line 5: hook “30” in skap-tumba is also given on line 4",
        "line 6: storage: there is no key storage place with the code “skap-vasby”",
        "line 7: hook: a hook needs a storage",
    ]
    assert Key.objects.count() == 3


def test_a_key_moved_to_another_place_keeps_its_hook(world, tmp_path, english):
    text = HEADER + "K-1,night_key,C-1,orren,14\n"

    run = run_import("keys", write_csv(tmp_path, text))

    assert run.stdout.strip() == "keys: 0 created, 1 updated, 0 unchanged."
    world.karin_unit_key.refresh_from_db()
    assert (world.karin_unit_key.storage, world.karin_unit_key.hook) == (world.service_house, "14")
