#!/usr/bin/env python3
"""Sluice pre-scaler: scale up ahead of announced releases, from the calendar's own data.

Run by the chart's CronJob every few minutes. Each run reads the releases of the configured states
from booking-api's public calendar (GET /api/calendar/releases?state=...), finds the windows that are
active now (from LEAD_MINUTES before opensAt until HOLD_MINUTES after closesAt), and sets

    booking-api HPA minReplicas = clamp(ceil(sum of expected demand / PEOPLE_PER_REPLICA),
                                        BASE_MIN_REPLICAS, MAX_REPLICAS)

and, when ALLOCATOR_WINDOW_REPLICAS > 0, the slot-allocator Deployment's replicas to that number
during a window and back to ALLOCATOR_BASE_REPLICAS after it. A release without expectedDemand
counts slotCount * DEMAND_PER_SLOT people.

Every run computes the whole target from the calendar, so a missed run or a `helm upgrade` that reset
the HPA is repaired by the next one. If the calendar cannot be read, nothing is changed and the run
fails: never scale down for lack of data. Standard library only, so any python:3 image will do.
"""

import datetime
import json
import math
import os
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        if default is not None:
            return default
        raise SystemExit(f"prescale: environment variable {name} is required")
    return value


def parse_instant(text):
    # Python before 3.11 does not read a trailing "Z".
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    instant = datetime.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text}")
    return instant


def now():
    override = os.environ.get("PRESCALE_NOW")
    return parse_instant(override) if override else datetime.datetime.now(datetime.timezone.utc)


def fetch_releases(calendar_url, states):
    releases = {}
    for state in states:
        url = calendar_url.rstrip("/") + "/api/calendar/releases?" + urllib.parse.urlencode({"state": state})
        with urllib.request.urlopen(url, timeout=10) as response:
            for release in json.load(response):
                # A calendar that ignores the filter lists every live release; its entries carry their state.
                if release.get("state", state) in states:
                    releases[release["id"]] = release
    return list(releases.values())


def active_demand(releases, at, lead, hold, default_window, demand_per_slot):
    """Expected people of the releases whose window (widened by lead and hold) contains `at`."""
    demand = 0
    active = []
    for release in releases:
        opens = parse_instant(release["opensAt"])
        closes = parse_instant(release["closesAt"]) if release.get("closesAt") else opens + default_window
        if opens - lead <= at <= closes + hold:
            expected = release.get("expectedDemand")
            if expected is None:
                expected = (release.get("slotCount") or 0) * demand_per_slot
            demand += int(expected)
            active.append(f"{release['id']} ({expected} expected, opens {release['opensAt']})")
    return demand, active


class Kubernetes:
    def __init__(self):
        self.base = env("KUBERNETES_API", "https://kubernetes.default.svc").rstrip("/")
        self.namespace = env("NAMESPACE")
        token_file = env("KUBERNETES_TOKEN_FILE", SERVICE_ACCOUNT + "/token")
        with open(token_file, encoding="utf-8") as token:
            self.token = token.read().strip()
        ca_file = env("KUBERNETES_CA_FILE", SERVICE_ACCOUNT + "/ca.crt")
        self.context = ssl.create_default_context(cafile=ca_file) if self.base.startswith("https:") else None

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/merge-patch+json")
        with urllib.request.urlopen(request, timeout=10, context=self.context) as response:
            return json.load(response)

    def ensure(self, path, field, wanted, what):
        current = self.call("GET", path)["spec"].get(field)
        if current == wanted:
            print(f"prescale: {what} {field} stays {wanted}")
            return
        self.call("PATCH", path, {"spec": {field: wanted}})
        print(f"prescale: {what} {field} {current} -> {wanted}")


def main():
    base_min = int(env("BASE_MIN_REPLICAS"))
    max_replicas = int(env("MAX_REPLICAS"))
    people_per_replica = int(env("PEOPLE_PER_REPLICA"))
    states = [state.strip() for state in env("CALENDAR_STATES", "ANNOUNCED,OPEN,PAUSED").split(",") if state.strip()]
    try:
        releases = fetch_releases(env("CALENDAR_URL"), states)
    except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
        print(f"prescale: calendar not readable, nothing changed: {e}", file=sys.stderr)
        return 1

    at = now()
    demand, active = active_demand(
        releases, at,
        lead=datetime.timedelta(minutes=int(env("LEAD_MINUTES", "30"))),
        hold=datetime.timedelta(minutes=int(env("HOLD_MINUTES", "30"))),
        default_window=datetime.timedelta(minutes=int(env("DEFAULT_WINDOW_MINUTES", "120"))),
        demand_per_slot=int(env("DEMAND_PER_SLOT", "15")))
    wanted = min(max_replicas, max(base_min, math.ceil(demand / people_per_replica)))
    print(f"prescale: {len(releases)} releases on the calendar, active windows at {at.isoformat()}: "
          f"{', '.join(active) or 'none'}; expected people {demand}")

    kubernetes = Kubernetes()
    namespace = kubernetes.namespace
    try:
        kubernetes.ensure(f"/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{env('HPA_NAME')}",
                          "minReplicas", wanted, "booking-api HPA")
        window_allocators = int(env("ALLOCATOR_WINDOW_REPLICAS", "0"))
        if window_allocators > 0:
            allocators = window_allocators if active else int(env("ALLOCATOR_BASE_REPLICAS"))
            kubernetes.ensure(f"/apis/apps/v1/namespaces/{namespace}/deployments/{env('ALLOCATOR_DEPLOYMENT')}/scale",
                              "replicas", allocators, "slot-allocator")
    except urllib.error.HTTPError as e:
        print(f"prescale: Kubernetes API refused {e.url}: {e.code} {e.read().decode(errors='replace')}",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
