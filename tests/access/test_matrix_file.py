"""docs/access.toml names every page and API operation, in words the test can check,
and docs/security.md shows exactly it."""

from tests.access.matrix import DOC, SOURCE, documented, load, problems, render
from tests.access.routes import operations, pages


def test_every_page_has_an_entry():
    listed = {entry.target for entry in load().values() if not entry.is_api}

    missing = [f"{page.name} (/{page.route})" for page in pages() if page.name not in listed]

    assert not missing, (
        f"Pages without an entry in {SOURCE.name} (add one per method, a cell for each role, "
        "then run scripts/access-table): " + "; ".join(missing)
    )


def test_every_api_operation_has_an_entry():
    listed = {key for key, entry in load().items() if entry.is_api}

    missing = [operation for operation in operations() if operation not in listed]

    assert not missing, (
        f"API operations without an entry in {SOURCE.name} (add a cell for each role, "
        "then run scripts/access-table): " + "; ".join(missing)
    )


def test_no_entry_names_a_page_or_operation_that_is_gone():
    names = {page.name for page in pages()}
    served = set(operations())

    gone = [
        key
        for key, entry in load().items()
        if (key not in served if entry.is_api else entry.target not in names)
    ]

    assert not gone, f"Entries in {SOURCE.name} for nothing the product serves: " + "; ".join(gone)


def test_every_cell_says_what_the_test_can_check():
    assert problems(load()) == []


def test_the_security_doc_shows_the_matrix_as_it_is():
    # Run scripts/access-table after changing docs/access.toml.
    assert documented(DOC) == render(load()), f"{DOC.name} is out of date: run scripts/access-table"
