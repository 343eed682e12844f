"""`duban audit …`: check the audit chain and export its head.

duban audit verify [--anchor SEQ:HASH …] [--all]
    walk the chain; exit 1 naming the first entry edited, inserted or deleted
    behind the application's back (every problem with --all); an anchor is a
    head exported earlier, which must still be in the chain.
duban audit head [--json]
    the chain's head, `SEQ:HASH`: export it daily (print it, mail it, file it)
    and keep it where the database's administrators cannot change it.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.audit import chain


class Command(BaseCommand):
    help = "审计链:校验(verify)与导出链头(head)。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify")
        verify.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH")
        verify.add_argument("--all", action="store_true", help="list every problem")
        head = sub.add_parser("head")
        head.add_argument("--json", action="store_true")

    def handle(self, *args, what, **opts):
        if what == "head":
            seq, digest = chain.head()
            if opts["json"]:
                stamp = timezone.now().isoformat(timespec="seconds")
                self.stdout.write(json.dumps({"seq": seq, "hash": digest, "at": stamp}))
            else:
                self.stdout.write(f"{seq}:{digest}")
            return
        try:
            anchors = [chain.parse_anchor(a) for a in opts["anchor"]]
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        unchained = chain.unchained_history_models()
        result = chain.verify(anchors=anchors)
        if unchained:
            self.stderr.write("warning: history outside the chain: " + ", ".join(unchained))
        if result.ok:
            self.stdout.write(
                f"ok: {result.entries} entries, head {result.head_seq}:{result.head_hash}"
            )
            return
        shown = result.problems if opts["all"] else result.problems[:1]
        for problem in shown:
            self.stderr.write(str(problem))
        more = len(result.problems) - len(shown)
        tail = f" (and {more} more; --all lists them)" if more else ""
        raise CommandError(f"the audit chain is broken at its first problem above{tail}")
