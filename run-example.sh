#!/usr/bin/env bash
# The main job: the Redis notes example. See browserstate-examples/run-example.sh for the options.
exec "$(dirname "$0")/browserstate-examples/run-example.sh" "$@"
