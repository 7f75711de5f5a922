from vredvakt.clients.access import clients_visible_to
from vredvakt.keys.access import keys_visible_to
from vredvakt.locks.access import locks_visible_to


def test_a_care_worker_sees_only_own_units_clients(world):
    assert list(clients_visible_to(world.anna)) == [world.karin]


def test_the_outsider_sees_no_tumba_client_lock_or_key(world):
    assert world.karin not in clients_visible_to(world.otto)
    assert world.karin_lock not in locks_visible_to(world.otto)
    assert world.karin_unit_key not in keys_visible_to(world.otto)


def test_operations_manager_and_administrator_see_all_units(world):
    for user in (world.olof, world.adam):
        assert set(clients_visible_to(user)) == {world.karin, world.bengt}


def test_alarm_group_sees_the_whole_fleet_but_no_clients(world):
    assert set(locks_visible_to(world.lars)) == {world.karin_lock, world.bengt_lock}
    assert list(clients_visible_to(world.lars)) == []
