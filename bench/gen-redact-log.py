#!/usr/bin/env python3
"""A 100,000-line irssi log of one busy day (2026-11-18, the example `notifications`
postmortem's day) for timing redaction in `pm import-logs` (bench/redact.sh,
BENCHMARKS.md). Deterministic (seed 42). About 1 line in 100 holds a secret built from a
prefix and a random body; 1 in 20 mentions a password, a token or a key without one; the
rest is ordinary incident talk with hashes, URLs and ids.

    python3 bench/gen-redact-log.py OUT [LINES]
"""
import random
import sys

out = sys.argv[1]
lines = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rnd = random.Random(42)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def body(n, alphabet=ALNUM):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def hexs(n):
    return body(n, "0123456789abcdef")


NORMAL = [
    lambda: f"deployed {hexs(40)} to prod",
    lambda: f"trace id {hexs(8)}-{hexs(4)}-{hexs(4)}-{hexs(4)}-{hexs(12)}",
    lambda: "see https://grafana.acme.io/d/checkout?orgId=1&from=now-6h",
    lambda: f"p99 is {rnd.randint(100, 3000)}ms on checkout-api-{hexs(10)}",
    lambda: "rolling back to the previous release",
    lambda: f"kubectl -n checkout logs checkout-api-{hexs(9)}-{body(5).lower()} --tail 50",
    lambda: f"error rate {rnd.random() * 5:.1f}%, still climbing",
    lambda: "ack, looking at the queue depth now",
    lambda: f"image acme/checkout@sha256:{hexs(64)}",
    lambda: "café ☕ then the timeline, back in 5",
]
MENTIONS = [
    lambda: "rotated the token, old one revoked",
    lambda: "password reset emails delayed by 20 minutes",
    lambda: "the API key rotation runbook is in the wiki",
    lambda: "token refresh failing with 401 from auth",
]
SECRETS = [
    lambda: f"export GH_TOKEN=ghp_{body(36)}",
    lambda: f"try password={body(12)}",
    lambda: f"STRIPE_KEY=sk_live_{body(24)}",
    lambda: f"psql postgres://app:{body(10)}@db:5432/orders",
    lambda: f"curl -H 'Authorization: Bearer {body(40)}' https://api",
]
NICKS = ["ann", "@bea", "+cho", "dan", "eve"]

with open(out, "w", encoding="utf-8") as f:
    f.write("--- Log opened Wed Nov 18 00:00:00 2026\n")
    for i in range(lines):
        t = i * 86_000 // lines
        r = rnd.random()
        pool = SECRETS if r < 0.01 else MENTIONS if r < 0.06 else NORMAL
        text = rnd.choice(pool)()
        nick = rnd.choice(NICKS)
        f.write(f"{t // 3600:02}:{t // 60 % 60:02}:{t % 60:02} <{nick}> {text}\n")
