#!/usr/bin/env bash
# Runs a rulectl command that prints Markdown and appends that to the job summary. When rulectl stops before printing
# anything (a usage, configuration, I/O or sign-in error), the summary says so and quotes its error: a blank summary
# explains nothing. Both streams still reach the step log as they come. Exits with the command's status.
# Usage: summary.sh TITLE COMMAND [ARGUMENT...]
set -uo pipefail
title=$1
shift
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# Plain pipes rather than >(…) so both copies are complete when the command's status is known; tee -i keeps them
# open through a cancellation's SIGINT, which rulectl deploy answers by finishing and reporting what it applied.
{ { "$@" | tee -i "$out"; } 2>&1 >&3 | tee -i "$err" >&2; } 3>&1
status=$?
if [ -s "$out" ] || [ "$status" -eq 0 ]; then
  cat "$out" >> "$GITHUB_STEP_SUMMARY"
else
  quoted=$(tail -n 40 "$err")
  # A fence closes only on a run of backticks at least as long as it: one longer than any run in the text cannot.
  longest=$(grep -o '`\+' <<< "$quoted" | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')
  fence='```'
  while [ "${#fence}" -le "$longest" ]; do fence+='`'; done
  {
    printf '### %s\n\n❌ rulectl stopped (exit code %s) before writing its report:\n\n%stext\n' "$title" "$status" "$fence"
    printf '%s\n' "$quoted"
    printf '%s\n' "$fence"
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
