#!/usr/bin/env bash
# A throwaway PostgreSQL primary and its streaming replica on the loopback, for trying and
# testing the read-replica router (docs/deploy.md, "Read replica"). Never the shared test server.
#
#   bash scripts/replica.sh start          # create (first time) and start both; prints the URLs
#   bash scripts/replica.sh stop           # stop both (the data stays)
#   bash scripts/replica.sh status         # running or not, and the replica's lag
#   bash scripts/replica.sh stop-replica   # stop only the replica (pg_ctl stop -m fast)
#   bash scripts/replica.sh start-replica  # start it again: it catches up from the primary
#   bash scripts/replica.sh destroy        # stop both and delete their directories
#
# Environment: REPLICA_DIR (/tmp/greenplan-replica), PRIMARY_PORT (55433), REPLICA_PORT (55434),
# REPLICA_DB (greenplan), PG_BIN (the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

BASE=${REPLICA_DIR:-/tmp/greenplan-replica}
PRIMARY_PORT=${PRIMARY_PORT:-55433}
REPLICA_PORT=${REPLICA_PORT:-55434}
DB=${REPLICA_DB:-greenplan}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PRIMARY="$BASE/primary"
REPLICA="$BASE/replica"

[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (set PG_BIN)" >&2; exit 1; }

# initdb refuses to run as root: the clusters belong to the postgres user then.
if [ "$(id -u)" = 0 ]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

running() { as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

psql_primary() { as_pg "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -At "$@"; }

start_cluster() {
    running "$1" || as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start >/dev/null
}

stop_cluster() {
    if [ -d "$1" ] && running "$1"; then as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null; fi
}

create_primary() {
    as_pg "$PG_BIN/initdb" -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PRIMARY/postgresql.conf" <<EOF

# greenplan scripts/replica.sh: a primary that streams to one replica, loopback only.
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$BASE'
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
# The replica tells the primary which rows its dashboard queries still read, so a long read is
# not cancelled by a conflicting cleanup.
hot_standby_feedback = on
EOF
    # Trust on the loopback only (a throwaway cluster); the replica connects as "replicator".
    echo "host replication replicator 127.0.0.1/32 trust" >> "$PRIMARY/pg_hba.conf"
    start_cluster "$PRIMARY"
    psql_primary -c "create role replicator with replication login"
    psql_primary -c "create database $DB"
}

create_replica() {
    # -R writes standby.signal and primary_conninfo; the slot keeps the WAL the replica has not
    # yet received while it is stopped, so it catches up when started again.
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator -D "$REPLICA" \
        -R -X stream -C -S greenplan_replica --checkpoint=fast
    echo "port = $REPLICA_PORT" >> "$REPLICA/postgresql.conf"
}

case "${1:-}" in
    start)
        mkdir -p "$BASE"
        [ "$(id -u)" != 0 ] || chown postgres "$BASE"
        if [ -f "$PRIMARY/PG_VERSION" ]; then start_cluster "$PRIMARY"; else create_primary; fi
        [ -f "$REPLICA/PG_VERSION" ] || create_replica
        start_cluster "$REPLICA"
        echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
        echo "REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
        ;;
    stop)
        stop_cluster "$REPLICA"
        stop_cluster "$PRIMARY"
        ;;
    stop-replica)
        stop_cluster "$REPLICA"
        ;;
    start-replica)
        start_cluster "$REPLICA"
        ;;
    status)
        for dir in "$PRIMARY" "$REPLICA"; do
            if [ -d "$dir" ] && running "$dir"; then state=running; else state=stopped; fi
            echo "$(basename "$dir"): $state"
        done
        if running "$PRIMARY"; then
            psql_primary -F ' ' -c "select 'streaming to ' || application_name || ': ' || state
                || ', replay lag ' || coalesce(replay_lag::text, '0')
                || ', ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes behind'
                from pg_stat_replication"
        fi
        ;;
    destroy)
        stop_cluster "$REPLICA"
        stop_cluster "$PRIMARY"
        rm -rf "$PRIMARY" "$REPLICA" "$PRIMARY.log" "$REPLICA.log"
        ;;
    *)
        echo "usage: $0 start|stop|status|stop-replica|start-replica|destroy" >&2
        exit 2
        ;;
esac
