"""The ticket lifecycle: every allowed move works, every other one is refused; versions guard
against concurrent changes. On SpatiaLite and PostGIS."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from meldpunt.core.errors import MeldpuntError
from meldpunt.models import Ticket, TicketStatus
from meldpunt.models.database import Database
from meldpunt.tickets.errors import NoteRequired, StaleTicket, TransitionNotAllowed
from meldpunt.tickets.service import ticket_history, transition_ticket
from meldpunt.tickets.transitions import ALLOWED, NOTE_REQUIRED
from tests.helpers import WEST_TOWN, create_department, create_ticket, create_town

ALL_STATES = list(TicketStatus)


@pytest.fixture
def ticket(session: Session) -> Ticket:
    town = create_town(session, "GM0001", WEST_TOWN, ["kcc"])
    ticket = create_ticket(session, create_department(session, town, "wegen"))
    session.commit()
    return ticket


def put_in(session: Session, ticket: Ticket, status: TicketStatus) -> None:
    """Set a state directly (test set-up), bumping the version like any change."""
    session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(status=status, version=Ticket.version + 1)
    )
    session.commit()
    session.refresh(ticket)


def test_every_state_is_in_the_table() -> None:
    assert set(ALLOWED) == set(TicketStatus)
    assert all(targets <= set(TicketStatus) for targets in ALLOWED.values())


def test_every_allowed_move_works_and_every_other_is_refused(
    session: Session, ticket: Ticket
) -> None:
    refused = 0
    for source in ALL_STATES:
        for target in ALL_STATES:
            put_in(session, ticket, source)
            version = ticket.version
            if target in ALLOWED[source]:
                moved = transition_ticket(
                    session,
                    ticket_id=ticket.id,
                    to=target,
                    note="done",
                    expected_version=version,
                    actor="user:7",
                )
                session.commit()
                assert (moved.status, moved.version) == (target, version + 1)
                last = ticket_history(session, ticket.id)[-1]
                assert (last.from_status, last.to_status, last.actor, last.note) == (
                    source,
                    target,
                    "user:7",
                    "done",
                )
            else:
                with pytest.raises(TransitionNotAllowed, match=f"cannot become {target}"):
                    transition_ticket(
                        session,
                        ticket_id=ticket.id,
                        to=target,
                        note="x",
                        expected_version=version,
                        actor="user:7",
                    )
                session.rollback()
                refused += 1
    assert refused == len(ALL_STATES) ** 2 - sum(len(t) for t in ALLOWED.values())


@pytest.mark.parametrize("target", sorted(NOTE_REQUIRED))
def test_notes_are_required_where_a_reader_needs_one(
    session: Session, ticket: Ticket, target: TicketStatus
) -> None:
    source = next(s for s in ALL_STATES if target in ALLOWED[s])
    put_in(session, ticket, source)
    with pytest.raises(NoteRequired, match=f"to {target} needs a note"):
        transition_ticket(
            session,
            ticket_id=ticket.id,
            to=target,
            note="  ",
            expected_version=ticket.version,
            actor="user:7",
        )


def test_a_stale_version_is_refused_with_the_current_state(
    session: Session, ticket: Ticket
) -> None:
    transition_ticket(
        session,
        ticket_id=ticket.id,
        to=TicketStatus.ACCEPTED,
        note=None,
        expected_version=1,
        actor="user:1",
    )
    session.commit()
    with pytest.raises(StaleTicket) as caught:
        transition_ticket(
            session,
            ticket_id=ticket.id,
            to=TicketStatus.REJECTED,
            note="no",
            expected_version=1,
            actor="user:2",
        )
    assert caught.value.extra == {"current_status": "accepted", "current_version": 2}


def test_two_concurrent_transitions_exactly_one_wins(database: Database, ticket: Ticket) -> None:
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def worker(name: str, target: TicketStatus) -> None:
        session = database.session_factory()
        try:
            session.get(Ticket, ticket.id)  # both read version 1 ...
            barrier.wait()  # ... before either writes
            transition_ticket(
                session, ticket_id=ticket.id, to=target, note="n", expected_version=1, actor=name
            )
            session.commit()
            outcomes[name] = "won"
        except MeldpuntError as exc:
            session.rollback()
            outcomes[name] = exc.code
        finally:
            session.close()

    threads = [
        threading.Thread(target=worker, args=("a", TicketStatus.ACCEPTED)),
        threading.Thread(target=worker, args=("b", TicketStatus.REJECTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["ticket_changed", "won"]
    with database.session() as session:
        final = session.get(Ticket, ticket.id)
        assert final is not None
        assert final.version == 2
        assert len(ticket_history(session, ticket.id)) == 1
