"""`duban issue_token USERNAME [--name NAME]`: print a new API token for a user
(shown once; only its hash is kept). `--revoke PREFIX` revokes instead."""

from django.core.management.base import BaseCommand, CommandError

from duban.accounts.models import User
from duban.api.models import ApiToken
from duban.api.services import issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue (or revoke) an API token for a user account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--revoke", metavar="PREFIX", help="revoke the user's token(s) with this prefix"
        )

    def handle(self, *args, username, name, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no such user: {username}")
        if not user.is_active:
            raise CommandError(f"user {username} is deactivated")
        if revoke:
            tokens = list(
                ApiToken.objects.filter(user=user, prefix__startswith=revoke, revoked_at=None)
            )
            if not tokens:
                raise CommandError(f"no active token of {username} starts with {revoke}")
            for token in tokens:
                revoke_token(token=token)
            self.stdout.write(f"revoked {len(tokens)} token(s)")
            return
        _token, key = issue_token(user=user, name=name)
        self.stdout.write(key)
