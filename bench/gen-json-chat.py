#!/usr/bin/env python3
"""Generates large chat exports for bench/json-sources.sh (run by hand, never in CI).

    gen-json-chat.py FORMAT OUT SIZE_MIB

FORMAT is discord, matrix, mattermost or pagerduty. The export runs from 2021-01-01 for as
many messages as make SIZE_MIB, one message a minute (1,440 a day, in several
channels for Mattermost), with an incident of extra messages on 2024-03-14 14:00-15:30 UTC.
Every text is synthetic.
"""
import json
import random
import sys

fmt, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3]) << 20
rng = random.Random(7)
WORDS = ("checkout db replica lag rollback deploy 503s pager queue worker restart cache "
         "latency p99 error budget failover dashboard alert config canary").split()
NICKS = ["ann", "bea", "cho", "dan", "eve", "fay"]
START = 1609459200  # 2021-01-01T00:00:00Z
INCIDENT = (1710424800, 1710430200)  # 2024-03-14 14:00 to 15:30 UTC


def text():
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))


def iso(t, ms):
    import datetime
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03d+00:00" % ms


def times():
    t = START
    while True:
        t += 60
        yield t, rng.randint(0, 999)
        if INCIDENT[0] <= t <= INCIDENT[1]:
            for _ in range(2):
                yield t, rng.randint(0, 999)


with open(out, "w") as f:
    written = 0
    n = 0
    if fmt == "discord":
        head = '{\n  "guild": {"id": "1", "name": "Acme", "iconUrl": ""},\n  "channel": {"id": "2", "type": "GuildTextChat", "name": "ops"},\n  "dateRange": {"after": null, "before": null},\n  "exportedAt": "2025-01-01T00:00:00+00:00",\n  "messages": [\n'
    elif fmt == "matrix":
        head = '{\n  "room_name": "ops",\n  "room_creator": "@ann:example.org",\n  "topic": "",\n  "export_date": "2025/01/01",\n  "exported_by": "@ann:example.org",\n  "messages": [\n'
    elif fmt == "pagerduty":
        head = '{"log_entries": [\n'
    else:
        head = '{"type":"version","version":1}\n'
    f.write(head)
    written += len(head)
    sep = ""
    if fmt == "matrix":
        # Display names from membership events at the start, as Element writes them: a
        # window entered by bisection must still show them.
        for i, nick in enumerate(NICKS):
            m = {"content": {"membership": "join", "displayname": nick.title() + " Example"},
                 "event_id": "$m%d" % i, "origin_server_ts": START * 1000 - 6000 + i,
                 "room_id": "!ops:example.org", "sender": "@%s:example.org" % nick,
                 "state_key": "@%s:example.org" % nick, "type": "m.room.member"}
            line = sep + "    " + json.dumps(m)
            sep = ",\n"
            f.write(line)
            written += len(line)
    for t, ms in times():
        if written >= size:
            break
        n += 1
        nick = rng.choice(NICKS)
        if fmt == "discord":
            m = {"id": str(1000 + n), "type": "Default", "timestamp": iso(t, ms),
                 "timestampEdited": None, "callEndedTimestamp": None, "isPinned": False,
                 "content": text(),
                 "author": {"id": str(NICKS.index(nick)), "name": nick, "discriminator": "0000",
                            "nickname": nick.title(), "color": None, "isBot": False, "roles": [],
                            "avatarUrl": "https://cdn.discordapp.com/embed/avatars/0.png"},
                 "attachments": [], "embeds": [], "stickers": [], "reactions": [],
                 "mentions": [], "inlineEmojis": []}
            line = sep + "    " + json.dumps(m, indent=None)
        elif fmt == "matrix":
            m = {"content": {"body": text(), "msgtype": "m.text"}, "event_id": "$%d" % n,
                 "origin_server_ts": t * 1000 + ms, "room_id": "!ops:example.org",
                 "sender": "@%s:example.org" % nick, "type": "m.room.message",
                 "unsigned": {"age": 1234}}
            line = sep + "    " + json.dumps(m)
        elif fmt == "pagerduty":
            m = {"id": "R%d" % n, "type": "annotate_log_entry", "summary": "Note added",
                 "created_at": iso(t, ms)[:19] + "Z",
                 "agent": {"id": "PU1", "type": "user_reference", "summary": nick},
                 "channel": {"type": "note", "summary": text()}}
            line = sep + "  " + json.dumps(m)
        else:
            channel = "ops" if n % 4 == 0 or INCIDENT[0] <= t <= INCIDENT[1] else rng.choice(["dev", "random", "support"])
            m = {"type": "post", "post": {"team": "acme", "channel": channel, "user": nick,
                 "message": text(), "props": {}, "create_at": t * 1000 + ms,
                 "reactions": None, "replies": None}}
            line = json.dumps(m, separators=(",", ":")) + "\n"
        if fmt != "mattermost":
            sep = ",\n"
        f.write(line)
        written += len(line)
    if fmt in ("discord", "matrix"):
        f.write("\n  ],\n  \"messageCount\": %d\n}\n" % n)
    elif fmt == "pagerduty":
        f.write('\n], "limit": 100, "offset": 0, "more": false}\n')
print(f"{out}: {n} messages", file=sys.stderr)
