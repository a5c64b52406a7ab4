"""Staff accounts: passwords (argon2), short-lived access tokens, refresh tokens, API keys."""
