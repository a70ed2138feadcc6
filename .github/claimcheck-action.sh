#!/usr/bin/env bash
# The check step of action.yml: run the gate with the action's inputs (given as
# CLAIMCHECK_* environment variables), write the SARIF log when asked, set the
# step's outputs, and decide whether the step fails.
set -uo pipefail

read -r -d "" -a articles <<< "${CLAIMCHECK_ARTICLES:-}" || true
read -r -d "" -a rule_paths <<< "${CLAIMCHECK_RULES:-}" || true
read -r -d "" -a extra <<< "${CLAIMCHECK_ARGS:-}" || true
rules=()
for path in "${rule_paths[@]}"; do
    rules+=(--rules "$path")
done
if [ "${#articles[@]}" -eq 0 ]; then
    echo "::error title=claimcheck::the 'articles' input names no article"
    exit 2
fi

sarif="${CLAIMCHECK_SARIF:-}"
if [ -n "$sarif" ]; then
    # First, so that the annotated run below finds the compiled rules cached.
    # Its problems are the same; its messages on standard error would repeat.
    claimcheck check "${articles[@]}" "${rules[@]}" "${extra[@]}" --format sarif > "$sarif.tmp" 2> /dev/null
    mv "$sarif.tmp" "$sarif"
fi

claimcheck check "${articles[@]}" "${rules[@]}" "${extra[@]}" --format "${CLAIMCHECK_FORMAT:-github}"
code=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$code" >> "$GITHUB_OUTPUT"
    echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
fi
if [ "$code" -eq 1 ] && [ "${CLAIMCHECK_FAIL:-true}" = "false" ]; then
    exit 0
fi
exit "$code"
