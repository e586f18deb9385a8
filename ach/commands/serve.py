"""``ach serve``: the workbench in a web browser, for colleagues without a terminal.

textual-serve runs ``ach open`` once per browser tab and relays its screen over a
websocket. It has no authentication of its own, so it listens on this machine only
unless ``--host`` says otherwise, and says so loudly when it does.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from ach.commands.common import Context, UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common],
                       help="open the workbench in a web browser (local only by default)")
    p.add_argument("case", nargs="?", help="the case to open (default: the only one, or a picker)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"the port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"the address to listen on (default {DEFAULT_HOST}, this machine only); "
                        "anyone who can reach it can read and change the workspace")
    p.set_defaults(run=run)


def workbench_command(ctx: Context, case: str | None, analyst: str | None) -> str:
    """The shell command each browser tab runs: this same ach, on this workspace."""
    argv = [sys.executable, "-m", "ach", "--root", str(ctx.root.resolve())]
    if analyst:
        argv += ["--analyst", analyst]
    argv += ["open", *([case] if case else [])]
    return shlex.join(argv)


def is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    if args.case is not None:
        workspace.load_case(args.case)  # a clear one-line error before serving anything
    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port}: a port is a number from 1 to 65535")
    try:
        from textual_serve.server import Server
    except ImportError as exc:  # pragma: no cover - only when installed without its extras
        raise UserError(f"ach serve needs the textual-serve package: {exc}") from None
    if not is_local(args.host):
        print(f"warning: serving on {args.host}, not this machine only: the workbench has no "
              "login, so anyone who can reach this address can read and change the workspace. "
              "Use it only on a network you trust.", file=sys.stderr)
    command = workbench_command(ctx, args.case, ctx.analyst_option)
    url = f"http://{args.host}:{args.port}"
    print(f"serving the ACH workbench on {url} (ctrl+c stops)", flush=True)
    server = Server(command, host=args.host, port=args.port, title="ACH Workbench",
                    public_url=url)
    server.serve()
    return 0
