"""Accounts: create, authenticate, issue and rotate tokens, API keys. Flushes only."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from meldpunt.accounts.errors import InvalidAccount, NotAuthenticated
from meldpunt.accounts.schemas import Principal, TokenPair, TokenPolicy
from meldpunt.models import Authority, Credential, Department, Role, User, user_department
from meldpunt.models.base import utc_now

_HASHER = PasswordHasher()
_ALGORITHM = "HS256"
_DUMMY_HASH = _HASHER.hash("timing-equaliser")


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    department_codes: list[str],
    authority_code: str | None = None,
) -> User:
    """A new account; workers and coordinators need departments, GIS editors an authority."""
    email = email.strip().lower()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise InvalidAccount(f"an account for {email} exists already")
    if len(password) < 10:
        raise InvalidAccount("the password needs at least 10 characters")
    departments = list(
        session.scalars(select(Department).where(Department.code.in_(department_codes)))
    )
    missing = sorted(set(department_codes) - {d.code for d in departments})
    if missing:
        raise InvalidAccount(f"unknown department(s): {', '.join(missing)}")
    if role in (Role.FIELD_WORKER, Role.COORDINATOR) and not departments:
        raise InvalidAccount(f"a {role} needs at least one --department")
    authority_id = None
    if role == Role.GIS_EDITOR:
        authority_id = session.scalar(select(Authority.id).where(Authority.code == authority_code))
        if authority_id is None:
            raise InvalidAccount(f"a gis_editor needs an existing --authority ({authority_code})")
    user = User(
        email=email,
        password_hash=_HASHER.hash(password),
        role=role,
        authority_id=authority_id,
        active=True,
    )
    session.add(user)
    session.flush()
    if departments:
        session.execute(
            insert(user_department),
            [{"user_id": user.id, "department_id": d.id} for d in departments],
        )
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The active user with this email and password, or NotAuthenticated (same for both)."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        # Verify against a dummy hash for unknown users: same time, no account enumeration.
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or not user.active:
        raise NotAuthenticated("wrong email or password")
    return user


def issue_tokens(session: Session, user: User, policy: TokenPolicy) -> TokenPair:
    """A signed access token and a stored (hashed) refresh token."""
    now = utc_now()
    access = jwt.encode(
        {
            "sub": str(user.id),
            "role": user.role,
            "iat": now,
            "exp": now + timedelta(minutes=policy.access_minutes),
        },
        policy.secret,
        algorithm=_ALGORITHM,
    )
    refresh = secrets.token_urlsafe(32)
    session.add(
        Credential(
            user_id=user.id,
            kind="refresh",
            secret_hash=_sha256(refresh),
            expires_at=now + timedelta(days=policy.refresh_days),
        )
    )
    session.flush()
    return TokenPair(access, refresh, policy.access_minutes * 60)


def rotate_refresh_token(session: Session, refresh_token: str, policy: TokenPolicy) -> TokenPair:
    """Trade a refresh token for a new pair; the old one can never be used again."""
    credential = session.scalar(
        select(Credential).where(
            Credential.secret_hash == _sha256(refresh_token), Credential.kind == "refresh"
        )
    )
    if (
        credential is None
        or credential.revoked_at is not None
        or (credential.expires_at and credential.expires_at < utc_now())
    ):
        raise NotAuthenticated("the refresh token is unknown, used or expired")
    credential.revoked_at = utc_now()
    user = session.get(User, credential.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("the account is disabled")
    return issue_tokens(session, user, policy)


def create_api_key(session: Session, user: User, name: str) -> str:
    """A long-lived key for systems (shown once, stored hashed)."""
    key = "mp_" + secrets.token_urlsafe(32)
    session.add(Credential(user_id=user.id, kind="api_key", secret_hash=_sha256(key), name=name))
    session.flush()
    return key


def _principal(session: Session, user: User) -> Principal:
    departments = frozenset(
        session.scalars(
            select(user_department.c.department_id).where(user_department.c.user_id == user.id)
        )
    )
    return Principal(user.id, user.email, user.role, departments, user.authority_id)


def principal_from_access_token(session: Session, token: str, *, secret: str) -> Principal:
    """Who a bearer token belongs to; NotAuthenticated when forged, expired or disabled."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError:
        raise NotAuthenticated("the access token has expired; refresh it") from None
    except jwt.PyJWTError:
        raise NotAuthenticated("the access token is not valid") from None
    user = session.get(User, int(claims["sub"]))
    if user is None or not user.active:
        raise NotAuthenticated("the account is disabled")
    return _principal(session, user)


def principal_from_api_key(session: Session, key: str) -> Principal:
    """Who an API key belongs to; NotAuthenticated when unknown or revoked."""
    credential = session.scalar(
        select(Credential).where(
            Credential.secret_hash == _sha256(key),
            Credential.kind == "api_key",
            Credential.revoked_at.is_(None),
        )
    )
    user = session.get(User, credential.user_id) if credential else None
    if user is None or not user.active:
        raise NotAuthenticated("the API key is not valid")
    return _principal(session, user)
